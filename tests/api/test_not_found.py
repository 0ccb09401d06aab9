"""A 404 from the API says so in the caller's language, as JSON, and gives nothing away: a
draft answers exactly as an identifier that never existed."""

from __future__ import annotations

import pytest

from publishing.models import Status
from tests.api.conftest import published_document

pytestmark = pytest.mark.django_db
LIST = "/api/v1/documents/"


def test_a_missing_document_is_not_found_in_chinese(api):
    response = api.get(f"{LIST}987654321/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "未找到。"}


def test_the_caller_who_asks_for_english_gets_english(api):
    response = api.get(f"{LIST}987654321/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "Not found."}


def test_a_draft_answers_as_an_identifier_that_never_existed(api, agency_a):
    draft = published_document(agency_a, status=Status.DRAFT, published_at=None)
    missing = api.get(f"{LIST}987654321/")
    response = api.get(f"{LIST}{draft.pk}/")
    assert response.status_code == 404
    assert response.content == missing.content
    assert "Document" not in response.content.decode()


def test_an_unknown_api_address_answers_json(api):
    response = api.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "未找到。"}


def test_an_unknown_page_still_gets_the_sites_own_404_page(client):
    response = client.get("/disclosure/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "text/html" in response["Content-Type"]
