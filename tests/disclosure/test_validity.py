"""Validity: the daily task switches documents whose expiry date has passed."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import PermissionDenied

from disclosure import tasks, validity
from disclosure.models import Document, DocumentEvent, Validity
from publishing.models import Status

pytestmark = pytest.mark.django_db


def published(agency, title, expiry):
    return Document.objects.create(
        agency=agency, title=title, date_formed=dt.date(2025, 1, 2),
        date_published=dt.date(2025, 1, 3), status=Status.PUBLISHED, expiry_date=expiry,
    )  # fmt: skip


def test_documents_past_their_expiry_date_become_expired(agency_a):
    old = published(agency_a, "已到期", dt.date(2026, 11, 20))
    last_day = published(agency_a, "今天到期", dt.date(2026, 11, 22))
    open_ended = published(agency_a, "长期有效", None)
    assert validity.expire_due_documents(today=dt.date(2026, 11, 22)) == 1
    assert Document.objects.get(pk=old.pk).validity == Validity.EXPIRED
    # The expiry date is the last day in force.
    assert Document.objects.get(pk=last_day.pk).validity == Validity.VALID
    assert Document.objects.get(pk=open_ended.pk).validity == Validity.VALID
    assert DocumentEvent.objects.filter(document=old, action="expire", actor=None).exists()


def test_the_expiry_task_is_safe_to_run_twice(agency_a):
    published(agency_a, "已到期", dt.date(2020, 1, 1))
    assert tasks.expire_documents.delay().get() == 1
    assert tasks.expire_documents.delay().get() == 0
    assert DocumentEvent.objects.filter(action="expire").count() == 1


def test_publisher_marks_a_document_repealed_with_its_replacement(agency_a, publisher_a):
    old = published(agency_a, "旧办法", None)
    new = published(agency_a, "新办法", None)
    validity.document_set_validity(
        document=old, user=publisher_a, validity=Validity.REPEALED, replaced_by=new
    )
    old.refresh_from_db()
    assert old.validity == Validity.REPEALED and old.replaced_by == new


def test_staff_of_another_agency_cannot_change_validity(agency_a, staff_b):
    document = published(agency_a, "办法", None)
    with pytest.raises(PermissionDenied):
        validity.document_set_validity(document=document, user=staff_b, validity="repealed")
