from __future__ import annotations

import datetime as dt

import pytest

from django.utils import timezone

from disclosure.models import LegalGround, NegativeCategory, NegativeListEntry
from interpretation.models import Comment, Consultation, Interpretation, PolicyQuestion
from publishing.models import Status
from tests.api.conftest import published_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def negative_entry(agency_a):
    return NegativeListEntry.objects.create(
        agency=agency_a,
        category=NegativeCategory.RIGHTS,
        legal_ground=LegalGround.THIRD_PARTY,
        matter="救助对象的身份证号码和银行账号",
        basis="《中华人民共和国政府信息公开条例》第十五条",
        keywords="低保名单明细",
        effective_date=dt.date(2026, 1, 1),
    )


def _consultation(agency, **fields) -> Consultation:
    values = {
        "agency": agency,
        "title": "关于《城市绿化管理办法（征求意见稿）》公开征求意见",
        "draft_text": "第一条 ……",
        "basis": "《城市绿化条例》",
        "explanation": "起草说明",
        "opens_on": dt.date(2026, 3, 1),
        "closes_on": dt.date(2026, 3, 31),
        "status": Status.PUBLISHED,
        "published_at": timezone.now(),
        **fields,
    }
    return Consultation.objects.create(**values)


def test_agency_tree_links_children_to_parents(api, agency_a, county_a):
    rows = {row["code"]: row for row in api.get("/api/v1/agencies/").json()["results"]}
    assert rows[county_a.code]["parent_code"] == agency_a.code
    assert rows[agency_a.code]["parent_code"] == "330000000"


def test_agency_children_filter(api, agency_a, county_a):
    body = api.get("/api/v1/agencies/", {"parent": agency_a.code}).json()
    assert [row["code"] for row in body["results"]] == [county_a.code]


def test_negative_list_never_shows_screening_keywords(api, negative_entry):
    response = api.get("/api/v1/negative-list/")
    assert response.json()["results"][0]["matter"] == negative_entry.matter
    assert "低保名单明细" not in response.content.decode()


def test_catalog_items_by_domain(api, catalog_item):
    body = api.get("/api/v1/catalog/items/", {"domain": "api-test"}).json()
    assert [row["id"] for row in body["results"]] == [catalog_item.pk]
    assert body["results"][0]["channel_labels"]


def test_catalog_domains_listed(api, catalog_item):
    slugs = [row["slug"] for row in api.get("/api/v1/catalog/domains/").json()]
    assert "api-test" in slugs


def test_unpublished_interpretation_is_not_listed(api, agency_a):
    Interpretation.objects.create(agency=agency_a, title="草稿解读", department="市教育局")
    shown = Interpretation.objects.create(
        agency=agency_a,
        title="政策解读",
        department="市教育局",
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    body = api.get("/api/v1/interpretations/").json()
    assert [row["title"] for row in body["results"]] == [shown.title]


def test_withdrawn_interpretation_is_gone(api, agency_a):
    gone = Interpretation.objects.create(
        agency=agency_a,
        title="已撤回的解读",
        department="市教育局",
        status=Status.WITHDRAWN,
        withdrawal_reason="政策已废止",
    )
    assert api.get(f"/api/v1/interpretations/{gone.pk}/").status_code == 410


def test_questions_show_only_published_documents(api, agency_a):
    document = published_document(agency_a)
    draft = published_document(agency_a, status=Status.DRAFT, index_number=None)
    question = PolicyQuestion.objects.create(
        agency=agency_a, question="如何申请？", answer="向窗口提交。", is_published=True
    )
    question.documents.add(document, draft)
    body = api.get(f"/api/v1/questions/{question.pk}/").json()
    assert [row["id"] for row in body["documents"]] == [document.pk]


def test_consultation_never_shows_commenters(api, agency_a):
    consultation = _consultation(agency_a)
    Comment.objects.create(
        consultation=consultation,
        name="李四",
        contact="13900001111",
        body="建议增加绿地。",
        moderation="approved",
    )
    text = "".join(
        api.get(url).content.decode()
        for url in ("/api/v1/consultations/", f"/api/v1/consultations/{consultation.pk}/")
    )
    assert consultation.title in text
    assert "李四" not in text
    assert "13900001111" not in text


def test_document_id_beyond_the_integer_range_is_400(api):
    # Found by schemathesis: SQLite raised OverflowError (HTTP 500) on this value.
    response = api.get("/api/v1/questions/", {"document": "-27409697513933971456"})
    assert response.status_code == 400


def test_no_applicant_data_in_any_public_endpoint(api, agency_a, handler_a):
    from tests.requests_app.conftest import enter

    enter(agency_a, handler_a, dt.date(2026, 9, 18), name="赵六六", phone="13700001234")
    published_document(agency_a)
    from portal import api as api_urls

    lists = [
        f"/api/v1/{p.pattern}"
        for p in api_urls.urlpatterns
        if "<" not in str(p.pattern) and not str(p.pattern).startswith(("staff/", "schema"))
    ]
    text = "".join(api.get(url).content.decode() for url in lists)
    assert "赵六六" not in text
    assert "13700001234" not in text
