"""A site group at two sizes (issue 21, "operations at the scale of a province"): the queries
of each public page of one site do not grow with the number of sites and agencies.

The group is built small (3 sites, 10 agencies) and counted, then grown to 12 sites and 60
agencies (the counted site gains agencies of its own too) and counted again. Each page is
counted cold (the shared cache emptied first: the host table, agency tree, facets, the API's
shared lists all read again) and warm (the same request again). The page cache is off in the
tests (``PAGE_CACHE_SECONDS = 0``), so every request renders its page.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.models import Document
from portal import sites
from portal.models import Agency, AgencyKind, AgencyLevel, Site
from publishing.models import Status as DocumentStatus
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

PROVINCE_HOST = "zj.localhost"
CITY_HOST = "lishui.localhost"

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]


def published(agency: Agency, count: int = 2) -> list[Document]:
    documents = []
    for _ in range(count):
        number = next(_numbers)
        documents.append(
            Document.objects.create(
                agency=agency,
                title=f"{agency.name}关于第{number}项工作的通知",
                index_number=f"{agency.code}/2026-{number:05d}",
                date_formed=dt.date(2026, 6, 1),
                date_published=dt.date(2026, 6, 5),
                status=DocumentStatus.PUBLISHED,
            )
        )
    return documents


def department(parent: Agency) -> Agency:
    number = next(_numbers)
    agency = AgencyFactory(
        parent=parent,
        name=f"{parent.name}第{number}局",
        code=f"9{number:08d}",
        level=AgencyLevel.COUNTY,
        kind=AgencyKind.DEPARTMENT,
    )
    published(agency)
    return agency


class Group:
    """A province's portal, 丽水市's site (the one counted) and other cities' sites."""

    def __init__(self, province: Agency, city: Agency) -> None:
        self.province = province
        self.city = city
        self.cities = [city]
        published(province)
        published(city)
        sites.site_create(
            name="浙江省人民政府门户网站", root_agency=province, hosts=[PROVINCE_HOST]
        )
        sites.site_create(name="丽水市人民政府门户网站", root_agency=city, hosts=[CITY_HOST])
        self.document = Document.objects.filter(agency=city).first()

    def agencies(self) -> int:
        return Agency.objects.count()

    def grow(self, *, sites_total: int, agencies_total: int) -> None:
        """Other cities with sites of their own, then departments spread over every city."""
        while len(self.cities) + 1 < sites_total:
            number = next(_numbers)
            city = AgencyFactory(
                parent=self.province,
                name=f"第{number}市人民政府",
                code=f"8{number:08d}",
                level=AgencyLevel.CITY,
                kind=AgencyKind.GOVERNMENT,
            )
            published(city)
            sites.site_create(
                name=f"第{number}市人民政府门户网站",
                root_agency=city,
                hosts=[f"c{number}.localhost"],
            )
            self.cities.append(city)
        for parent in itertools.cycle(self.cities):
            if self.agencies() >= agencies_total:
                break
            department(parent)
        sites.site_changed()


def public_pages(group: Group) -> list[str]:
    code = group.city.code
    return [
        "/",
        "/disclosure/",
        f"/disclosure/agency/{code}/",
        "/disclosure/normative/",
        f"/disclosure/documents/{group.document.pk}/",
        "/agencies/",
        f"/agencies/{code}/",
        f"/agencies/{code}/guide/",
        "/sitemap/",
        "/feeds/documents.rss",
        "/feeds/documents.atom",
        "/feeds/interpretations.rss",
        "/feeds/consultations.rss",
        "/feeds/messages.rss",
        f"/feeds/agency/{code}.rss",
        "/sitemap.xml",
        "/sitemap-documents.xml",
        "/sitemap-agencies.xml",
        "/sitemap-columns.xml",
        "/robots.txt",
        "/reports/",
        "/reports/api/",
        "/interpretation/",
        "/opendata/",
        "/requests/apply/",
        "/interaction/write/",
        "/interaction/messages/",
        "/api/v1/documents/",
        "/api/v1/agencies/",
        "/api/v1/messages/",
        "/api/v1/catalog/items/",
        f"/api/v1/documents/?site={CITY_HOST}",
    ]


def counts(client, group: Group, host: str) -> dict[str, tuple[int, int]]:
    """Per page: (queries cold, queries warm)."""
    found = {}
    for path in public_pages(group):
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200, (host, path, response.status_code)
        with CaptureQueriesContext(connection) as warm:
            client.get(path, HTTP_HOST=host)
        found[path] = (len(cold), len(warm))
    return found


@pytest.mark.parametrize("host", [CITY_HOST, PROVINCE_HOST])
def test_public_pages_read_as_many_queries_with_12_sites_and_60_agencies_as_with_3_and_10(
    client, province, agency_a, host
):
    group = Group(province, agency_a)
    group.grow(sites_total=3, agencies_total=10)
    assert (sites_count(), group.agencies()) == (3, 10)
    small = counts(client, group, host)

    group.grow(sites_total=12, agencies_total=60)
    assert (sites_count(), group.agencies()) == (12, 60)
    # The counted site has departments of its own now, with documents.
    assert Agency.objects.filter(path__startswith=agency_a.path).count() > 3
    large = counts(client, group, host)

    grown = {path: (small[path], large[path]) for path in small if small[path] != large[path]}
    assert grown == {}, "(cold, warm) queries at 3 sites / 10 agencies → at 12 / 60"


def sites_count() -> int:
    return Site.objects.filter(is_active=True).count()
