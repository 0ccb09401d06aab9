"""Enforcement decisions and random inspections per site (issue 21): each site of the group
lists, feeds, exports and serves through the API its own subtree's records; a record of
another site's agency is sent on to that site."""

from __future__ import annotations

import pytest

from portal.models import StaffRole
from tests.enforcement.conftest import company, publish
from tests.enforcement.plans import drawn_plan, record_result
from tests.factories import staff
from tests.site_group import CITY_HOST, COUNTY_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db

Role = StaffRole.Role


@pytest.fixture
def people(jinyun, qingtian, agency_a):
    """A drafter and an editor (reviewer and publisher) in each of the three governments."""
    return {
        agency.pk: (
            staff(f"drafter_{agency.code}", agency, Role.DRAFTER),
            staff(f"editor_{agency.code}", agency, Role.REVIEWER, Role.PUBLISHER),
        )
        for agency in (jinyun, qingtian, agency_a)
    }


def decision_of(agency, people, number: str):
    drafter, editor = people[agency.pk]
    return publish(company(agency, drafter, number=number), drafter, editor, editor)


@pytest.fixture
def decisions(group_sites, people, jinyun, qingtian, agency_a):
    return {
        "county": decision_of(jinyun, people, "缙市监处罚〔2026〕1号"),
        "sibling": decision_of(qingtian, people, "青市监处罚〔2026〕1号"),
        "city": decision_of(agency_a, people, "丽市监处罚〔2026〕9号"),
    }


def test_county_site_lists_only_its_own_decisions(client, decisions):
    text = page(client, "/enforcement/", COUNTY_HOST)
    assert "缙市监处罚〔2026〕1号" in text
    assert "青市监处罚〔2026〕1号" not in text
    assert "丽市监处罚〔2026〕9号" not in text
    # The agency chooser offers the site's agencies only.
    assert "青田县人民政府" not in text
    assert "丽水市人民政府" not in text


def test_city_site_lists_its_counties_decisions(client, decisions):
    text = page(client, "/enforcement/", CITY_HOST)
    for number in ("缙市监处罚〔2026〕1号", "青市监处罚〔2026〕1号", "丽市监处罚〔2026〕9号"):
        assert number in text


def test_a_filter_by_another_sites_agency_is_ignored(client, decisions, qingtian):
    text = page(client, f"/enforcement/?agency={qingtian.code}", COUNTY_HOST)
    assert "缙市监处罚〔2026〕1号" in text
    assert "青市监处罚〔2026〕1号" not in text


def test_another_sites_decision_is_sent_to_its_site(client, decisions):
    pk = decisions["sibling"].pk
    response = client.get(f"/enforcement/{pk}/", HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}/enforcement/{pk}/"
    assert client.get(f"/enforcement/{pk}/", HTTP_HOST=CITY_HOST).status_code == 200


def test_feed_export_and_api_are_the_sites(client, decisions):
    for path in ("/feeds/enforcement.rss", "/data/enforcement-decisions.csv"):
        text = body(client.get(path, HTTP_HOST=COUNTY_HOST))
        assert "缙市监处罚〔2026〕1号" in text, path
        assert "青市监处罚〔2026〕1号" not in text, path
    numbers = {
        row["number"]
        for row in client.get("/api/v1/enforcement-decisions/", HTTP_HOST=COUNTY_HOST).json()[
            "results"
        ]
    }
    assert numbers == {"缙市监处罚〔2026〕1号"}
    asked = client.get(f"/api/v1/enforcement-decisions/?site={SIBLING_HOST}", HTTP_HOST=CITY_HOST)
    assert {row["number"] for row in asked.json()["results"]} == {"青市监处罚〔2026〕1号"}
    other = decisions["sibling"].pk
    assert (
        client.get(f"/api/v1/enforcement-decisions/{other}/", HTTP_HOST=COUNTY_HOST).status_code
        == 404
    )


def test_without_sites_every_decision_is_listed(client, people, jinyun, qingtian):
    decision_of(jinyun, people, "缙市监处罚〔2026〕1号")
    decision_of(qingtian, people, "青市监处罚〔2026〕1号")
    text = page(client, "/enforcement/", "testserver")
    assert "缙市监处罚〔2026〕1号" in text
    assert "青市监处罚〔2026〕1号" in text


# --- 双随机、一公开 ---------------------------------------------------------------------------


@pytest.fixture
def plans(group_sites, people, jinyun, qingtian):
    found = {}
    for key, agency, title in (
        ("county", jinyun, "缙云县2026年度食品经营者抽查计划"),
        ("sibling", qingtian, "青田县2026年度食品经营者抽查计划"),
    ):
        drafter, editor = people[agency.pk]
        draw = drawn_plan(agency, drafter, editor, editor, title=title)
        result = record_result(draw, drafter, summary=f"{title}的检查情况")
        publish(result, drafter, editor, editor)
        found[key] = draw.plan
    return found


def test_county_site_lists_only_its_own_plans(client, plans):
    text = page(client, "/enforcement/inspections/", COUNTY_HOST)
    assert "缙云县2026年度食品经营者抽查计划" in text
    assert "青田县2026年度食品经营者抽查计划" not in text
    assert "青田县人民政府" not in text
    city = page(client, "/enforcement/inspections/", CITY_HOST)
    assert "青田县2026年度食品经营者抽查计划" in city


def test_another_sites_plan_is_sent_to_its_site(client, plans):
    pk = plans["sibling"].pk
    response = client.get(f"/enforcement/inspections/{pk}/", HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}/enforcement/inspections/{pk}/"


def test_plan_feed_results_export_and_api_are_the_sites(client, plans):
    feed = body(client.get("/feeds/inspections.rss", HTTP_HOST=COUNTY_HOST))
    assert "缙云县2026年度" in feed
    assert "青田县2026年度" not in feed
    export = body(client.get("/data/inspection-results.csv", HTTP_HOST=COUNTY_HOST))
    assert "缙云县2026年度" in export
    assert "青田县2026年度" not in export
    for path in ("/api/v1/inspection-plans/", "/api/v1/inspection-results/"):
        rows = client.get(path, HTTP_HOST=COUNTY_HOST).json()["results"]
        assert [row["agency"]["code"] for row in rows] == [plans["county"].agency.code], path
    other = plans["sibling"].pk
    assert (
        client.get(f"/api/v1/inspection-plans/{other}/", HTTP_HOST=COUNTY_HOST).status_code == 404
    )
