"""Index numbers of historical documents: taken in the sequence of the year each was published
(a 1998 document gets a 1998 number, never one of this year), never one another document
holds, and the document keeps its own 发布日期 through the publishing workflow."""

from __future__ import annotations

import datetime as dt

import pytest

from django.utils import timezone

from disclosure.index_numbers import index_number_assign
from disclosure.models import Document, IndexSequence
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft

pytestmark = pytest.mark.django_db


def historical(agency, drafter, published: dt.date, **fields) -> Document:
    document = Document(
        agency=agency,
        title=fields.pop("title", f"{published.year}年的通知"),
        date_formed=published - dt.timedelta(days=3),
        body="<p>通知如下。</p>",
        is_historical=True,
        date_published=published,
        **fields,
    )
    from disclosure import documents

    return documents.document_save(document=document, user=drafter)


def publish(document, drafter, reviewer, publisher, capture) -> Document:
    with capture(execute=True):
        workflow.submit(obj=document, user=drafter)
    workflow.approve(obj=document, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=document, user=publisher)


def test_a_1998_document_gets_the_first_1998_number_and_keeps_its_date(
    agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    today_document = publish(
        make_draft(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    old = publish(
        historical(agency_a, drafter_a, dt.date(1998, 3, 5)),
        drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert old.status == Status.PUBLISHED
    assert old.date_published == dt.date(1998, 3, 5)
    assert old.index_number == "331100000/1998-00001"
    year = timezone.localdate().year
    assert today_document.index_number == f"331100000/{year}-00001"
    assert dict(IndexSequence.objects.values_list("year", "last")) == {year: 1, 1998: 1}


def test_each_year_has_its_own_sequence(
    agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    numbers = [
        publish(
            historical(agency_a, drafter_a, day, title=f"第{n}号"),
            drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks,
        ).index_number
        for n, day in enumerate(
            [dt.date(1998, 3, 5), dt.date(2005, 6, 10), dt.date(1998, 11, 20)], start=1
        )
    ]  # fmt: skip
    assert numbers == ["331100000/1998-00001", "331100000/2005-00001", "331100000/1998-00002"]


def test_a_number_another_document_holds_is_skipped(agency_a, drafter_a):
    # An earlier document carries 1998-00001 although the sequence never handed it out (it
    # came from an earlier site, say).
    Document.objects.create(
        agency=agency_a, title="旧网站的文件", date_formed=dt.date(1998, 1, 2),
        status=Status.PUBLISHED, date_published=dt.date(1998, 1, 5),
        index_number="331100000/1998-00001",
    )  # fmt: skip
    document = historical(agency_a, drafter_a, dt.date(1998, 3, 5))
    assert index_number_assign(document=document) == "331100000/1998-00002"
    assert IndexSequence.objects.get(year=1998).last == 2


def test_the_month_of_the_pattern_is_the_month_it_was_published(agency_a, drafter_a, settings):
    settings.DISCLOSURE_INDEX_PATTERN = "{agency_code}-{year}{month:02d}-{seq:04d}"
    document = historical(agency_a, drafter_a, dt.date(2003, 7, 1))
    assert index_number_assign(document=document) == "331100000-200307-0001"


def test_a_document_that_is_not_historical_is_dated_the_day_it_is_published(
    agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    document = make_draft(agency_a, drafter_a)
    Document.objects.filter(pk=document.pk).update(date_published=dt.date(1998, 3, 5))
    document.refresh_from_db()
    published = publish(
        document, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
    )
    assert published.date_published == timezone.localdate()
