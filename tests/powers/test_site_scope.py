"""The lists of powers per site (issue 21): each site of the group lists, counts, feeds,
exports and serves through the API its own subtree's items; an item of another site's agency
is sent on to that site."""

from __future__ import annotations

import pytest

from portal.models import StaffRole
from powers.models import Category
from tests.factories import staff
from tests.powers.conftest import published
from tests.site_group import CITY_HOST, COUNTY_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db

Role = StaffRole.Role


@pytest.fixture
def items(group_sites, jinyun, qingtian, agency_a):
    found = {}
    for key, agency, name in (
        ("county", jinyun, "缙云县食品经营许可"),
        ("sibling", qingtian, "青田县食品经营许可"),
        ("city", agency_a, "丽水市食品经营许可"),
    ):
        drafter = staff(f"drafter_{agency.code}", agency, Role.DRAFTER)
        editor = staff(f"editor_{agency.code}", agency, Role.REVIEWER, Role.PUBLISHER)
        found[key] = published(agency, drafter, editor, editor, name=name)
    return found


def test_county_site_lists_and_counts_only_its_own_items(client, items):
    text = page(client, f"/powers/?category={Category.LICENSING}", COUNTY_HOST)
    assert "缙云县食品经营许可" in text
    assert "青田县食品经营许可" not in text
    assert "丽水市食品经营许可" not in text
    # The agency chooser: the site's agencies only.
    assert "青田县人民政府" not in text
    response = client.get("/powers/", HTTP_HOST=COUNTY_HOST)
    licensing = next(c for c in response.context["counts"] if c.value == Category.LICENSING)
    assert licensing.count == 1
    assert response.context["total"] == 1


def test_city_site_lists_its_counties_items(client, items):
    text = page(client, "/powers/", CITY_HOST)
    for name in ("缙云县食品经营许可", "青田县食品经营许可", "丽水市食品经营许可"):
        assert name in text


def test_a_filter_by_another_sites_agency_is_ignored(client, items, qingtian):
    text = page(client, f"/powers/?agency={qingtian.code}", COUNTY_HOST)
    assert "缙云县食品经营许可" in text
    assert "青田县食品经营许可" not in text


def test_another_sites_item_is_sent_to_its_site(client, items):
    pk = items["city"].pk
    response = client.get(f"/powers/{pk}/", HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{CITY_HOST}/powers/{pk}/"
    assert client.get(f"/powers/{items['county'].pk}/", HTTP_HOST=COUNTY_HOST).status_code == 200


@pytest.mark.parametrize("path", ["/feeds/powers.rss", "/feeds/powers.atom"])
def test_the_feeds_carry_the_sites_changes_only(client, items, path):
    text = body(client.get(path, HTTP_HOST=COUNTY_HOST))
    assert "缙云县食品经营许可" in text
    assert "青田县食品经营许可" not in text
    assert "丽水市食品经营许可" not in text


def test_export_and_api_are_the_sites(client, items):
    export = body(client.get("/data/power-items.csv", HTTP_HOST=COUNTY_HOST))
    assert "缙云县食品经营许可" in export
    assert "丽水市食品经营许可" not in export
    rows = client.get("/api/v1/power-items/", HTTP_HOST=COUNTY_HOST).json()["results"]
    assert [row["name"] for row in rows] == ["缙云县食品经营许可"]
    asked = client.get(f"/api/v1/power-items/?site={SIBLING_HOST}", HTTP_HOST=CITY_HOST).json()
    assert [row["name"] for row in asked["results"]] == ["青田县食品经营许可"]
    other = items["sibling"].pk
    assert client.get(f"/api/v1/power-items/{other}/", HTTP_HOST=COUNTY_HOST).status_code == 404
