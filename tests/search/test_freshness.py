"""The index follows publication, withdrawal and validity changes, on commit, with tasks run
eagerly (as without Redis)."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from whoosh.index import LockError

from disclosure import validity
from disclosure.models import Document, Validity
from portal import tasks
from portal.search import indexing, store
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft
from tests.search.conftest import indexed_keys, keys, published_document, search

pytestmark = pytest.mark.django_db


def test_publishing_indexes_the_document(publish_now):
    document = publish_now(title="关于开展城乡环境整治的通知")
    assert keys(search("城乡环境整治")) == [f"document:{document.pk}"]


def test_publishing_marks_indexed_at_without_moving_updated_at(publish_now):
    document = publish_now()
    before = Document.objects.get(pk=document.pk)
    assert before.indexed_at is not None
    assert before.indexed_at >= document.published_at
    assert before.updated_at == document.updated_at


def test_a_draft_is_never_indexed(agency_a, drafter_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_draft(agency_a, drafter_a, title="尚未公开的草稿")
    indexing.reconcile()
    assert f"document:{draft.pk}" not in indexed_keys()
    assert search("尚未公开的草稿").total == 0


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.APPROVED])
def test_documents_in_review_are_never_indexed(agency_a, status):
    document = published_document(agency_a, title="审核中的文件")
    Document.objects.filter(pk=document.pk).update(status=status)
    indexing.index_keys([f"document:{document.pk}"])
    assert search("审核中的文件").total == 0


def test_withdrawal_removes_the_document_from_the_index(
    publish_now, publisher_a, django_capture_on_commit_callbacks
):
    document = publish_now(title="将要撤回的通知")
    assert search("将要撤回的通知").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(obj=document, user=publisher_a, reason="内容有误")
    assert search("将要撤回的通知").total == 0
    assert f"document:{document.pk}" not in indexed_keys()


def test_validity_change_reaches_the_validity_facet(
    publish_now, publisher_a, django_capture_on_commit_callbacks
):
    document = publish_now(title="关于规范行政裁量权的办法")
    with django_capture_on_commit_callbacks(execute=True):
        validity.document_set_validity(
            document=document, user=publisher_a, validity=Validity.REPEALED
        )
    assert keys(search("行政裁量权", validity=Validity.REPEALED)) == [f"document:{document.pk}"]
    assert search("行政裁量权", validity=Validity.VALID).total == 0


def test_expiry_reaches_the_validity_facet(agency_a, django_capture_on_commit_callbacks):
    document = published_document(
        agency_a, title="2025年度工作要点", expiry_date=dt.date(2025, 12, 31)
    )
    indexing.index_keys([f"document:{document.pk}"])
    with django_capture_on_commit_callbacks(execute=True):
        validity.expire_due_documents(today=dt.date(2026, 1, 1))
    assert search("工作要点", validity=Validity.EXPIRED).total == 1


def test_a_locked_index_fails_the_write_so_that_the_task_retries(
    agency_a, monkeypatch, whoosh_only
):
    document = published_document(agency_a)
    monkeypatch.setattr(indexing, "WRITE_LOCK_TIMEOUT", 0.2)
    lock = store.get_index().lock("WRITELOCK")
    assert lock.acquire()
    try:
        with pytest.raises(LockError):
            indexing.index_keys([f"document:{document.pk}"])
    finally:
        lock.release()
    assert LockError in tasks.index_items.autoretry_for
    assert Document.objects.get(pk=document.pk).indexed_at is None


def test_a_search_page_stored_before_the_worker_indexed_is_not_served_after(
    client, settings, agency_a, drafter_a, reviewer_a, publisher_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """The worker indexes a moment after the publication commits; a visitor searching in
    between gets a page without the document, and the next visitor must not be served it."""
    settings.PAGE_CACHE_SECONDS = 300
    document = make_draft(agency_a, drafter_a, title="关于开展城乡环境整治的通知")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(obj=document, user=drafter_a)
    workflow.approve(obj=document, user=reviewer_a, review_result=ReviewResult.CLEAR)
    with django_capture_on_commit_callbacks() as queued:  # the index update, not yet run
        workflow.publish(obj=document, user=publisher_a)
    for callback in queued:
        if getattr(callback, "func", None) is not indexing._send:
            callback()  # the page cache's new version, the screening: all but the worker
    link = f"/disclosure/documents/{document.pk}/"
    assert link not in page_text(client, "城乡环境整治")  # stored, without it
    for callback in queued:
        if getattr(callback, "func", None) is indexing._send:
            with django_capture_on_commit_callbacks(execute=True):
                callback()  # the worker indexes it
    assert link in page_text(client, "城乡环境整治")


def page_text(client, q: str) -> str:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    content = response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return content.decode()
