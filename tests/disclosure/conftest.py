from __future__ import annotations

import datetime as dt

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from disclosure import documents, screening
from disclosure.models import Document, LegalGround, NegativeCategory, NegativeListEntry
from publishing import workflow
from publishing.models import ReviewResult

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name: str = "附件一.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_draft(agency, drafter, **fields) -> Document:
    values = {
        "agency": agency,
        "title": "关于做好2026年政务公开工作的通知",
        "date_formed": timezone.localdate(),  # never late, whatever day the tests run
        "body": "<p>各县（市、区）人民政府：现将有关事项通知如下。</p>",
        **fields,
    }
    return documents.document_save(document=Document(**values), user=drafter)


def screen(document: Document, user, django_capture_on_commit_callbacks) -> None:
    """Run the screening to the end, as the Celery worker would."""
    with django_capture_on_commit_callbacks(execute=True):
        screening.screening_start(document=document, user=user)


def publish(document, *, drafter, reviewer, publisher, capture) -> Document:
    with capture(execute=True):
        workflow.submit(obj=document, user=drafter)
    workflow.approve(obj=document, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=document, user=publisher)


@pytest.fixture
def negative_entry_a(agency_a):
    return NegativeListEntry.objects.create(
        agency=agency_a,
        category=NegativeCategory.RIGHTS,
        legal_ground=LegalGround.THIRD_PARTY,
        matter="救助对象的身份证号码和银行账号",
        basis="《中华人民共和国政府信息公开条例》第十五条",
        keywords="低保名单明细",
        effective_date=dt.date(2026, 1, 1),
    )
