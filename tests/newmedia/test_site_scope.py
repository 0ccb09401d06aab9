"""政务新媒体 in the site group (portal.sites): each site lists its own agencies' accounts
(operating and closed), offers only its agencies, and its feed and API hold the same; another
site's account answers with a 301 to the site that shows it."""

from __future__ import annotations

import datetime as dt

import pytest

from django.utils import timezone

from newmedia.models import Account
from portal.models import StaffRole
from publishing.models import ReviewResult, Status
from tests.factories import staff
from tests.newmedia.conftest import draft
from tests.site_group import CITY_HOST, COUNTY_HOST, SIBLING_HOST, page

pytestmark = pytest.mark.django_db


def _published(agency, name: str, **fields) -> Account:
    drafter = staff(f"drafter_{agency.code}_{name}", agency, StaffRole.Role.DRAFTER)
    account = draft(agency, drafter, name=name, handle=name, **fields)
    Account.objects.filter(pk=account.pk).update(
        status=Status.PUBLISHED, review_result=ReviewResult.CLEAR, published_at=timezone.now()
    )
    return account


@pytest.fixture
def accounts(group_sites, agency_a, jinyun, qingtian) -> dict[str, Account]:
    closed = {"closed_on": dt.date(2026, 6, 1), "closure_reason": "整合"}
    return {
        "city": _published(agency_a, "丽水发布"),
        "county": _published(jinyun, "缙云发布"),
        "sibling": _published(qingtian, "青田发布"),
        "city_closed": _published(agency_a, "丽水旧号", **closed),
        "county_closed": _published(jinyun, "缙云旧号", **closed),
    }


def test_the_county_lists_its_own_accounts_only(client, accounts):
    text = page(client, "/newmedia/", COUNTY_HOST)
    assert "缙云发布" in text
    assert "丽水发布" not in text and "青田发布" not in text
    assert "丽水市人民政府" not in text and "青田县人民政府" not in text
    closed = page(client, "/newmedia/?closed=1", COUNTY_HOST)
    assert "缙云旧号" in closed and "丽水旧号" not in closed


def test_the_city_lists_its_counties_accounts(client, accounts):
    text = page(client, "/newmedia/", CITY_HOST)
    assert "缙云发布" in text and "丽水发布" in text and "青田发布" in text


def test_another_sites_agency_is_neither_offered_nor_applied(client, accounts, agency_a):
    text = page(client, f"/newmedia/?agency={agency_a.code}", COUNTY_HOST)
    assert f'value="{agency_a.code}"' not in text
    assert "缙云发布" in text and "丽水发布" not in text


def test_another_sites_account_moves_to_its_site(client, accounts):
    sibling = accounts["sibling"].pk
    for path in (f"/newmedia/{sibling}/", f"/newmedia/{sibling}/qr/"):
        response = client.get(path, HTTP_HOST=COUNTY_HOST)
        assert response.status_code == 301
        assert response["Location"] == f"http://{SIBLING_HOST}{path}"
    assert "缙云发布" in page(client, f"/newmedia/{accounts['county'].pk}/", CITY_HOST)


def test_the_feed_and_api_hold_the_sites_accounts(client, accounts):
    feed = page(client, "/feeds/newmedia.atom", COUNTY_HOST)
    assert "缙云发布" in feed and "丽水发布" not in feed
    found = client.get("/api/v1/newmedia-accounts/", HTTP_HOST=COUNTY_HOST).json()["results"]
    assert {item["name"] for item in found} == {"缙云发布", "缙云旧号"}
    asked = client.get(f"/api/v1/newmedia-accounts/?site={SIBLING_HOST}", HTTP_HOST=CITY_HOST)
    assert [item["name"] for item in asked.json()["results"]] == ["青田发布"]
    city = accounts["city"].pk
    assert (
        client.get(f"/api/v1/newmedia-accounts/{city}/", HTTP_HOST=COUNTY_HOST).status_code == 404
    )
