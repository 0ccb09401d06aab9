"""Press conferences per site of the site group (issue 21): each site lists its own agencies'
conferences with the documents and interpretations it shows; another site's conference is sent
on to the site that shows it."""

from __future__ import annotations

import pytest

from django.utils import timezone

from briefings.models import Conference, Kind
from publishing.models import Status
from tests.briefings.conftest import document, interpretation, past
from tests.site_group import CITY_HOST, COUNTY_HOST, PROVINCE_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db

COUNTY = "缙云县政务公开新闻发布会"
SIBLING = "青田县政务公开新闻发布会"
CITY = "丽水市政务公开新闻发布会"


def conference(agency, title: str, *, days_ago: float = 1) -> Conference:
    return Conference.objects.create(
        agency=agency, kind=Kind.PRESS_CONFERENCE, title=title, starts_at=past(days_ago),
        place="行政中心新闻发布厅", announcement="介绍实施方案。", status=Status.PUBLISHED,
        published_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def conferences(group_sites, agency_a, jinyun, qingtian):
    county = conference(jinyun, COUNTY)
    # The county's conference presents its own document and interpretation and the city's.
    county.documents.set(
        [document(jinyun, "缙云县政务公开实施方案"), document(agency_a, "丽水市政务公开实施方案")]
    )
    county.interpretations.set(
        [
            interpretation(jinyun, "缙云县实施方案解读"),
            interpretation(agency_a, "丽水市实施方案解读"),
        ]
    )
    return {
        "county": county,
        "sibling": conference(qingtian, SIBLING, days_ago=2),
        "city": conference(agency_a, CITY, days_ago=3),
    }


def test_a_county_site_lists_its_conferences_not_the_sibling_or_city(client, conferences):
    county = page(client, "/briefings/", COUNTY_HOST)
    assert COUNTY in county
    assert SIBLING not in county and CITY not in county
    city = page(client, "/briefings/", CITY_HOST)
    assert COUNTY in city and SIBLING in city and CITY in city


def test_the_agency_chooser_holds_the_site_agencies(client, conferences, qingtian):
    response = client.get("/briefings/", HTTP_HOST=COUNTY_HOST)
    assert [agency.name for agency in response.context["agencies"]] == ["缙云县人民政府"]
    assert "青田县人民政府" not in body(response)
    # An agency of another site has no conferences here.
    other = client.get(f"/briefings/?agency={qingtian.code}", HTTP_HOST=COUNTY_HOST)
    assert SIBLING not in body(other)


def test_a_conference_links_only_what_its_site_shows(client, conferences):
    url = conferences["county"].get_absolute_url()
    county = page(client, url, COUNTY_HOST)
    assert "缙云县政务公开实施方案" in county and "缙云县实施方案解读" in county
    assert "丽水市政务公开实施方案" not in county and "丽水市实施方案解读" not in county
    city = page(client, url, CITY_HOST)
    assert "丽水市政务公开实施方案" in city and "丽水市实施方案解读" in city


def test_a_conference_of_another_site_is_sent_on_to_it(client, conferences):
    url = conferences["sibling"].get_absolute_url()
    response = client.get(url, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}{url}"
    city = conferences["city"].get_absolute_url()
    assert client.get(city, HTTP_HOST=COUNTY_HOST)["Location"] == f"http://{CITY_HOST}{city}"


def test_the_api_lists_the_site_conferences(client, conferences):
    response = client.get(f"/api/v1/conferences/?site={COUNTY_HOST}", HTTP_HOST=PROVINCE_HOST)
    rows = response.json()["results"]
    assert [row["title"] for row in rows] == [COUNTY]
    assert [row["title"] for row in rows[0]["documents"]] == ["缙云县政务公开实施方案"]
    assert [row["title"] for row in rows[0]["interpretations"]] == ["缙云县实施方案解读"]
    pk = conferences["sibling"].pk
    assert client.get(f"/api/v1/conferences/{pk}/", HTTP_HOST=COUNTY_HOST).status_code == 404
    assert client.get(f"/api/v1/conferences/{pk}/", HTTP_HOST=SIBLING_HOST).status_code == 200


def test_the_feed_and_export_are_the_site(client, conferences):
    feed = page(client, "/feeds/briefings.rss", COUNTY_HOST)
    assert COUNTY in feed and SIBLING not in feed and CITY not in feed
    export = page(client, "/data/press-conferences.csv", COUNTY_HOST)
    assert COUNTY in export and SIBLING not in export and CITY not in export


def test_without_sites_every_conference_is_listed(client, agency_a, jinyun, qingtian):
    conference(jinyun, COUNTY)
    conference(qingtian, SIBLING)
    listing = page(client, "/briefings/", "testserver")
    assert COUNTY in listing and SIBLING in listing
