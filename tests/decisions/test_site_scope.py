"""Major decisions in the site group (portal.sites): each site shows its own governments'
catalogs, decisions, downloads, feed and API; another site's catalog or decision answers with
a 301 to the site that shows it."""

from __future__ import annotations

import json

import pytest

from django.utils import timezone

from decisions.feeds import DecisionStepFeed
from decisions.models import Decision, DecisionCatalog, DecisionStep, StepKind
from portal.models import StaffRole
from publishing.models import ReviewResult, Status
from tests.decisions.conftest import YEAR, make_catalog, make_step
from tests.factories import staff
from tests.site_group import CITY_HOST, COUNTY_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db

CITY_TITLE = "丽水市第1项重大行政决策"
COUNTY_TITLE = "缙云县城区停车设施建设规划"
SIBLING_TITLE = "青田县侨乡进口商品城规划"


def _public(obj: DecisionCatalog | DecisionStep) -> None:
    type(obj).objects.filter(pk=obj.pk).update(
        status=Status.PUBLISHED, review_result=ReviewResult.CLEAR, published_at=timezone.now()
    )


def _catalog(agency, title: str) -> DecisionCatalog:
    drafter = staff(f"drafter_{agency.code}", agency, StaffRole.Role.DRAFTER)
    catalog = make_catalog(agency, drafter, {"title": title})
    _public(catalog)
    decision = Decision.objects.select_related("catalog").get(catalog=catalog)
    _public(make_step(decision, StepKind.PRE_DISCLOSURE, drafter))
    return catalog


@pytest.fixture
def catalogs(group_sites, agency_a, jinyun, qingtian) -> dict[str, DecisionCatalog]:
    return {
        "city": _catalog(agency_a, CITY_TITLE),
        "county": _catalog(jinyun, COUNTY_TITLE),
        "sibling": _catalog(qingtian, SIBLING_TITLE),
    }


def _decision(catalog: DecisionCatalog) -> Decision:
    return catalog.decisions.get()


def test_the_county_lists_its_own_catalog_only(client, catalogs):
    text = page(client, "/decisions/", COUNTY_HOST)
    assert "缙云县人民政府" in text
    assert "青田县人民政府" not in text and "丽水市人民政府" not in text


def test_the_city_lists_its_counties_catalogs(client, catalogs):
    text = page(client, "/decisions/", CITY_HOST)
    assert "缙云县人民政府" in text and "丽水市人民政府" in text


def test_another_sites_government_is_neither_offered_nor_applied(client, catalogs, agency_a):
    text = page(client, f"/decisions/?agency={agency_a.code}", COUNTY_HOST)
    assert f'value="{agency_a.code}"' not in text
    assert "缙云县人民政府" in text  # the filter is ignored: the site's catalogs


def test_another_sites_catalog_moves_to_its_site(client, catalogs, agency_a):
    path = f"/decisions/catalog/{agency_a.code}/{YEAR}/"
    response = client.get(path, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{CITY_HOST}{path}"
    response = client.get(f"{path}decisions.csv", HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{CITY_HOST}{path}decisions.csv"


def test_the_city_shows_a_countys_catalog(client, catalogs, jinyun):
    assert COUNTY_TITLE in page(client, f"/decisions/catalog/{jinyun.code}/{YEAR}/", CITY_HOST)


def test_another_sites_decision_moves_to_its_site(client, catalogs):
    path = f"/decisions/{_decision(catalogs['sibling']).pk}/"
    response = client.get(path, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}{path}"
    assert COUNTY_TITLE in page(
        client, f"/decisions/{_decision(catalogs['county']).pk}/", CITY_HOST
    )


def test_the_downloads_hold_the_sites_decisions(client, catalogs):
    csv_text = body(client.get("/data/major-decisions.csv", HTTP_HOST=COUNTY_HOST))
    assert COUNTY_TITLE in csv_text
    assert SIBLING_TITLE not in csv_text and CITY_TITLE not in csv_text
    rows = json.loads(body(client.get("/data/major-decisions.json", HTTP_HOST=CITY_HOST)))
    assert {row["title"] for row in rows} == {CITY_TITLE, COUNTY_TITLE, SIBLING_TITLE}


def test_the_feed_holds_the_sites_steps(client, catalogs, monkeypatch):
    # One item: the sibling's newer step must not crowd out the county's.
    monkeypatch.setattr(DecisionStepFeed, "length", 1)
    feed = page(client, "/feeds/decisions.atom", COUNTY_HOST)
    assert COUNTY_TITLE in feed
    assert SIBLING_TITLE not in feed and CITY_TITLE not in feed


def test_the_api_lists_the_sites_decisions(client, catalogs):
    titles = {
        item["title"]
        for item in client.get("/api/v1/major-decisions/", HTTP_HOST=COUNTY_HOST).json()["results"]
    }
    assert titles == {COUNTY_TITLE}
    asked = client.get(f"/api/v1/major-decisions/?site={SIBLING_HOST}", HTTP_HOST=CITY_HOST)
    assert {item["title"] for item in asked.json()["results"]} == {SIBLING_TITLE}


def test_the_api_has_no_other_sites_decision(client, catalogs):
    city = _decision(catalogs["city"]).pk
    assert client.get(f"/api/v1/major-decisions/{city}/", HTTP_HOST=COUNTY_HOST).status_code == 404
    county = _decision(catalogs["county"]).pk
    assert client.get(f"/api/v1/major-decisions/{county}/", HTTP_HOST=CITY_HOST).status_code == 200


def test_without_sites_every_catalog_is_listed(client, agency_a, jinyun):
    _catalog(agency_a, CITY_TITLE)
    _catalog(jinyun, COUNTY_TITLE)
    text = page(client, "/decisions/", "testserver")
    assert "缙云县人民政府" in text and "丽水市人民政府" in text
    assert client.get(f"/decisions/{Decision.objects.get(title=CITY_TITLE).pk}/").status_code == 200
