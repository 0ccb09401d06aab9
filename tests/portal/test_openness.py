"""五公开: one page, linked from every page's navigation, leads to what is published about
decisions, their implementation, management, services, results and the responses to public
concern."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_five_kinds_of_openness_lead_to_their_sections(client):
    response = client.get("/openness/")
    assert response.status_code == 200
    page = response.content.decode()
    headings = re.findall(r"<h2 id=\"openness-\d+\">([^<]+)</h2>", page)
    assert headings[:5] == ["决策公开", "执行公开", "管理公开", "服务公开", "结果公开"]
    assert "回应关切" in headings
    for url in ("/decisions/", "/keytasks/", "/powers/", "/policies/", "/budgets/",
                "/proposals/", "/concern-responses/", "/briefings/", "/newmedia/"):  # fmt: skip
        assert f'href="{url}"' in page, url
        assert client.get(url).status_code == 200, url


def test_every_page_links_the_openness_page_in_its_navigation(client):
    page = client.get("/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.S)
    assert nav and 'href="/openness/"' in nav.group(0) and "五公开" in nav.group(0)
