from __future__ import annotations

import datetime as dt

import pytest

from django.utils import timezone
from rest_framework.test import APIClient

from disclosure.models import CatalogDomain, CatalogItem, Document, Genre, Theme
from portal.models import AgencyKind
from publishing.models import Status
from tests.factories import AgencyFactory

_counter = iter(range(1, 10**6))


def published_document(agency, *, day: dt.date = dt.date(2026, 3, 1), **fields) -> Document:
    """A published document as the workflow leaves it (the workflow has its own tests)."""
    n = next(_counter)
    values = {
        "agency": agency,
        "title": f"关于印发政务公开工作要点的通知（{n}）",
        "date_formed": day,
        "date_published": day,
        "published_at": timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
        "status": Status.PUBLISHED,
        "index_number": f"{agency.code}/2026-{n:05d}",
        "body": "<p>现将有关事项通知如下。</p>",
        **fields,
    }
    return Document.objects.create(**values)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def county_a(agency_a):
    """An agency below agency A: its documents count as agency A's subtree."""
    return AgencyFactory(
        parent=agency_a, name="莲都区人民政府", code="331102000", kind=AgencyKind.GOVERNMENT
    )


@pytest.fixture
def theme():
    parent = Theme.objects.create(name="接口测试主题")
    return Theme.objects.create(name="接口测试子主题", parent=parent)


@pytest.fixture
def genre():
    return Genre.objects.create(name="接口测试体裁")


@pytest.fixture
def catalog_item(agency_a):
    domain = CatalogDomain.objects.create(name="接口测试领域", slug="api-test")
    return CatalogItem.objects.create(
        agency=agency_a,
        domain=domain,
        item_level1="招生入学",
        item_level2="招生政策",
        content="招生范围、招生计划",
        responsible="市教育局",
        channels=["website", "gazette"],
    )
