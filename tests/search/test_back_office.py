"""Catalog items and negative-list entries edited in the back office, or imported, reach the
index once the change commits."""

from __future__ import annotations

import pytest

from django.contrib import admin
from django.test import RequestFactory

from disclosure import catalog_io
from disclosure.models import CatalogDomain, CatalogItem, NegativeListEntry
from portal.search import indexing, store
from tests.disclosure.conftest import make_draft
from tests.disclosure.test_catalog_io import ASSISTANCE, HEADINGS, csv_file
from tests.search.conftest import indexed_keys, keys, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_request(publisher_a):
    request = RequestFactory().post("/admin/")
    request.user = publisher_a
    return request


def test_a_catalog_item_saved_in_the_admin_is_indexed(
    agency_a, staff_request, django_capture_on_commit_callbacks
):
    item = CatalogItem(
        agency=agency_a, domain=CatalogDomain.objects.first(), item_level1="政府采购意向",
        content="采购项目名称、预算金额、预计采购时间", responsible="财政局",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[CatalogItem].save_model(staff_request, item, None, change=False)
    assert keys(search("采购意向")) == [f"catalog_item:{item.pk}"]


def test_a_catalog_item_deleted_in_the_admin_leaves_the_index(
    agency_a, staff_request, django_capture_on_commit_callbacks
):
    item = CatalogItem.objects.create(
        agency=agency_a, domain=CatalogDomain.objects.first(), item_level1="政府采购意向",
        content="采购项目名称", responsible="财政局",
    )  # fmt: skip
    indexing.index_keys([f"catalog_item:{item.pk}"])
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[CatalogItem].delete_queryset(
            staff_request, CatalogItem.objects.filter(pk=item.pk)
        )
    assert f"catalog_item:{item.pk}" not in indexed_keys()


def test_a_negative_list_entry_retired_in_the_admin_leaves_the_index(
    negative_entry_a, staff_request, django_capture_on_commit_callbacks
):
    indexing.index_keys([f"negative_list:{negative_entry_a.pk}"])
    negative_entry_a.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[NegativeListEntry].save_model(
            staff_request, negative_entry_a, None, change=True
        )
    assert f"negative_list:{negative_entry_a.pk}" not in indexed_keys()


def test_an_imported_catalog_is_indexed(agency_a, publisher_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = catalog_io.catalog_import(
            agency=agency_a, user=publisher_a, filename="目录.csv",
            content=csv_file([HEADINGS, ASSISTANCE]),
        )  # fmt: skip
    assert report.imported
    assert [hit.type for hit in search("最低生活保障").hits] == ["catalog_item"]


def test_saving_a_draft_again_writes_nothing_to_the_index(agency_a, drafter_a, whoosh_only):
    draft = make_draft(agency_a, drafter_a)
    generation = store.get_index().latest_generation()
    indexing.index_keys([f"document:{draft.pk}"])
    assert store.get_index().latest_generation() == generation
