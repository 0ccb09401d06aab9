from __future__ import annotations

import datetime as dt

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from rest_framework.throttling import AnonRateThrottle

from disclosure.models import Validity
from disclosure.serializers import DocumentDetailSerializer
from publishing.models import Status
from tests.api.conftest import published_document

pytestmark = pytest.mark.django_db

LIST = "/api/v1/documents/"


def titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


def test_list_shows_published_documents_only(api, agency_a):
    shown = published_document(agency_a)
    published_document(agency_a, status=Status.DRAFT, index_number=None, date_published=None)
    published_document(agency_a, status=Status.WITHDRAWN)
    assert titles(api.get(LIST)) == [shown.title]


def test_agency_filter_includes_sub_agencies(api, agency_a, agency_b, county_a):
    own = published_document(agency_a, day=dt.date(2026, 3, 2))
    below = published_document(county_a, day=dt.date(2026, 3, 1))
    published_document(agency_b)
    assert titles(api.get(LIST, {"agency": agency_a.code})) == [own.title, below.title]


def test_an_unknown_agency_is_ignored_and_said_so_as_on_the_catalog_page(api, agency_a, client):
    document = published_document(agency_a)
    response = api.get(LIST, {"agency": "999999999", "theme": "abc", "validity": "valid"})
    assert titles(response) == [document.title]
    assert response.json()["ignored"] == ["agency", "theme"]
    # The same parameters on the catalog page: the same documents, and a note.
    page = client.get("/disclosure/", {"agency": "999999999", "theme": "abc"}).content.decode()
    assert document.title in page and "已忽略" in page


def test_known_filters_leave_nothing_ignored(api, agency_a):
    published_document(agency_a)
    assert api.get(LIST, {"agency": agency_a.code}).json()["ignored"] == []


def test_top_level_theme_includes_sub_themes(api, agency_a, theme):
    inside = published_document(agency_a, theme=theme)
    published_document(agency_a)
    assert titles(api.get(LIST, {"theme": theme.parent_id})) == [inside.title]


def test_validity_and_normative_filters(api, agency_a):
    wanted = published_document(agency_a, validity=Validity.REPEALED, is_normative=True)
    published_document(agency_a, validity=Validity.REPEALED)
    published_document(agency_a, is_normative=True)
    response = api.get(LIST, {"validity": "repealed", "is_normative": "true"})
    assert titles(response) == [wanted.title]


def test_date_range_filter(api, agency_a):
    published_document(agency_a, day=dt.date(2026, 1, 5))
    inside = published_document(agency_a, day=dt.date(2026, 2, 5))
    published_document(agency_a, day=dt.date(2026, 3, 5))
    response = api.get(LIST, {"published_after": "2026-02-01", "published_before": "2026-02-28"})
    assert titles(response) == [inside.title]


def test_catalog_item_filter(api, agency_a, catalog_item):
    filed = published_document(agency_a, catalog_item=catalog_item)
    published_document(agency_a)
    assert titles(api.get(LIST, {"catalog_item": catalog_item.pk})) == [filed.title]
    assert titles(api.get(LIST, {"domain": "api-test"})) == [filed.title]


def test_free_text_filter(api, agency_a):
    found = published_document(agency_a, title="关于义务教育招生的通知")
    published_document(agency_a)
    assert titles(api.get(LIST, {"q": "义务教育"})) == [found.title]


def test_a_malformed_catalog_value_is_ignored_and_named(api, agency_a):
    response = api.get(LIST, {"validity": "nonsense"})
    assert response.status_code == 200
    assert response.json()["ignored"] == ["validity"]


def test_a_malformed_date_filter_is_400(api, agency_a):
    assert api.get(LIST, {"published_after": "2026-13-45"}).status_code == 400


def test_cursor_pagination_walks_every_document(api, agency_a):
    created = [
        published_document(agency_a, day=dt.date(2026, 1, 1) + dt.timedelta(i)) for i in range(5)
    ]
    seen: list[str] = []
    response = api.get(LIST, {"page_size": 2})
    while True:
        body = response.json()
        seen += [row["title"] for row in body["results"]]
        if not body["next"]:
            break
        response = api.get(body["next"])
    assert seen == [document.title for document in reversed(created)]


def test_query_count_does_not_depend_on_page_size(api, agency_a, catalog_item, theme, genre):
    for i in range(100):
        published_document(
            agency_a,
            day=dt.date(2026, 1, 1) + dt.timedelta(i % 50),
            catalog_item=catalog_item,
            theme=theme,
            genre=genre,
        )
    # The site group's hosts (portal.sites) are read once per content version: not measured.
    assert api.get(LIST).status_code == 200
    counts = []
    for size in (20, 100):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(LIST, {"page_size": size}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 4


def test_ordering_by_date_formed(api, agency_a):
    older = published_document(agency_a, day=dt.date(2026, 3, 1), date_formed=dt.date(2026, 1, 1))
    newer = published_document(agency_a, day=dt.date(2026, 2, 1), date_formed=dt.date(2026, 2, 1))
    assert titles(api.get(LIST, {"ordering": "date_formed"})) == [older.title, newer.title]
    assert titles(api.get(LIST)) == [older.title, newer.title]  # default: newest published


def test_detail_has_metadata_and_etag(api, agency_a):
    document = published_document(agency_a, doc_number="丽政办发〔2026〕1号")
    response = api.get(f"{LIST}{document.pk}/")
    assert response.status_code == 200
    assert response.json()["doc_number"] == "丽政办发〔2026〕1号"
    assert response["ETag"]
    assert response["Last-Modified"]


def test_matching_etag_answers_304(api, agency_a):
    document = published_document(agency_a)
    etag = api.get(f"{LIST}{document.pk}/")["ETag"]
    response = api.get(f"{LIST}{document.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert not response.content


def test_withdrawn_document_is_gone_with_its_notice(api, agency_a):
    document = published_document(
        agency_a,
        status=Status.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdrawal_reason="内容有误",
    )
    response = api.get(f"{LIST}{document.pk}/")
    assert response.status_code == 410
    assert response.json()["withdrawal_reason"] == "内容有误"
    assert "body" not in response.json()


def test_draft_document_is_404(api, agency_a):
    draft = published_document(agency_a, status=Status.DRAFT, index_number=None)
    assert api.get(f"{LIST}{draft.pk}/").status_code == 404


def test_no_staff_accounts_in_documents(api, agency_a, publisher_a):
    document = published_document(agency_a, publisher=publisher_a, review_notes="内部意见")
    text = api.get(f"{LIST}{document.pk}/").content.decode()
    assert "publisher_a" not in text
    assert "内部意见" not in text


def test_anonymous_requests_are_throttled(api, agency_a, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    assert api.get(LIST).status_code == 200
    assert api.get(LIST).status_code == 200
    assert api.get(LIST).status_code == 429


def test_field_labels_are_chinese_or_english():
    with translation.override("zh-hans"):
        chinese = str(DocumentDetailSerializer().fields["date_published"].label)
    with translation.override("en"):
        english = str(DocumentDetailSerializer().fields["date_published"].label)
    assert (chinese, english) == ("发布日期", "Date published")
