"""Art 26 timeliness: late documents are listed and their agency's publishers e-mailed."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core import mail

from disclosure import tasks, timeliness
from disclosure.models import Document
from tests.disclosure.conftest import make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_document(agency_a, drafter_a):
    return make_draft(
        agency_a, drafter_a, title="逾期未公开的方案", date_formed=dt.date(2026, 9, 1)
    )


def test_a_draft_past_20_working_days_is_late(late_document):
    # Formed 1 Sep 2026: due 20 working days later, before the National Day holiday ends.
    assert late_document.publish_due == dt.date(2026, 9, 29)
    assert list(timeliness.late_documents(Document.objects.all(), dt.date(2026, 9, 30))) == [
        late_document
    ]
    assert not timeliness.late_documents(Document.objects.all(), dt.date(2026, 9, 29)).exists()


def test_documents_due_soon_are_listed_separately(late_document):
    soon = timeliness.approaching_documents(Document.objects.all(), dt.date(2026, 9, 24))
    assert list(soon) == [late_document]


def test_publishers_of_the_agency_get_a_digest(late_document, publisher_a, staff_b):
    publisher_a.email = "publisher@lishui.example.gov.cn"
    publisher_a.save()
    staff_b.email = "b@hangzhou.example.gov.cn"
    staff_b.save()
    assert tasks.send_late_digests.delay().get() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["publisher@lishui.example.gov.cn"]
    assert "逾期未公开的方案" in message.body
    assert "2026-09-29" in message.body
    assert "逾期未公开的方案" in message.alternatives[0][0]


def test_no_digest_when_nothing_is_late(agency_a, drafter_a, publisher_a):
    publisher_a.email = "publisher@lishui.example.gov.cn"
    publisher_a.save()
    make_draft(agency_a, drafter_a)
    assert tasks.send_late_digests.delay().get() == 0
    assert mail.outbox == []
