"""Crafted API cursors: a malformed cursor, or a position that does not fit the list's ordering
(a bad date, an id out of range, a NUL character, a cursor from another ordering), answers 400
with a message, never 500; the cursors the API hands out keep working in every ordering."""

from __future__ import annotations

import base64
import datetime as dt
from urllib.parse import urlencode

import pytest

from tests.api.conftest import published_document

pytestmark = pytest.mark.django_db

LIST = "/api/v1/documents/"


def cursor(**tokens: str) -> str:
    return base64.b64encode(urlencode(tokens).encode()).decode()


@pytest.fixture
def documents(agency_a):
    return [
        published_document(agency_a, day=dt.date(2026, 3, 1) + dt.timedelta(days=n % 4))
        for n in range(7)
    ]


CRAFTED = {
    "not base64": "not-a-cursor!",
    "base64 of nothing useful": base64.b64encode(b"\xff\xfe").decode(),
    "negative offset": cursor(o="-5"),
    "offset not a number": cursor(o="many"),
    "direction not a number": cursor(r="x"),
    "position not a date": cursor(p="abc"),
    "impossible date": cursor(p="9999-99-99"),
    "date and time": cursor(p="2026-01-01T00:00"),
    "NUL character": cursor(p="2026-01-01\x00"),
    "the text None": cursor(p="None"),
}


@pytest.mark.parametrize("crafted", CRAFTED.values(), ids=CRAFTED.keys())
@pytest.mark.parametrize("ordering", ["", "-date_published", "date_formed", "id", "-id"])
def test_a_crafted_cursor_answers_400_with_a_message(api, documents, crafted, ordering):
    response = api.get(LIST, {"cursor": crafted, "ordering": ordering}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The cursor is not valid" in response.json()["cursor"][0]


@pytest.mark.parametrize(
    "position", ["99999999999999999999", "-9223372036854775809", "1e5", "2026-03-01"]
)
def test_an_id_position_out_of_range_answers_400(api, documents, position):
    response = api.get(LIST, {"cursor": cursor(p=position), "ordering": "id"})
    assert response.status_code == 400


def test_the_message_is_in_chinese_by_default(api, documents):
    response = api.get(LIST, {"cursor": cursor(p="abc")})
    assert response.status_code == 400
    assert "游标" in response.json()["cursor"][0]


@pytest.mark.parametrize(
    "ordering", ["", "-date_published", "date_published", "date_formed", "-date_formed", "id"]
)
def test_the_apis_own_cursors_walk_every_document(api, documents, ordering):
    seen, url = [], f"{LIST}?page_size=2&ordering={ordering}"
    while url:
        response = api.get(url)
        assert response.status_code == 200
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        last, url = body, body["next"]
    assert sorted(seen) == sorted(d.pk for d in documents) and len(seen) == len(documents)
    # And the previous links are accepted back (DRF's own cursors, not crafted ones).
    url = last["previous"]
    while url:
        response = api.get(url)
        assert response.status_code == 200
        url = response.json()["previous"]
