"""回应关切 in the site group (portal.sites, issue 21): each site lists, feeds, exports and serves
its own agencies' responses; another site's response answers with a 301 to the site that
shows it."""

from __future__ import annotations

import pytest

from concerns.models import Severity
from tests.concerns.conftest import Role, beijing, publish_response, register
from tests.factories import staff
from tests.site_group import CITY_HOST, COUNTY_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db

COUNTY = "关于缙云县城区供水的情况通报"
SIBLING = "关于青田县侨乡办证的答记者问"
CITY = "关于丽水市区停车收费的权威信息"


@pytest.fixture
def responses(group_sites, agency_a, jinyun, qingtian):
    found = {}
    for key, agency, title in (
        ("county", jinyun, COUNTY),
        ("sibling", qingtian, SIBLING),
        ("city", agency_a, CITY),
    ):
        drafter = staff(f"drafter_{key}", agency, Role.DRAFTER)
        reviewer = staff(f"reviewer_{key}", agency, Role.REVIEWER, Role.PUBLISHER)
        concern = register(
            agency, drafter, severity=Severity.GENERAL, aware_at=beijing(2026, 6, 1, 9)
        )
        found[key] = publish_response(concern, drafter=drafter, reviewer=reviewer, title=title)
    return found


def test_a_county_site_lists_its_own_responses_not_its_siblings_or_its_citys(client, responses):
    text = page(client, "/concern-responses/", COUNTY_HOST)
    assert COUNTY in text and SIBLING not in text and CITY not in text


def test_the_city_site_lists_its_counties_responses(client, responses):
    text = page(client, "/concern-responses/", CITY_HOST)
    assert COUNTY in text and SIBLING in text and CITY in text


def test_the_agency_filter_offers_only_the_sites_agencies(
    client, responses, agency_a, jinyun, qingtian
):
    text = page(client, "/concern-responses/", COUNTY_HOST)
    assert f'value="{jinyun.code}"' in text
    assert f'value="{qingtian.code}"' not in text and f'value="{agency_a.code}"' not in text
    text = page(client, f"/concern-responses/?agency={qingtian.code}", COUNTY_HOST)
    assert SIBLING not in text


def test_another_sites_response_moves_to_the_site_that_shows_it(client, responses):
    pk = responses["sibling"].pk
    response = client.get(f"/concern-responses/{pk}/", HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}/concern-responses/{pk}/"
    pk = responses["city"].pk
    response = client.get(f"/concern-responses/{pk}/", HTTP_HOST=COUNTY_HOST)
    assert response["Location"] == f"http://{CITY_HOST}/concern-responses/{pk}/"
    county = responses["county"].pk
    assert COUNTY in page(client, f"/concern-responses/{county}/", CITY_HOST)


def test_the_feeds_carry_the_sites_responses_only(client, responses):
    for path in ("/feeds/concern-responses.rss", "/feeds/concern-responses.atom"):
        text = page(client, path, COUNTY_HOST)
        assert COUNTY in text and SIBLING not in text and CITY not in text


def test_the_export_holds_the_sites_responses_only(client, responses):
    text = body(client.get("/data/concern-responses.csv", HTTP_HOST=COUNTY_HOST))
    assert COUNTY in text and SIBLING not in text and CITY not in text


def _titles(response) -> set[str]:
    assert response.status_code == 200
    return {row["title"] for row in response.json()["results"]}


def test_the_api_lists_the_sites_responses(client, responses):
    api = "/api/v1/concern-responses/"
    assert _titles(client.get(api, HTTP_HOST=COUNTY_HOST)) == {COUNTY}
    assert _titles(client.get(f"{api}?site={COUNTY_HOST}", HTTP_HOST=CITY_HOST)) == {COUNTY}
    assert _titles(client.get(api, HTTP_HOST=CITY_HOST)) == {COUNTY, SIBLING, CITY}


def test_the_api_has_no_other_sites_response(client, responses):
    pk = responses["sibling"].pk
    api = f"/api/v1/concern-responses/{pk}/"
    assert client.get(api, HTTP_HOST=COUNTY_HOST).status_code == 404
    assert client.get(f"{api}?site={SIBLING_HOST}", HTTP_HOST=COUNTY_HOST).status_code == 200
