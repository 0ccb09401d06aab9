"""The header switches (text size, elder mode, language) carry ``next``: a short path on this
site, never the whole address however long or odd its query string; the switches still check it
before redirecting."""

from __future__ import annotations

import re

import pytest

from django.test import RequestFactory

from portal.return_paths import RETURN_PATH_MAX, return_path

pytestmark = pytest.mark.django_db


def nexts(page: str) -> list[str]:
    return re.findall(r'name="next" value="([^"]*)"', page)


def test_next_keeps_a_short_query(client):
    found = nexts(client.get("/proposals/?year=2026").content.decode())
    assert found and set(found) == {"/proposals/?year=2026"}


def test_next_drops_a_long_query(client):
    long = "x" * 2000
    page = client.get(f"/proposals/?q={long}").content.decode()
    found = nexts(page)
    assert found and set(found) == {"/proposals/"}
    assert page.count(long) <= 1  # the search box's own echo at most, not three copies


def test_next_escapes_markup_in_the_query(client):
    page = client.get("/budgets/?agency=%22%3E%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert "<script>alert(1)" not in page
    for value in nexts(page):
        assert value.startswith("/budgets/?") and "<" not in value and '"' not in value


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("//evil.example/", "", "/evil.example/"),
        ("/\\evil.example/", "", "/evil.example/"),
        ("/budgets/", "year=2026", "/budgets/?year=2026"),
        ("/budgets/", "q=" + "y" * RETURN_PATH_MAX, "/budgets/"),
        ("/" + "a" * (RETURN_PATH_MAX + 1), "", "/"),
        ("/搜索/", "q=公开", "/%E6%90%9C%E7%B4%A2/?q=%E5%85%AC%E5%BC%80"),
    ],
)
def test_return_path(path, query, expected):
    request = RequestFactory().get(path, QUERY_STRING=query)
    request.path = path
    assert return_path(request) == expected


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_the_switch_refuses_another_site(client, target):
    response = client.post("/display/elder-mode/", {"mode": "on", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
