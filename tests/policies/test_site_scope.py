"""The policy library, the finder and subscribing per site of the site group (issue 21): each
site lists its own agencies' items (so never an item whose document another site shows), its
choosers offer its own agencies and regions, and another site's item is sent on to the site
that shows it."""

from __future__ import annotations

import pytest

from django.core import mail
from django.utils import timezone

from interpretation.models import Interpretation
from policies.models import Audience, Delivery, PolicyItem, Subscription
from publishing.models import Status
from tests.policies.conftest import published_document
from tests.site_group import CITY_HOST, COUNTY_HOST, PROVINCE_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db

COUNTY = "缙云县小微企业创新补助"
SIBLING = "青田县小微企业创新补助"
CITY = "丽水市小微企业创新补助"


def item(agency, name: str, **fields) -> PolicyItem:
    document = published_document(agency, title=f"{name}实施办法")
    values = {
        "document": document,
        "agency": document.agency,  # as policies.drafting sets it
        "name": name,
        "summary": "对符合条件的小微企业给予创新补助。",
        "audience": Audience.BUSINESSES,
        "delivery": Delivery.AUTOMATIC,
        "status": Status.PUBLISHED,
        "published_at": timezone.now(),
        **fields,
    }
    return PolicyItem.objects.create(**values)


@pytest.fixture
def items(group_sites, agency_a, jinyun, qingtian):
    return {
        "county": item(jinyun, COUNTY),
        "sibling": item(qingtian, SIBLING),
        "city": item(agency_a, CITY),
    }


@pytest.mark.parametrize("path", ["/policies/", "/policies/automatic/"])
def test_a_county_site_lists_its_items_not_the_sibling_or_city(client, items, path):
    county = page(client, path, COUNTY_HOST)
    assert COUNTY in county
    assert SIBLING not in county and CITY not in county
    # Nor the documents of the other sites' items.
    assert "丽水市小微企业创新补助实施办法" not in county
    city = page(client, path, CITY_HOST)
    assert COUNTY in city and SIBLING in city and CITY in city


def test_the_library_filters_offer_the_site_agencies(client, items, qingtian):
    response = client.get("/policies/", HTTP_HOST=COUNTY_HOST)
    assert [agency.name for agency in response.context["agencies"]] == ["缙云县人民政府"]
    assert "青田县人民政府" not in body(response)
    other = client.get(f"/policies/?agency={qingtian.code}", HTTP_HOST=COUNTY_HOST)
    assert other.context["filters"].agency is None
    assert SIBLING not in body(other)


def test_an_item_of_another_site_is_sent_on_to_it(client, items):
    url = items["sibling"].get_absolute_url()
    response = client.get(url, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}{url}"
    city = items["city"].get_absolute_url()
    assert client.get(city, HTTP_HOST=COUNTY_HOST)["Location"] == f"http://{CITY_HOST}{city}"
    assert client.get(url, HTTP_HOST=CITY_HOST).status_code == 200


def test_an_item_names_only_the_interpretations_its_site_shows(client, items, agency_a, jinyun):
    document = items["county"].document
    for agency, title in ((jinyun, "缙云县创新补助解读"), (agency_a, "丽水市创新补助解读")):
        interpretation = Interpretation.objects.create(
            agency=agency,
            title=title,
            department="政府办公室",
            status=Status.PUBLISHED,
            published_at=timezone.now(),
        )
        interpretation.documents.set([document])
    url = items["county"].get_absolute_url()
    county = page(client, url, COUNTY_HOST)
    assert "缙云县创新补助解读" in county and "丽水市创新补助解读" not in county
    assert "丽水市创新补助解读" in page(client, url, CITY_HOST)


def test_the_finder_offers_the_site_regions_and_finds_the_site_items(client, items, qingtian):
    response = client.get("/policies/finder/", HTTP_HOST=COUNTY_HOST)
    regions = [label for _code, label in response.context["form"].fields["region"].choices]
    assert "缙云县人民政府" in regions
    assert "青田县人民政府" not in regions and "丽水市人民政府" not in regions
    found = client.get("/policies/finder/?audience=businesses", HTTP_HOST=COUNTY_HOST)
    assert [match.item.name for match in found.context["matches"]] == [COUNTY]


def test_the_finder_refuses_a_region_outside_the_site(client, items, qingtian):
    response = client.get(f"/policies/finder/?region={qingtian.code}", HTTP_HOST=COUNTY_HOST)
    assert response.context["form"].errors["region"]
    assert response.context["matches"] is None


def test_the_subscription_form_offers_the_site_agencies(client, items):
    form = page(client, "/policies/subscribe/", COUNTY_HOST)
    assert "缙云县人民政府" in form
    assert "青田县人民政府" not in form and "丽水市人民政府" not in form


def test_subscribing_to_an_agency_outside_the_site_is_refused(client, items, qingtian):
    response = client.post(
        "/policies/subscribe/",
        {"email": "zhang.san@example.cn", "kind": "agency", "agency": qingtian.code},
        HTTP_HOST=COUNTY_HOST,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["agency"]
    assert not Subscription.objects.exists()


def test_a_subscription_remembers_the_site_it_was_made_on(
    client, items, jinyun, group_sites, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/policies/subscribe/",
            {"email": "zhang.san@example.cn", "kind": "agency", "agency": jinyun.code},
            HTTP_HOST=COUNTY_HOST,
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.site == group_sites["county"]
    # The confirmation link goes to the county's host.
    assert f"http://{COUNTY_HOST}/policies/subscribe/confirm/" in mail.outbox[-1].body


def test_the_api_lists_the_site_items(client, items):
    response = client.get(f"/api/v1/policy-items/?site={COUNTY_HOST}", HTTP_HOST=PROVINCE_HOST)
    assert [row["name"] for row in response.json()["results"]] == [COUNTY]
    city = client.get("/api/v1/policy-items/", HTTP_HOST=CITY_HOST).json()["results"]
    assert {row["name"] for row in city} == {COUNTY, SIBLING, CITY}
    pk = items["sibling"].pk
    assert client.get(f"/api/v1/policy-items/{pk}/", HTTP_HOST=COUNTY_HOST).status_code == 404
    assert client.get(f"/api/v1/policy-items/{pk}/", HTTP_HOST=SIBLING_HOST).status_code == 200


def test_the_feed_and_export_are_the_site(client, items):
    feed = page(client, "/feeds/policies.rss", COUNTY_HOST)
    assert COUNTY in feed and SIBLING not in feed and CITY not in feed
    export = page(client, "/data/policy-items.csv", COUNTY_HOST)
    assert COUNTY in export and SIBLING not in export and CITY not in export


def test_without_sites_every_item_is_listed(client, agency_a, jinyun, qingtian):
    item(jinyun, COUNTY)
    item(qingtian, SIBLING)
    listing = page(client, "/policies/", "testserver")
    assert COUNTY in listing and SIBLING in listing
