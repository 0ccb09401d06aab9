"""The public 回应关切 pages, API, feed, export and column show published responses with their
own title, text, links and publication time, and never the register of concerns."""

from __future__ import annotations

import pytest

from concerns.models import Severity
from tests.concerns.conftest import beijing, publish_response, register

pytestmark = pytest.mark.django_db

# What only the register holds.
REGISTER_ONLY = ["多名居民来电", "12345 hotline", "12345热线", "城区自来水浑浊"]


@pytest.fixture
def published(agency_a, drafter_a, approver_a):
    concern = register(
        agency_a, drafter_a, severity=Severity.GENERAL, aware_at=beijing(2026, 3, 6, 18, 0)
    )
    return publish_response(
        concern, drafter=drafter_a, reviewer=approver_a, at=beijing(2026, 3, 7, 10, 30)
    )


def _assert_no_register(text: str) -> None:
    for value in REGISTER_ONLY:
        assert value not in text


def test_the_list_and_page_show_the_response_in_chinese(client, published):
    page = client.get("/concern-responses/").content.decode()
    assert "回应关切" in page and published.title in page
    detail = client.get(published.get_absolute_url())
    text = detail.content.decode()
    assert detail.status_code == 200
    assert "经检测，出厂水各项指标符合国家标准。" in text
    assert "2026-03-07 10:30" in text and "权威信息发布" in text
    _assert_no_register(page + text)


def test_drafts_are_not_public(client, agency_a, drafter_a):
    from concerns import drafting
    from concerns.models import Response

    concern = register(
        agency_a, drafter_a, severity=Severity.GENERAL, aware_at=beijing(2026, 3, 6, 18, 0)
    )
    draft = drafting.response_save(
        response=Response(
            agency=agency_a, concern=concern, kind="briefing", title="未发布的通报", text="x"
        ),
        user=drafter_a,
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "未发布的通报" not in client.get("/concern-responses/").content.decode()
    assert client.get(f"/api/v1/concern-responses/{draft.pk}/").status_code == 404


def test_the_register_is_nowhere_public(client, published):
    outputs = [
        client.get("/api/v1/concern-responses/").content.decode(),
        client.get(f"/api/v1/concern-responses/{published.pk}/").content.decode(),
        client.get("/feeds/concern-responses.rss").content.decode(),
        client.get("/feeds/concern-responses.atom").content.decode(),
        b"".join(client.get("/data/concern-responses.csv").streaming_content).decode(),
        client.get(published.agency.get_absolute_url()).content.decode(),
    ]
    for output in outputs:
        assert published.title in output
        _assert_no_register(output)
    api = client.get(f"/api/v1/concern-responses/{published.pk}/").json()
    assert "concern" not in api and "aware_at" not in api and "severity" not in api
    # No public URL for a concern at all; the admin asks for a login.
    assert client.get(f"/admin/concerns/concern/{published.concern_id}/change/").status_code == 302


def test_the_agency_column_has_a_responses_section(client, published):
    page = client.get(published.agency.get_absolute_url()).content.decode()
    assert "回应关切" in page and published.get_absolute_url() in page


def test_the_api_list_is_a_fixed_number_of_queries(
    client, published, agency_a, drafter_a, approver_a, django_assert_max_num_queries
):
    for n in range(3):
        concern = register(
            agency_a, drafter_a, severity=Severity.MAJOR, aware_at=beijing(2026, 3, 8, n, 0)
        )
        publish_response(concern, drafter=drafter_a, reviewer=approver_a, title=f"通报{n}")
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/concern-responses/").json()["count"] == 4
