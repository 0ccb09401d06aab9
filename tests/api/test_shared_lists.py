"""The public API's lists are shared until the public content changes (portal.api_cache): a
publication or a withdrawal shows in the next call, the throttle still counts every call, and
callers asking in different languages or on different hosts never get each other's answer."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import AnonRateThrottle

from publishing import workflow
from publishing.models import ReviewResult
from tests.api.conftest import published_document
from tests.disclosure.conftest import make_draft

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_lists_on")]
LIST = "/api/v1/documents/"


@pytest.fixture
def shared_lists_on():
    with override_settings(PAGE_CACHE_SECONDS=300):
        yield


def titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


def test_a_list_read_again_is_shared_and_reads_nothing_of_the_documents(api, agency_a):
    published_document(agency_a, title="共享的通知")
    first = api.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        second = api.get(LIST)
    assert second.json() == first.json()
    assert titles(second) == ["共享的通知"]
    assert not [q for q in queries.captured_queries if "disclosure_document" in q["sql"]]


def test_a_publication_and_a_withdrawal_show_in_the_next_call(
    api, agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    assert titles(api.get(LIST)) == []
    document = make_draft(agency_a, drafter_a, title="刚刚发布的通知")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(obj=document, user=drafter_a)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(obj=document, user=reviewer_a, review_result=ReviewResult.CLEAR)
        workflow.publish(obj=document, user=publisher_a)
    assert titles(api.get(LIST)) == ["刚刚发布的通知"]

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(obj=document, user=publisher_a, reason="内容有误")
    assert titles(api.get(LIST)) == []


def test_the_throttle_counts_calls_answered_from_the_shared_list(api, agency_a, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    assert api.get(LIST).status_code == 200
    assert api.get(LIST).status_code == 200  # shared
    assert api.get(LIST).status_code == 429


def test_languages_never_mix(api, catalog_item):
    url = "/api/v1/catalog/items/"
    chinese = api.get(url).json()["results"][0]["channel_labels"]
    english = api.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]["channel_labels"]
    assert api.get(url).json()["results"][0]["channel_labels"] == chinese
    assert chinese != english
    assert all(label.isascii() for label in english)


def test_hosts_never_mix(api, agency_a):
    """The cursor links are absolute: each host gets its own."""
    for n in range(3):
        published_document(agency_a, title=f"分页的通知{n}")
    with override_settings(ALLOWED_HOSTS=["testserver", "other.example.gov.cn"]):
        mine = api.get(LIST, {"page_size": 1}).json()["next"]
        other = api.get(LIST, {"page_size": 1}, HTTP_HOST="other.example.gov.cn").json()["next"]
    assert mine.startswith("http://testserver/")
    assert other.startswith("http://other.example.gov.cn/")


def test_bad_input_is_refused_every_time(api, agency_a):
    for _ in range(2):
        response = api.get(LIST, {"cursor": "bad"})
        assert response.status_code == 400


def test_every_public_list_answers_the_same_when_shared(api, agency_a, catalog_item):
    published_document(agency_a, title="每个列表")
    for url in api.get("/api/v1/").json()["endpoints"].values():
        first = api.get(url)
        second = api.get(url)
        assert first.status_code == second.status_code == 200, url
        assert first.json() == second.json(), url
