"""What must never reach the index: drafts, withdrawn bodies, applicants' requests and their
personal data, staff-only screening keywords."""

from __future__ import annotations

import datetime as dt

import pytest

from django.apps import apps

from disclosure.models import Document, NegativeListEntry
from portal.search import indexing, registry
from publishing.models import Status
from requests_app.models import Channel, InformationRequest
from requests_app.models import Status as RequestStatus
from tests.requests_app.test_handling_admin import applicant
from tests.search.conftest import indexed_keys, published_document, search

pytestmark = pytest.mark.django_db


def test_no_model_of_the_requests_app_is_registered():
    request_models = set(apps.get_app_config("requests_app").get_models())
    registered = {definition.model for definition in registry.definitions()}
    assert registered
    assert not request_models & registered


def test_requests_and_applicants_data_are_found_neither_on_the_page_nor_the_api(client, agency_a):
    InformationRequest.objects.create(
        agency=agency_a, tracking_number="2026-900001", access_code_hash="-",
        channel=Channel.ONLINE, status=RequestStatus.IN_PROGRESS,
        received_on=dt.date(2026, 9, 9), due_date=dt.date(2026, 10, 13), **applicant(),
    )  # fmt: skip
    published_document(agency_a)
    indexing.rebuild()
    indexing.reconcile()
    assert all(
        key.startswith(("document:", "catalog_item:", "negative_list:")) for key in indexed_keys()
    )
    for q in ("城市道路改造项目", "王某某", "2026-900001"):
        assert client.get("/search/", {"q": q}).context["results"].total == 0
        assert client.get("/api/v1/search/", {"q": q}).json()["total"] == 0


def test_a_withdrawn_document_is_not_shown_even_before_the_index_catches_up(client, agency_a):
    document = published_document(agency_a, title="已撤回但索引未更新的通知")
    indexing.index_keys([f"document:{document.pk}"])
    Document.objects.filter(pk=document.pk).update(status=Status.WITHDRAWN)
    response = client.get("/search/", {"q": "已撤回但索引未更新的通知"})
    assert response.context["results"].hits == []
    assert "search-result" not in response.content.decode()


def test_the_screening_keywords_of_the_negative_list_are_not_indexed(negative_entry_a):
    indexing.index_keys([f"negative_list:{negative_entry_a.pk}"])
    assert search("身份证号码").total == 1  # the matter itself is public
    assert search("低保名单明细").total == 0  # its screening keyword is not


def test_an_entry_no_longer_in_force_leaves_the_index(negative_entry_a):
    indexing.index_keys([f"negative_list:{negative_entry_a.pk}"])
    NegativeListEntry.objects.filter(pk=negative_entry_a.pk).update(is_active=False)
    indexing.reconcile()
    assert f"negative_list:{negative_entry_a.pk}" not in indexed_keys()
