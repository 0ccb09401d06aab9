"""Index numbers (索引号): format, uniqueness under concurrency, never reused."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from django.db import connection, connections, transaction

from disclosure.index_numbers import format_index_number, index_number_assign
from disclosure.models import Document, IndexSequence
from publishing import workflow
from tests.disclosure.conftest import make_draft, publish


def test_default_pattern_is_agency_code_year_and_five_digits():
    assert (
        format_index_number(agency_code="000014349", year=2020, month=3, seq=72)
        == "000014349/2020-00072"
    )


def test_the_pattern_is_configurable(settings):
    settings.DISCLOSURE_INDEX_PATTERN = "{agency_code}-{year}{month:02d}-{seq:04d}"
    assert format_index_number(agency_code="ABC", year=2026, month=3, seq=7) == "ABC-202603-0007"


@pytest.mark.django_db
def test_numbers_count_up_per_agency_and_year(agency_a, agency_b):
    numbers = []
    for agency, day in [
        (agency_a, dt.date(2026, 3, 1)),
        (agency_a, dt.date(2026, 4, 1)),
        (agency_b, dt.date(2026, 4, 1)),
        (agency_a, dt.date(2027, 1, 4)),
    ]:
        document = Document.objects.create(
            agency=agency, title="t", date_formed=day, date_published=day
        )
        numbers.append(index_number_assign(document=document))
    assert numbers == [
        "331100000/2026-00001",
        "331100000/2026-00002",
        "330100000/2026-00001",
        "331100000/2027-00001",
    ]


@pytest.mark.django_db
def test_a_withdrawn_documents_number_is_never_reused(
    agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    kwargs = {"drafter": drafter_a, "reviewer": reviewer_a, "publisher": publisher_a,
                  "capture": django_capture_on_commit_callbacks}  # fmt: skip
    first = publish(make_draft(agency_a, drafter_a, title="一"), **kwargs)
    workflow.withdraw(obj=first, user=publisher_a, reason="错误发布")
    second = publish(make_draft(agency_a, drafter_a, title="二"), **kwargs)
    assert first.index_number.endswith("-00001")
    assert second.index_number.endswith("-00002")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_concurrent_publications_get_different_numbers(agency_a):
    day = dt.date(2026, 5, 6)
    ids = [
        Document.objects.create(agency=agency_a, title=f"并发{i}", date_formed=day,
                                date_published=day).pk
        for i in range(2)
    ]  # fmt: skip
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def assign(pk: int) -> None:
        try:
            with transaction.atomic():
                document = Document.objects.select_related("agency").get(pk=pk)
                barrier.wait(timeout=10)
                index_number_assign(document=document)
                document.save(update_fields=["index_number"])
        except BaseException as error:  # noqa: BLE001 - reported to the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=assign, args=(pk,)) for pk in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    numbers = sorted(Document.objects.filter(pk__in=ids).values_list("index_number", flat=True))
    assert numbers == ["331100000/2026-00001", "331100000/2026-00002"]
    assert IndexSequence.objects.get(agency=agency_a, year=2026).last == 2
