"""Budgets and final accounts in the site group (portal.sites): each site's column, filters,
feed and API show its own agencies' disclosures; another site's disclosure or document answers
with a 301 to the site that shows it."""

from __future__ import annotations

import pytest

from django.utils import timezone

from budgets.feeds import BudgetDisclosureFeed
from budgets.models import BudgetDisclosure
from portal.models import StaffRole
from publishing.models import ReviewResult, Status
from tests.budgets.conftest import draft
from tests.factories import staff
from tests.site_group import CITY_HOST, COUNTY_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db


def _published(agency, note: str) -> BudgetDisclosure:
    drafter = staff(f"drafter_{agency.code}", agency, StaffRole.Role.DRAFTER)
    disclosure = draft(agency, drafter, description=note)
    BudgetDisclosure.objects.filter(pk=disclosure.pk).update(
        status=Status.PUBLISHED, review_result=ReviewResult.CLEAR, published_at=timezone.now()
    )
    return disclosure


@pytest.fixture
def disclosures(group_sites, agency_a, jinyun, qingtian) -> dict[str, BudgetDisclosure]:
    return {
        "city": _published(agency_a, "丽水市本级预算说明"),
        "county": _published(jinyun, "缙云县本级预算说明"),
        "sibling": _published(qingtian, "青田县本级预算说明"),
    }


@pytest.mark.parametrize("tab", ["", "?tab=department-budget", "?year=2026"])
def test_the_county_lists_its_own_disclosures_only(client, disclosures, tab):
    text = page(client, f"/budgets/{tab}", COUNTY_HOST)
    assert f"/budgets/{disclosures['county'].pk}/" in text
    assert f"/budgets/{disclosures['city'].pk}/" not in text
    assert f"/budgets/{disclosures['sibling'].pk}/" not in text
    assert "丽水市人民政府" not in text and "青田县人民政府" not in text


def test_the_city_lists_its_counties_disclosures(client, disclosures):
    text = page(client, "/budgets/", CITY_HOST)
    assert f"/budgets/{disclosures['county'].pk}/" in text
    assert f"/budgets/{disclosures['city'].pk}/" in text


def test_another_sites_agency_is_neither_offered_nor_applied(client, disclosures, agency_a):
    text = page(client, f"/budgets/?agency={agency_a.code}", COUNTY_HOST)
    assert f'value="{agency_a.code}"' not in text
    assert f"/budgets/{disclosures['county'].pk}/" in text


def test_another_sites_disclosure_moves_to_its_site(client, disclosures):
    sibling = disclosures["sibling"]
    for path in (f"/budgets/{sibling.pk}/", f"/budgets/files/{sibling.attachments.get().pk}/"):
        response = client.get(path, HTTP_HOST=COUNTY_HOST)
        assert response.status_code == 301
        assert response["Location"] == f"http://{SIBLING_HOST}{path}"
    assert "缙云县本级预算说明" in page(client, f"/budgets/{disclosures['county'].pk}/", CITY_HOST)


def test_the_feed_holds_the_sites_disclosures(client, disclosures, monkeypatch):
    # One item: the sibling's newer disclosure must not crowd out the county's.
    monkeypatch.setattr(BudgetDisclosureFeed, "length", 1)
    feed = page(client, "/feeds/budgets.atom", COUNTY_HOST)
    assert "缙云县本级预算说明" in feed
    assert "丽水市本级预算说明" not in feed and "青田县本级预算说明" not in feed


def test_the_downloads_and_api_hold_the_sites_disclosures(client, disclosures):
    csv_text = body(client.get("/data/budget-totals.csv", HTTP_HOST=COUNTY_HOST))
    assert "缙云县人民政府" in csv_text and "丽水市人民政府" not in csv_text
    found = client.get("/api/v1/budgets/", HTTP_HOST=COUNTY_HOST).json()["results"]
    assert [item["id"] for item in found] == [disclosures["county"].pk]
    asked = client.get(f"/api/v1/budgets/?site={SIBLING_HOST}", HTTP_HOST=CITY_HOST)
    assert [item["id"] for item in asked.json()["results"]] == [disclosures["sibling"].pk]
    city = disclosures["city"].pk
    assert client.get(f"/api/v1/budgets/{city}/", HTTP_HOST=COUNTY_HOST).status_code == 404
