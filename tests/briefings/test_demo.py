"""The demo's conferences for 丽水: a press conference held on 丽委办发〔2016〕81号 with its
published transcript, a picture (a valid PNG drawn in code), the document and an interpretation
linked; a 政策吹风会 announced ahead; loading twice adds nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import filetype
import pytest

from django.utils import timezone

from briefings import demo
from briefings.models import Conference, ConferenceMedia, Kind
from disclosure.models import Document
from portal import demo as portal_demo
from portal.models import Agency
from publishing.models import Status

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_past_conference_and_an_announcement_once(client):
    portal_demo.load(StringIO())
    plan = Document.objects.create(
        agency=Agency.objects.get(code=demo.LISHUI_OFFICE),
        title="关于全面推进政务公开工作的实施方案", doc_number=demo.PLAN_NUMBER,
        date_formed=dt.date(2016, 12, 5), date_published=dt.date(2016, 12, 5),
        status=Status.PUBLISHED, published_at=timezone.now(), index_number="331100001/2016-00081",
    )  # fmt: skip
    demo.load(StringIO())
    demo.load(StringIO())
    assert Conference.objects.published().count() == 2
    held = Conference.objects.get(kind=Kind.PRESS_CONFERENCE)
    assert list(held.documents.all()) == [plan]
    assert held.interpretations.get().documents.get() == plan
    picture = ConferenceMedia.objects.get()
    assert filetype.guess(picture.file.read()).mime == "image/png"
    page = client.get(held.get_absolute_url()).content.decode()
    assert "丽水市人民政府新闻发言人" in page and 'id="transcript-1">发布内容<' in page
    assert picture.alt_text in page
    announced = Conference.objects.get(kind=Kind.POLICY_BRIEFING)
    assert announced.phase() == "upcoming"
    assert (
        "丽水市城乡居民最低生活保障标准调整政策吹风会" in client.get("/briefings/").content.decode()
    )
