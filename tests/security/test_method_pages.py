"""A method a page refuses (OPTIONS, POST on a page that only shows, GET on a switch) is
answered 405 with a short page in the site's layout and an Allow header, JSON under /api/;
HEAD is answered like GET on the 五公开 pages. These were empty 405 answers (and HEAD was
refused by pages marked GET only)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/openness/",
    "/decisions/",
    "/keytasks/",
    "/concern-responses/",
    "/briefings/",
    "/newmedia/",
    "/proposals/",
    "/proposals/statistics/",
    "/budgets/",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("method", ["options", "post", "put", "delete"])
def test_a_refused_method_gets_a_page_with_allow(client, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    page = response.content.decode()
    assert 'lang="zh-Hans"' in page and "<h1>" in page
    assert "405" in page and method.upper() in page
    assert "此页面不能这样使用" in page and f"此地址不接受 {method.upper()} 方法" in page


@pytest.mark.parametrize("url", PAGES)
def test_head_is_answered_like_get(client, url):
    response = client.head(url)
    assert response.status_code == 200
    assert not response.content


def test_a_switch_refuses_get_with_a_page(client):
    response = client.get("/display/elder-mode/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "<h1>" in response.content.decode()


def test_the_api_answers_json(client):
    response = client.post("/api/v1/budgets/")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert "detail" in response.json()


def test_a_refused_method_under_the_api_outside_drf_is_json(rf):
    from django.http import HttpResponseNotAllowed

    from portal.method_pages import MethodNotAllowedPageMiddleware

    middleware = MethodNotAllowedPageMiddleware(lambda request: HttpResponseNotAllowed(["GET"]))
    response = middleware(rf.options("/api/v1/anything/"))
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response["Content-Type"] == "application/json"
    assert "OPTIONS" in json.loads(response.content)["detail"]
