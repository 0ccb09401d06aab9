"""Gazettes per site (issue 21): a gazette belongs to the agency that publishes it, so a
county's site neither lists the city's gazette nor exports its contents, while the city's site
lists its counties' gazettes; an issue or a year of another site's gazette is sent on to it."""

from __future__ import annotations

import pytest

from gazette import drafting
from gazette.models import Gazette, GazetteSection
from portal.models import StaffRole
from tests.api.conftest import published_document
from tests.factories import staff
from tests.gazette.conftest import SECTIONS, issue_with, publish
from tests.site_group import CITY_HOST, COUNTY_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db

Role = StaffRole.Role


def gazette_of(agency, title: str, slug: str) -> Gazette:
    gazette = drafting.gazette_save(gazette=Gazette(agency=agency, title=title, slug=slug))
    for order, name in enumerate(SECTIONS, start=1):
        GazetteSection.objects.create(gazette=gazette, name=name, order=order)
    return gazette


@pytest.fixture
def issues(group_sites, jinyun, agency_a):
    """The city's gazette printing a county document; the county's gazette printing its own."""
    found = {}
    for key, agency, title, slug in (
        ("city", agency_a, "丽水市人民政府公报", "lishui"),
        ("county", jinyun, "缙云县人民政府公报", "jinyun"),
    ):
        drafter = staff(f"drafter_{agency.code}", agency, Role.DRAFTER)
        editor = staff(f"editor_{agency.code}", agency, Role.REVIEWER, Role.PUBLISHER)
        document = published_document(jinyun, title=f"{title}所载缙云县文件")
        issue = issue_with(
            gazette_of(agency, title, slug), drafter, document, text=f"{title}的任免通知"
        )
        found[key] = publish(issue, drafter, editor, editor)
    return found


def test_county_site_lists_its_own_gazette_only(client, issues):
    text = page(client, "/gazette/", COUNTY_HOST)
    assert "缙云县人民政府公报" in text
    assert "丽水市人民政府公报" not in text
    assert "缙云县人民政府公报" not in page(client, "/gazette/", SIBLING_HOST)


def test_city_site_lists_its_counties_gazettes(client, issues):
    text = page(client, "/gazette/", CITY_HOST)
    assert "丽水市人民政府公报" in text
    assert "缙云县人民政府公报" in text


@pytest.mark.parametrize("path", ["/gazette/lishui/2026/", "/gazette/lishui/2026/5/"])
def test_the_city_gazettes_pages_are_sent_to_the_city_site(client, issues, path):
    response = client.get(path, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{CITY_HOST}{path}"
    assert client.get(path, HTTP_HOST=CITY_HOST).status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_contents_export_is_the_sites_gazettes(client, issues, fmt):
    county = body(client.get(f"/data/gazette-contents.{fmt}", HTTP_HOST=COUNTY_HOST))
    assert "缙云县人民政府公报的任免通知" in county
    assert "丽水市人民政府公报" not in county
    city = body(client.get(f"/data/gazette-contents.{fmt}", HTTP_HOST=CITY_HOST))
    assert "丽水市人民政府公报的任免通知" in city
    assert "缙云县人民政府公报的任免通知" in city


def test_feed_issues_export_and_api_are_the_sites(client, issues):
    for path in ("/feeds/gazette.rss", "/data/gazette-issues.csv"):
        text = body(client.get(path, HTTP_HOST=COUNTY_HOST))
        assert "缙云县人民政府公报" in text, path
        assert "丽水市人民政府公报" not in text, path
    rows = client.get("/api/v1/gazette-issues/", HTTP_HOST=COUNTY_HOST).json()["results"]
    assert [row["id"] for row in rows] == [issues["county"].pk]
    asked = client.get(f"/api/v1/gazette-issues/?site={COUNTY_HOST}", HTTP_HOST=CITY_HOST)
    assert [row["id"] for row in asked.json()["results"]] == [issues["county"].pk]
    other = issues["city"].pk
    assert client.get(f"/api/v1/gazette-issues/{other}/", HTTP_HOST=COUNTY_HOST).status_code == 404


def test_the_sitemap_lists_the_sites_gazette_years(client, issues):
    text = body(client.get("/sitemap-gazette.xml", HTTP_HOST=COUNTY_HOST))
    assert "/gazette/jinyun/2026/" in text
    assert "/gazette/lishui/2026/" not in text


def test_a_documents_page_links_another_sites_issue_on_that_site(client, issues):
    """刊登于: the county's document printed in the city's gazette links the issue where the
    city's site shows it, not through a redirect from the county's host; its own here."""
    city, county = issues["city"], issues["county"]
    document = city.entries.get(document__isnull=False).document
    own = county.entries.get(document__isnull=False).document
    text = page(client, document.get_absolute_url(), COUNTY_HOST)
    assert f'href="http://{CITY_HOST}{city.get_absolute_url()}"' in text
    text = page(client, own.get_absolute_url(), COUNTY_HOST)
    assert f'href="{county.get_absolute_url()}"' in text
    text = page(client, document.get_absolute_url(), CITY_HOST)
    assert f'href="{city.get_absolute_url()}"' in text
