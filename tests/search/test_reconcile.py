"""When the broker is down nothing is lost: the change is saved, its row stays stale, and the
periodic reconciliation brings the index up to date."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from kombu.exceptions import OperationalError

from disclosure.models import CatalogDomain, CatalogItem, Document, NegativeListEntry
from portal import tasks
from portal.search import indexing
from publishing import workflow
from tests.search.conftest import indexed_keys, keys, published_document, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.index_items, "delay", refuse)


def is_stale(document: Document) -> bool:
    document.refresh_from_db()
    return document.indexed_at is None or document.indexed_at < document.updated_at


def test_publishing_with_the_broker_down_saves_and_leaves_the_document_stale(
    publish_now, broker_down, caplog
):
    with caplog.at_level(logging.WARNING, logger="portal.search.indexing"):
        document = publish_now(title="停电期间发布的通知")
    assert Document.objects.get(pk=document.pk).status == "published"
    assert is_stale(document)
    assert search("停电期间发布的通知").total == 0
    assert "broker is unavailable" in caplog.text


def test_reconciliation_indexes_what_the_broker_outage_missed(publish_now, broker_down):
    document = publish_now(title="停电期间发布的通知")
    tasks.reconcile_index.delay()
    assert keys(search("停电期间发布的通知")) == [f"document:{document.pk}"]
    assert not is_stale(document)


def test_reconciliation_removes_a_withdrawal_the_broker_outage_missed(
    publish_now, publisher_a, broker_down, django_capture_on_commit_callbacks
):
    document = publish_now(title="停电期间撤回的通知")
    indexing.index_keys([f"document:{document.pk}"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(obj=document, user=publisher_a, reason="已废止")
    assert search("停电期间撤回的通知").total == 1  # stale until reconciled
    tasks.reconcile_index.delay()
    assert search("停电期间撤回的通知").total == 0


def test_reconciliation_leaves_fresh_items_alone(agency_a):
    document = published_document(agency_a)
    indexing.index_keys([f"document:{document.pk}"])
    assert indexing.reconcile().indexed == 0


def test_reconciliation_adds_a_negative_list_entry_once_it_comes_into_force(agency_a):
    today = dt.date.today()
    entry = NegativeListEntry.objects.create(
        agency=agency_a, category="internal", legal_ground="internal_affairs",
        matter="机关食堂采购明细", basis="《中华人民共和国政府信息公开条例》第十六条",
        effective_date=today + dt.timedelta(days=1),
    )  # fmt: skip
    indexing.reconcile()
    assert f"negative_list:{entry.pk}" not in indexed_keys()
    # The day comes: nothing about the row changes, yet it is now in force.
    NegativeListEntry.objects.filter(pk=entry.pk).update(effective_date=today)
    indexing.reconcile()
    assert f"negative_list:{entry.pk}" in indexed_keys()


def test_reconciliation_drops_entries_of_deleted_rows(agency_a):
    item = CatalogItem.objects.create(
        agency=agency_a, domain=CatalogDomain.objects.first(), item_level1="政府预算",
        content="预算报表及说明", responsible="财政局",
    )  # fmt: skip
    indexing.index_keys([f"catalog_item:{item.pk}"])
    CatalogItem.objects.filter(pk=item.pk).delete()
    indexing.reconcile()
    assert f"catalog_item:{item.pk}" not in indexed_keys()
