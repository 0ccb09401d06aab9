"""Beneficiary lists per site (issue 21): each site of the group lists, feeds, exports and
serves through the API its own subtree's lists; a list of another site's agency (its page and
its rows) is sent on to that site."""

from __future__ import annotations

import pytest

from django.utils import timezone

from portal.models import StaffRole
from tests.factories import staff
from tests.site_group import CITY_HOST, COUNTY_HOST, SIBLING_HOST, body, page
from tests.subsidies.conftest import draft, publish

pytestmark = pytest.mark.django_db

Role = StaffRole.Role


@pytest.fixture
def lists(group_sites, jinyun, qingtian, agency_a):
    found = {}
    for key, agency, title in (
        ("county", jinyun, "缙云县2026年最低生活保障对象名单"),
        ("sibling", qingtian, "青田县2026年最低生活保障对象名单"),
        ("city", agency_a, "丽水市2026年最低生活保障对象名单"),
    ):
        drafter = staff(f"drafter_{agency.code}", agency, Role.DRAFTER)
        editor = staff(f"editor_{agency.code}", agency, Role.REVIEWER, Role.PUBLISHER)
        item = draft(agency, drafter, title=title, notice_start=timezone.localdate())
        found[key] = publish(item, drafter, editor, editor)
    return found


def test_county_site_lists_only_its_own_lists(client, lists):
    text = page(client, "/subsidies/", COUNTY_HOST)
    assert "缙云县2026年" in text
    assert "青田县2026年" not in text
    assert "丽水市2026年" not in text
    assert "青田县人民政府" not in text  # the agency chooser


def test_city_site_lists_its_counties_lists(client, lists):
    text = page(client, "/subsidies/", CITY_HOST)
    for title in ("缙云县2026年", "青田县2026年", "丽水市2026年"):
        assert title in text


def test_a_filter_by_another_sites_agency_is_ignored(client, lists, qingtian):
    text = page(client, f"/subsidies/?agency={qingtian.code}", COUNTY_HOST)
    assert "缙云县2026年" in text
    assert "青田县2026年" not in text


@pytest.mark.parametrize("suffix", ["", "rows.csv"])
def test_another_sites_list_is_sent_to_its_site(client, lists, suffix):
    pk = lists["sibling"].pk
    response = client.get(f"/subsidies/{pk}/{suffix}", HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}/subsidies/{pk}/{suffix}"


def test_feed_export_and_api_are_the_sites(client, lists):
    for path in ("/feeds/subsidies.rss", "/data/subsidy-lists.csv"):
        text = body(client.get(path, HTTP_HOST=COUNTY_HOST))
        assert "缙云县2026年" in text, path
        assert "青田县2026年" not in text, path
    rows = client.get("/api/v1/subsidy-lists/", HTTP_HOST=COUNTY_HOST).json()["results"]
    assert [row["id"] for row in rows] == [lists["county"].pk]
    asked = client.get(f"/api/v1/subsidy-lists/?site={SIBLING_HOST}", HTTP_HOST=CITY_HOST)
    assert [row["id"] for row in asked.json()["results"]] == [lists["sibling"].pk]
    other = lists["sibling"].pk
    for path in (f"/api/v1/subsidy-lists/{other}/", f"/api/v1/subsidy-lists/{other}/rows/"):
        assert client.get(path, HTTP_HOST=COUNTY_HOST).status_code == 404, path
    own = client.get(f"/api/v1/subsidy-lists/{lists['county'].pk}/rows/", HTTP_HOST=COUNTY_HOST)
    assert own.status_code == 200
    assert own.json()["results"]
