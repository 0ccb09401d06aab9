"""Import batches: a reviewer approves a whole batch on one confirmation page listing its
documents and their screening, through each document's own workflow step, or nothing when any
document cannot be approved; the publisher publishes it the same way. Historical documents are
marked on their public page, and the catalog and the API filter them."""

from __future__ import annotations

import datetime as dt

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from disclosure.backlog import batches
from disclosure.models import Document, ImportBatch, ScreeningHit
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.backlog_files import GOOD_ROWS, HEAD, PDF_BYTES, import_backlog
from tests.disclosure.conftest import make_draft
from tests.factories import staff

pytestmark = pytest.mark.django_db

PHONE_ROW = ["3", "2003年低保对象名单的公示", "", "", "2003-01-05", "2003-01-08", "", "", "",
             "", "", "", "", "联系人电话13812345678", "名单.pdf"]  # fmt: skip


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def batch(agency_a, drafter_a, django_capture_on_commit_callbacks) -> ImportBatch:
    """Two historical documents, submitted and screened (no hits)."""
    with django_capture_on_commit_callbacks(execute=True):
        report = import_backlog(agency_a, drafter_a)
    assert report.errors == []
    return ImportBatch.objects.get(pk=report.batch_id)


@pytest.fixture
def batch_with_a_hit(agency_a, drafter_a, django_capture_on_commit_callbacks) -> ImportBatch:
    files = {"1998-03.pdf": PDF_BYTES, "2005预算.pdf": PDF_BYTES, "2005预算附表.pdf": PDF_BYTES,
             "名单.pdf": PDF_BYTES}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        report = import_backlog(agency_a, drafter_a, [*GOOD_ROWS, PHONE_ROW], files)
    assert report.errors == []
    return ImportBatch.objects.get(pk=report.batch_id)


def review_url(batch: ImportBatch) -> str:
    return reverse("admin:disclosure_importbatch_review", args=[batch.pk])


def statuses(batch: ImportBatch) -> list[str]:
    return list(batch.documents.order_by("id").values_list("status", flat=True))


def approve_page(client, batch: ImportBatch, **data):
    return client.post(
        review_url(batch), {"review_result": ReviewResult.CLEAR, "confirm": "on", **data}
    )


def test_the_confirmation_page_lists_the_documents_and_their_screening(client, batch, reviewer_a):
    client.force_login(reviewer_a)
    response = client.get(review_url(batch))
    page = response.content.decode()
    assert response.status_code == 200
    for document in batch.documents.all():
        assert document.title in page
    assert "1998-03-02 / 1998-03-05" in page
    assert page.count(reverse("admin:disclosure_document_screening", args=[
        batch.documents.first().pk]))  # fmt: skip
    assert [check.unresolved for check in response.context["checks"]] == [0, 0]
    assert response.context["step"] == batches.APPROVE


def test_a_reviewer_approves_the_whole_batch_in_one_step(client, batch, reviewer_a):
    client.force_login(reviewer_a)
    response = approve_page(client, batch, review_notes="已逐件核对原件")
    assert response.status_code == 302
    assert statuses(batch) == [Status.APPROVED, Status.APPROVED]
    for document in batch.documents.all():
        event = document.events.get(action="approve")
        assert (event.actor, event.from_status, event.to_status) == (
            reviewer_a, Status.IN_REVIEW, Status.APPROVED,
        )  # fmt: skip
        assert document.reviewer == reviewer_a
        assert document.review_notes == "已逐件核对原件"
    batch.refresh_from_db()
    assert batch.approved_by == reviewer_a


def test_an_unresolved_screening_hit_stops_the_whole_batch(client, batch_with_a_hit, reviewer_a):
    hit = ScreeningHit.objects.get(kind=ScreeningHit.Kind.MOBILE)
    client.force_login(reviewer_a)
    page = client.get(review_url(batch_with_a_hit))
    assert [check.document.title for check in page.context["blocked"]] == [
        "2003年低保对象名单的公示"
    ]
    response = approve_page(client, batch_with_a_hit)
    assert statuses(batch_with_a_hit) == [Status.IN_REVIEW] * 3  # nothing approved
    ((document, problems),) = response.context["refusals"]
    assert document == hit.run.document
    assert problems == ["发布前检查发现1处未处理的问题。"]
    assert not Document.objects.filter(events__action="approve").exists()


def test_once_the_hit_is_resolved_the_batch_is_approved(client, batch_with_a_hit, reviewer_a):
    from disclosure import screening

    hit = ScreeningHit.objects.get(kind=ScreeningHit.Kind.MOBILE)
    screening.hit_resolve(hit=hit, user=reviewer_a, resolution="办公电话，可以公开")
    client.force_login(reviewer_a)
    approve_page(client, batch_with_a_hit)
    assert statuses(batch_with_a_hit) == [Status.APPROVED] * 3


def test_a_document_returned_to_its_drafter_is_left_out_and_the_rest_approved(
    batch_with_a_hit, reviewer_a
):
    listed = ScreeningHit.objects.get().run.document
    workflow.return_to_draft(obj=listed, user=reviewer_a, note="名单含个人信息，不予导入")
    assert (
        batches.batch_approve(
            batch=batch_with_a_hit, user=reviewer_a, review_result=ReviewResult.CLEAR
        )
        == 2
    )
    assert statuses(batch_with_a_hit) == [Status.APPROVED, Status.APPROVED, Status.DRAFT]


def test_an_unfinished_screening_stops_the_batch(agency_a, drafter_a, reviewer_a):
    report = import_backlog(agency_a, drafter_a)  # the screening is queued, not run
    batch = ImportBatch.objects.get(pk=report.batch_id)
    with pytest.raises(batches.BatchRefused) as refused:
        batches.batch_approve(batch=batch, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert [problems for _document, problems in refused.value.refusals] == [
        ["The pre-publication screening has not finished."]
    ] * 2
    assert statuses(batch) == [Status.IN_REVIEW] * 2


def test_whoever_imported_the_batch_cannot_approve_it(agency_a, batch, drafter_a):
    from portal import access

    staff("drafter_a", agency_a, "reviewer")  # the drafter is made a reviewer too
    access.forget_roles(drafter_a)
    with pytest.raises(batches.BatchRefused) as refused:
        batches.batch_approve(batch=batch, user=drafter_a, review_result=ReviewResult.CLEAR)
    assert refused.value.refusals[0][1] == [
        "You imported this document: another reviewer must approve it."
    ]
    assert statuses(batch) == [Status.IN_REVIEW] * 2


def test_a_drafter_sees_the_batch_but_cannot_approve_it(client, batch, drafter_a):
    client.force_login(drafter_a)
    page = client.get(review_url(batch))
    assert page.status_code == 200 and page.context["form"] is None
    assert approve_page(client, batch).status_code == 403
    assert statuses(batch) == [Status.IN_REVIEW] * 2


def test_another_agency_cannot_see_or_approve_the_batch(client, batch, staff_b):
    client.force_login(staff_b)
    assert client.get(review_url(batch)).status_code == 404
    assert approve_page(client, batch).status_code == 404
    assert statuses(batch) == [Status.IN_REVIEW] * 2
    assert (
        batch.spreadsheet_name
        not in client.get(reverse("admin:disclosure_importbatch_changelist")).content.decode()
    )


def test_the_publisher_publishes_the_batch_with_its_own_dates_and_years(
    client, batch, reviewer_a, publisher_a
):
    batches.batch_approve(batch=batch, user=reviewer_a, review_result=ReviewResult.CLEAR)
    client.force_login(publisher_a)
    assert client.get(review_url(batch)).context["step"] == batches.PUBLISH
    response = client.post(review_url(batch), {"confirm": "on"})
    assert response.status_code == 302
    education, budget = batch.documents.order_by("id")
    assert (education.status, education.date_published, education.index_number) == (
        Status.PUBLISHED, dt.date(1998, 3, 5), "331100000/1998-00001",
    )  # fmt: skip
    assert (budget.date_published, budget.index_number) == (
        dt.date(2005, 6, 10), "331100000/2005-00001",
    )  # fmt: skip
    assert budget.events.get(action="publish").actor == publisher_a
    assert client.get(review_url(batch)).context["step"] is None


def test_a_reviewer_cannot_publish(batch, reviewer_a):
    from django.core.exceptions import PermissionDenied

    batches.batch_approve(batch=batch, user=reviewer_a, review_result=ReviewResult.CLEAR)
    with pytest.raises(PermissionDenied):
        batches.batch_publish(batch=batch, user=reviewer_a)
    assert statuses(batch) == [Status.APPROVED] * 2


def test_the_overview_agrees_with_the_screening_one_document_at_a_time(
    batch_with_a_hit, agency_a, drafter_a
):
    from disclosure import screening

    stale = batch_with_a_hit.documents.order_by("id").first()
    Document.objects.filter(pk=stale.pk).update(updated_at=timezone.now())  # edited since
    unscreened = make_draft(agency_a, drafter_a, title="从未检查的文件")
    documents = [*Document.objects.filter(import_batch=batch_with_a_hit), unscreened]
    overview = screening.screening_overview(documents)
    for document in documents:
        assert overview[document.pk].current == screening.screening_is_current(document)
        assert overview[document.pk].unresolved == screening.unresolved_hits(document).count()
        assert overview[document.pk].run == screening.latest_run(document)
    assert [overview[d.pk].current for d in documents].count(False) == 2


def test_the_confirmation_page_reads_as_many_queries_for_a_larger_batch(
    client, agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    def queries(rows: int) -> int:
        table = [HEAD] + [
            [str(n), f"第{n}号文件", "", "", "2001-04-02", "2001-04-09", "", "", "", "", "",
             "", "", "", f"{rows}-{n}.pdf"]
            for n in range(rows)
        ]  # fmt: skip
        files = {f"{rows}-{n}.pdf": PDF_BYTES for n in range(rows)}
        with django_capture_on_commit_callbacks(execute=True):
            report = import_backlog(agency_a, drafter_a, table, files)
        client.force_login(reviewer_a)
        # What every request shares (the session, the site's host table, and what the import's
        # change of the content retired) is read before counting.
        client.get(review_url(ImportBatch.objects.get(pk=report.batch_id)))
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(review_url(ImportBatch.objects.get(pk=report.batch_id))).status_code
                == 200
            )
        return len(captured)

    assert queries(2) == queries(6)


# --- The public side --------------------------------------------------------------------------


@pytest.fixture
def published_batch(batch, reviewer_a, publisher_a, django_capture_on_commit_callbacks):
    batches.batch_approve(batch=batch, user=reviewer_a, review_result=ReviewResult.CLEAR)
    with django_capture_on_commit_callbacks(execute=True):
        batches.batch_publish(batch=batch, user=publisher_a)
    return batch


def test_the_public_page_says_it_is_a_historical_document(client, published_batch):
    document = published_batch.documents.order_by("id").first()
    client.cookies["django_language"] = "en"
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Historical document" in page
    assert "1998-03-05" in page or "March 5, 1998" in page


def test_the_catalog_filters_historical_documents(
    client, published_batch, agency_a, drafter_a, reviewer_a, publisher_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from tests.disclosure.conftest import make_draft, publish

    current = publish(
        make_draft(agency_a, drafter_a, title="今年的通知"),
        drafter=drafter_a, reviewer=reviewer_a, publisher=publisher_a,
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    client.cookies["django_language"] = "en"
    everything = client.get(reverse("disclosure:catalog"))
    assert everything.context["page"].paginator.count == 3
    assert "Historical documents" in everything.content.decode()  # the facet, with its count
    only = client.get(reverse("disclosure:catalog"), {"historical": "1"})
    titles = [document.title for document in only.context["page"].object_list]
    assert sorted(titles) == sorted(published_batch.documents.values_list("title", flat=True))
    assert current.title not in titles

    api = client.get("/api/v1/documents/", {"historical": "1"}).json()
    assert {row["is_historical"] for row in api["results"]} == {True}
    assert len(api["results"]) == 2
    assert len(client.get("/api/v1/documents/").json()["results"]) == 3


def test_the_catalog_ignores_a_malformed_historical_filter(client, published_batch):
    response = client.get(reverse("disclosure:catalog"), {"historical": "yes"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    assert "historical" in response.context["filters"].ignored


def test_a_spreadsheet_without_rows_is_refused_and_every_file_is_left_over(agency_a, drafter_a):
    report = import_backlog(agency_a, drafter_a, [HEAD])
    assert report.messages() == [
        "表头下面没有数据行。",
        "压缩包中的「1998-03.pdf」没有对应的行。",
        "压缩包中的「2005预算.pdf」没有对应的行。",
        "压缩包中的「2005预算附表.pdf」没有对应的行。",
    ]
    assert not ImportBatch.objects.exists()
