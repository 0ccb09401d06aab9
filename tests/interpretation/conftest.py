from __future__ import annotations

import datetime as dt
import struct

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from disclosure.models import Document
from interpretation import drafting, media
from interpretation.models import (
    Consultation,
    Interpretation,
    InterpretationMedia,
)
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft

# The smallest files their formats allow (enough for content sniffing), plus padding.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4
WEBVTT = "WEBVTT\n\n00:00.000 --> 00:02.000\n各位记者朋友，大家好。\n".encode()


def _mp4(brand: bytes) -> bytes:
    box = b"ftyp" + brand + b"\x00\x00\x02\x00" + brand + b"isom"
    return struct.pack(">I", len(box) + 4) + box + bytes(range(256)) * 8


MP4 = _mp4(b"isom")
M4A = _mp4(b"M4A ")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def approve_document(document: Document, *, drafter, reviewer, capture) -> Document:
    with capture(execute=True):  # the screening runs after the submission commits
        workflow.submit(obj=document, user=drafter)
    return workflow.approve(obj=document, user=reviewer, review_result=ReviewResult.CLEAR)


def make_interpretation(agency, drafter, documents, **fields) -> Interpretation:
    values = {
        "agency": agency,
        "title": "《关于做好2026年政务公开工作的通知》政策解读",
        "department": "市政府办公室",
        "background": "为贯彻落实《中华人民共和国政府信息公开条例》，制定本通知。",
        **fields,
    }
    interpretation = drafting.draft_save(obj=Interpretation(**values), user=drafter)
    interpretation.documents.set(documents)
    return interpretation


def approve(obj, *, drafter, reviewer):
    workflow.submit(obj=obj, user=drafter)
    return workflow.approve(obj=obj, user=reviewer, review_result=ReviewResult.CLEAR)


def add_media(interpretation, kind: str, name: str, data: bytes, **fields) -> InterpretationMedia:
    file = upload(name, data)
    info = media.inspect_media(file, kind)
    return InterpretationMedia.objects.create(
        interpretation=interpretation,
        kind=kind,
        file=file,
        original_name=info.original_name,
        content_type=info.content_type,
        size=info.size,
        **fields,
    )


def published_interpretation(agency, documents, *, when=None, **fields) -> Interpretation:
    """An interpretation as it would be after publication, without the workflow steps."""
    values = {
        "agency": agency,
        "title": "政策解读",
        "department": "市政府办公室",
        "background": "背景依据。",
        "status": Status.PUBLISHED,
        "published_at": when or timezone.now(),
        **fields,
    }
    interpretation = Interpretation.objects.create(**values)
    interpretation.documents.set(documents)
    return interpretation


def published_document(agency, title: str, day: dt.date, **fields) -> Document:
    values = {
        "agency": agency,
        "title": title,
        "date_formed": day,
        "date_published": day,
        "published_at": timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
        "status": Status.PUBLISHED,
        "body": "<p>正文。</p>",
        **fields,
    }
    return Document.objects.create(**values)


def make_consultation(agency, drafter, **fields) -> Consultation:
    today = timezone.localdate()
    values = {
        "agency": agency,
        "title": "丽水市城乡居民最低生活保障标准调整方案（征求意见稿）",
        "draft_text": "第一条 为保障城乡困难群众基本生活，制定本方案。",
        "basis": "《社会救助暂行办法》",
        "explanation": "本方案由市民政局起草。",
        "opens_on": today,
        "closes_on": today + dt.timedelta(days=29),
        **fields,
    }
    return drafting.draft_save(obj=Consultation(**values), user=drafter)


@pytest.fixture
def normative_draft(agency_a, drafter_a) -> Document:
    return make_draft(agency_a, drafter_a, title="丽水市行政规范性文件管理办法", is_normative=True)
