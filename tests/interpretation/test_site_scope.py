"""Interpretations, the policy Q&A and consultations per site of the site group (issue 21):
each site lists its own agencies' records and links only the documents it shows; another
site's record is sent on to the site that shows it."""

from __future__ import annotations

import datetime as dt

import pytest

from django.utils import timezone

from interpretation.models import Consultation, PolicyQuestion, Topic
from portal import sites
from publishing.models import Status
from tests.interpretation.conftest import published_document, published_interpretation
from tests.site_group import CITY_HOST, COUNTY_HOST, PROVINCE_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db

COUNTY = "缙云县政务公开解读"
SIBLING = "青田县政务公开解读"
CITY = "丽水市政务公开解读"


@pytest.fixture
def interpretations(group_sites, agency_a, jinyun, qingtian):
    day = dt.date(2026, 3, 2)
    county_doc = published_document(jinyun, "缙云县政务公开实施办法", day)
    city_doc = published_document(agency_a, "丽水市政务公开实施办法", day)
    return {
        # The county's interpretation explains its own document and the city's.
        "county": published_interpretation(jinyun, [county_doc, city_doc], title=COUNTY),
        "sibling": published_interpretation(qingtian, [], title=SIBLING),
        "city": published_interpretation(agency_a, [city_doc], title=CITY),
    }


def entry(agency, question: str, topic: Topic, documents=()) -> PolicyQuestion:
    item = PolicyQuestion.objects.create(
        agency=agency, question=question, answer=f"{question}的答复。", is_published=True
    )
    item.topics.set([topic])
    item.documents.set(documents)
    return item


@pytest.fixture
def questions(group_sites, agency_a, jinyun, qingtian):
    topic = Topic.objects.create(name="依申请公开", slug="yishenqing")
    city_doc = published_document(agency_a, "丽水市依申请公开办法", dt.date(2026, 3, 2))
    return {
        "county": entry(jinyun, "缙云县申请需要交费吗？", topic, [city_doc]),
        "sibling": entry(qingtian, "青田县申请需要交费吗？", topic),
        "city": entry(agency_a, "丽水市申请需要交费吗？", topic, [city_doc]),
    }


def consultation(agency, title: str) -> Consultation:
    today = timezone.localdate()
    return Consultation.objects.create(
        agency=agency, title=title, draft_text="第一条 草案。", basis="依据。",
        explanation="说明。", opens_on=today, closes_on=today + dt.timedelta(days=30),
        status=Status.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def consultations(group_sites, agency_a, jinyun, qingtian):
    return {
        "county": consultation(jinyun, "缙云县低保标准调整方案（征求意见稿）"),
        "sibling": consultation(qingtian, "青田县低保标准调整方案（征求意见稿）"),
        "city": consultation(agency_a, "丽水市低保标准调整方案（征求意见稿）"),
    }


# --- Interpretations --------------------------------------------------------------------------


def test_a_county_site_lists_its_interpretations_not_the_sibling_or_city(client, interpretations):
    county = page(client, "/interpretation/", COUNTY_HOST)
    assert COUNTY in county
    assert SIBLING not in county and CITY not in county
    city = page(client, "/interpretation/", CITY_HOST)
    assert COUNTY in city and SIBLING in city and CITY in city


def test_the_form_counts_and_agency_chooser_are_the_site(client, interpretations):
    response = client.get("/interpretation/", HTTP_HOST=COUNTY_HOST)
    assert response.context["forms"][0]["count"] == 1  # all forms
    assert [agency.name for agency in response.context["agencies"]] == ["缙云县人民政府"]
    assert "青田县人民政府" not in body(response)


def test_an_agency_outside_the_site_is_ignored_as_a_filter(client, interpretations, qingtian):
    response = client.get(f"/interpretation/?agency={qingtian.code}", HTTP_HOST=COUNTY_HOST)
    assert response.context["filters"].ignored == ("agency",)
    assert [item.title for item in response.context["page"].object_list] == [COUNTY]


def test_an_interpretation_links_only_the_documents_its_site_shows(client, interpretations):
    url = interpretations["county"].get_absolute_url()
    county = page(client, url, COUNTY_HOST)
    assert "缙云县政务公开实施办法" in county
    assert "丽水市政务公开实施办法" not in county
    assert "丽水市政务公开实施办法" in page(client, url, CITY_HOST)
    listing = page(client, "/interpretation/", COUNTY_HOST)
    assert "丽水市政务公开实施办法" not in listing


def test_an_interpretation_of_another_site_is_sent_on_to_it(client, interpretations):
    url = interpretations["sibling"].get_absolute_url()
    response = client.get(url, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}{url}"
    city = interpretations["city"].get_absolute_url()
    assert client.get(city, HTTP_HOST=COUNTY_HOST)["Location"] == f"http://{CITY_HOST}{city}"
    # The city's site shows its counties' records.
    assert client.get(url, HTTP_HOST=CITY_HOST).status_code == 200


def test_the_api_lists_the_site_interpretations(client, interpretations):
    def titles(host: str, query: str = "") -> set[str]:
        response = client.get(f"/api/v1/interpretations/{query}", HTTP_HOST=host)
        return {row["title"] for row in response.json()["results"]}

    assert titles(COUNTY_HOST) == {COUNTY}
    assert titles(PROVINCE_HOST, f"?site={SIBLING_HOST}") == {SIBLING}
    assert titles(CITY_HOST) == {COUNTY, SIBLING, CITY}
    response = client.get("/api/v1/interpretations/", HTTP_HOST=COUNTY_HOST)
    documents = [row["title"] for row in response.json()["results"][0]["documents"]]
    assert documents == ["缙云县政务公开实施办法"]


def test_the_api_does_not_find_another_site_interpretation(client, interpretations):
    pk = interpretations["sibling"].pk
    assert client.get(f"/api/v1/interpretations/{pk}/", HTTP_HOST=COUNTY_HOST).status_code == 404
    assert client.get(f"/api/v1/interpretations/{pk}/", HTTP_HOST=SIBLING_HOST).status_code == 200


def test_a_document_page_lists_the_site_interpretations(client, group_sites, agency_a, jinyun):
    from interpretation import selectors

    document = published_document(agency_a, "丽水市政务公开实施办法", dt.date(2026, 3, 2))
    published_interpretation(jinyun, [document], title=COUNTY)
    published_interpretation(agency_a, [document], title=CITY)
    county = sites.site_for_host(COUNTY_HOST)
    titles = [item.title for item in selectors.for_document(document, county)["interpretations"]]
    assert titles == [COUNTY]
    city = page(client, document.get_absolute_url(), CITY_HOST)
    assert COUNTY in city and CITY in city


def test_without_sites_every_interpretation_is_listed(client, agency_a, jinyun, qingtian):
    published_interpretation(jinyun, [], title=COUNTY)
    published_interpretation(qingtian, [], title=SIBLING)
    listing = page(client, "/interpretation/", "testserver")
    assert COUNTY in listing and SIBLING in listing


# --- Policy Q&A -------------------------------------------------------------------------------


def test_the_qa_lists_and_counts_the_site_entries(client, questions):
    response = client.get("/interpretation/questions/", HTTP_HOST=COUNTY_HOST)
    text = body(response)
    assert "缙云县申请需要交费吗？" in text
    assert "青田县申请需要交费吗？" not in text and "丽水市申请需要交费吗？" not in text
    assert [(t.name, t.question_count) for t in response.context["topics"]] == [("依申请公开", 1)]
    # The county's entry answers on a city document: the county's site does not link it.
    assert "丽水市依申请公开办法" not in text
    city = page(client, "/interpretation/questions/", CITY_HOST)
    assert "青田县申请需要交费吗？" in city and "丽水市依申请公开办法" in city


def test_a_qa_entry_of_another_site_is_sent_on_to_it(client, questions):
    url = questions["sibling"].get_absolute_url()
    response = client.get(url, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}{url}"
    county = page(client, questions["county"].get_absolute_url(), COUNTY_HOST)
    assert "丽水市依申请公开办法" not in county


def test_the_qa_api_lists_the_site_entries(client, questions):
    response = client.get(f"/api/v1/questions/?site={COUNTY_HOST}", HTTP_HOST=PROVINCE_HOST)
    rows = response.json()["results"]
    assert [row["question"] for row in rows] == ["缙云县申请需要交费吗？"]
    assert rows[0]["documents"] == []
    pk = questions["city"].pk
    assert client.get(f"/api/v1/questions/{pk}/", HTTP_HOST=COUNTY_HOST).status_code == 404


# --- Consultations ----------------------------------------------------------------------------


def test_a_county_site_lists_its_consultations(client, consultations):
    county = page(client, "/interpretation/consultations/", COUNTY_HOST)
    assert "缙云县低保标准调整方案" in county
    assert "青田县低保标准调整方案" not in county and "丽水市低保标准调整方案" not in county
    assert "青田县低保标准调整方案" in page(client, "/interpretation/consultations/", CITY_HOST)


def test_a_consultation_of_another_site_is_sent_on_to_it(client, consultations):
    url = consultations["city"].get_absolute_url()
    response = client.get(url, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{CITY_HOST}{url}"
    assert client.get(url, HTTP_HOST=CITY_HOST).status_code == 200


def test_the_consultation_api_is_the_site(client, consultations):
    response = client.get("/api/v1/consultations/", HTTP_HOST=SIBLING_HOST)
    assert [row["title"] for row in response.json()["results"]] == [
        "青田县低保标准调整方案（征求意见稿）"
    ]
    pk = consultations["county"].pk
    assert client.get(f"/api/v1/consultations/{pk}/", HTTP_HOST=SIBLING_HOST).status_code == 404
