"""建议提案办理 in the site group (portal.sites): each site's list, year and agency choosers,
statistics, feed, download and API hold its own agencies' replies; another site's reply answers
with a 301 to the site that shows it."""

from __future__ import annotations

import pytest

from django.utils import timezone

from portal.models import StaffRole
from proposals.models import Proposal
from publishing.models import ReviewResult, Status
from tests.factories import staff
from tests.proposals.conftest import draft
from tests.site_group import CITY_HOST, COUNTY_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db

CITY_TITLE = "关于丽水市城乡义务教育均衡发展的建议"
COUNTY_TITLE = "关于缙云县烧饼产业发展的建议"
SIBLING_TITLE = "关于青田县石雕文化保护的提案"


def _published(agency, title: str, number: int, year: int = 2026) -> Proposal:
    drafter = staff(f"drafter_{agency.code}_{year}", agency, StaffRole.Role.DRAFTER)
    proposal = draft(agency, drafter, title=title, year=year, number=number)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.PUBLISHED, review_result=ReviewResult.CLEAR, published_at=timezone.now()
    )
    return proposal


@pytest.fixture
def items(group_sites, agency_a, jinyun, qingtian) -> dict[str, Proposal]:
    return {
        "city": _published(agency_a, CITY_TITLE, 1),
        "city_2025": _published(agency_a, "丽水市2025年的建议", 1, year=2025),
        "county": _published(jinyun, COUNTY_TITLE, 2),
        "sibling": _published(qingtian, SIBLING_TITLE, 3),
    }


def test_the_county_lists_its_own_replies_only(client, items):
    text = page(client, "/proposals/", COUNTY_HOST)
    assert COUNTY_TITLE in text
    assert CITY_TITLE not in text and SIBLING_TITLE not in text
    assert "丽水市人民政府" not in text and "青田县人民政府" not in text
    assert 'value="2025"' not in text  # only the city has replies of 2025


def test_the_city_lists_its_counties_replies(client, items):
    text = page(client, "/proposals/?year=2026", CITY_HOST)
    assert COUNTY_TITLE in text and CITY_TITLE in text and SIBLING_TITLE in text


def test_another_sites_agency_is_neither_offered_nor_applied(client, items, agency_a):
    text = page(client, f"/proposals/?year=2026&agency={agency_a.code}", COUNTY_HOST)
    assert f'value="{agency_a.code}"' not in text
    assert COUNTY_TITLE in text and CITY_TITLE not in text


def test_another_sites_reply_moves_to_its_site(client, items):
    path = f"/proposals/{items['sibling'].pk}/"
    response = client.get(path, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}{path}"
    assert COUNTY_TITLE in page(client, f"/proposals/{items['county'].pk}/", CITY_HOST)


def test_the_statistics_count_the_sites_replies(client, items):
    text = page(client, "/proposals/statistics/?year=2026", COUNTY_HOST)
    assert "缙云县人民政府" in text
    assert "丽水市人民政府" not in text and "青田县人民政府" not in text
    city = page(client, "/proposals/statistics/?year=2026", CITY_HOST)
    assert "缙云县人民政府" in city and "青田县人民政府" in city and "丽水市人民政府" in city


def test_the_feed_download_and_api_hold_the_sites_replies(client, items):
    feed = page(client, "/feeds/proposals.atom", COUNTY_HOST)
    assert COUNTY_TITLE in feed and CITY_TITLE not in feed
    csv_text = body(client.get("/data/proposal-replies.csv", HTTP_HOST=COUNTY_HOST))
    assert COUNTY_TITLE in csv_text and CITY_TITLE not in csv_text
    found = client.get("/api/v1/proposals/", HTTP_HOST=COUNTY_HOST).json()["results"]
    assert [item["title"] for item in found] == [COUNTY_TITLE]
    asked = client.get(f"/api/v1/proposals/?site={SIBLING_HOST}", HTTP_HOST=CITY_HOST)
    assert [item["title"] for item in asked.json()["results"]] == [SIBLING_TITLE]
    city = items["city"].pk
    assert client.get(f"/api/v1/proposals/{city}/", HTTP_HOST=COUNTY_HOST).status_code == 404
