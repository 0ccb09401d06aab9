"""The site group in a browser (issue 21): one server answers the city's host and its county's
(lishui.localhost and jinyun.lishui.localhost; Chromium takes every *.localhost for the loopback
address), each with its own identity, navigation and content; a county agency's document is on
the county's site and in the city site's 区县动态; search on each site finds only what that
site shows; a host no site claims gets the plain 404 page.

The shared ``portal`` of conftest.py runs the demo without sites (its journeys use 127.0.0.1);
this module starts its own server with ``load_demo --sites`` and two documents of its own: one
of 缙云县人民政府 and one of 丽水市人民政府, both titled with the same search word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import STEP_TIMEOUT_MS, Portal, demo_server

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240, func_only=True)]

CITY_HOST = "lishui.localhost"
COUNTY_HOST = "jinyun.lishui.localhost"
UNKNOWN_HOST = "qingtian.lishui.localhost"
CITY_NAME = "丽水市人民政府门户网站"
COUNTY_NAME = "缙云县人民政府门户网站"
# portal/demo.py DEMO_SITES: the county's navigation, in order.
COUNTY_NAV = ["首页", "信息公开目录", "依申请公开", "政策解读", "互动交流", "搜索"]
WORD = "站群巡检"
COUNTY_DOC = f"缙云县人民政府关于开展{WORD}工作的通知"
CITY_DOC = f"丽水市人民政府关于部署{WORD}工作的通知"

# Run by manage.py shell before the server starts (the journeys never touch the ORM).
PLANT = f"""
import datetime as dt
from django.utils import timezone
from disclosure.models import Document
from portal.models import Agency
from publishing.models import Status
PLANTED = [("331122000", {COUNTY_DOC!r}), ("331100000", {CITY_DOC!r})]
for number, (code, title) in enumerate(PLANTED):
    agency = Agency.objects.get(code=code)
    Document.objects.get_or_create(
        title=title,
        defaults=dict(
            agency=agency, index_number=f"{{code}}/2026-0900{{number}}",
            date_formed=timezone.localdate(), date_published=timezone.localdate(),
            published_at=timezone.now(), status=Status.PUBLISHED,
            body="<p>" + title + "。各有关单位认真组织实施。</p>",
        ),
    )
"""

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}"""


@pytest.fixture(scope="module")
def site_group() -> Iterator[Portal]:
    """A portal server with the demo as a site group, on a free port, for this module."""
    # The pytest process set ALLOWED_HOSTS for the test client (tests/settings.py); the server
    # answers every *.localhost, as under DEBUG by default, so that the unknown host reaches
    # the site group's own 404 rather than Django's 400.
    with demo_server(
        "_sites",
        demo_options=("--sites",),
        before_index=(PLANT,),
        environment={"ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1"},
    ) as served:
        yield served


@pytest.fixture
def tab(browser, site_group: Portal) -> Iterator[Page]:
    """A page in a fresh Chinese-speaking profile; journeys give full addresses (two hosts)."""
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    expect.set_options(timeout=STEP_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def at(site_group: Portal, host: str, path: str = "/") -> str:
    port = site_group.url.rsplit(":", 1)[1]
    return f"http://{host}:{port}{path}"


def check_axe(page: Page, axe_script: Path) -> None:
    page.evaluate(axe_script.read_text())
    violations = page.evaluate(RUN_AXE)
    assert not violations, f"axe found on {page.url}:\n" + "\n".join(violations)


def nav_labels(page: Page) -> list[str]:
    return [
        text.strip()
        for text in page.get_by_role("navigation", name="主导航")
        .get_by_role("link")
        .all_inner_texts()
    ]


def test_two_hosts_show_two_sites_from_one_server(
    tab: Page, site_group: Portal, axe_script: Path, screenshot
) -> None:
    page = tab
    # The city's site: its name in the header and the title, its navigation, its colours.
    response = page.goto(at(site_group, CITY_HOST))
    assert response is not None and response.status == 200
    expect(page.locator(".site-name")).to_contain_text(CITY_NAME)
    expect(page).to_have_title(re.compile(CITY_NAME))
    expect(page.locator("body")).to_have_class(re.compile(r"\btheme-blue\b"))
    expect(page.locator(".site-footer")).to_contain_text("浙ICP备05011001号")
    city_nav = nav_labels(page)
    # 区县动态: the county's document, read where it is stored, linking to the county's site.
    county_news = page.locator("#county-news")
    expect(county_news.get_by_role("link", name=COUNTY_DOC)).to_be_visible()
    expect(county_news.get_by_role("link", name=COUNTY_NAME)).to_have_attribute(
        "href", re.compile(rf"//{re.escape(COUNTY_HOST)}:\d+/$")
    )
    check_axe(page, axe_script)
    screenshot(page, "city")
    expect(page.locator("main").get_by_role("link", name=CITY_DOC).first).to_be_visible()

    # One click on to the county's site: another name, navigation and colour.
    county_news.get_by_role("link", name=COUNTY_NAME).click()
    expect(page).to_have_url(at(site_group, COUNTY_HOST))
    expect(page.locator(".site-name")).to_contain_text(COUNTY_NAME)
    expect(page).to_have_title(re.compile(COUNTY_NAME))
    expect(page.locator("body")).to_have_class(re.compile(r"\btheme-green\b"))
    expect(page.locator(".site-footer")).to_contain_text("浙ICP备05011022号")
    assert nav_labels(page) == COUNTY_NAV
    assert nav_labels(page) != city_nav
    expect(page.locator(".site-header")).not_to_contain_text(CITY_NAME)
    # Its own content: the county's document, not the city's.
    main = page.locator("main")
    expect(main.get_by_role("link", name=COUNTY_DOC).first).to_be_visible()
    expect(main).not_to_contain_text(CITY_DOC)
    expect(main).not_to_contain_text("丽水市财政局")
    check_axe(page, axe_script)
    screenshot(page, "county")

    main.get_by_role("link", name=COUNTY_DOC).first.click()
    expect(page.locator("h1")).to_contain_text(COUNTY_DOC)
    assert page.url.startswith(at(site_group, COUNTY_HOST, "/disclosure/"))
    check_axe(page, axe_script)
    screenshot(page, "county-document")


def test_another_sites_document_sends_the_visitor_on_to_that_site(
    tab: Page, site_group: Portal, screenshot
) -> None:
    page = tab
    page.goto(at(site_group, CITY_HOST))
    city_doc = page.locator("main").get_by_role("link", name=CITY_DOC).first.get_attribute("href")
    assert city_doc
    # The city's document asked for on the county's site: sent on to the city's site (on the
    # demo's port: a browser on the same machine reaches both sites on it).
    page.goto(at(site_group, COUNTY_HOST, city_doc))
    expect(page).to_have_url(at(site_group, CITY_HOST, city_doc))
    expect(page.locator("h1")).to_contain_text(CITY_DOC)
    expect(page.locator(".site-name")).to_contain_text(CITY_NAME)
    screenshot(page)


def test_the_catalog_of_each_site_lists_its_own_agencies_documents(
    tab: Page, site_group: Portal, screenshot
) -> None:
    page = tab
    page.goto(at(site_group, COUNTY_HOST, "/disclosure/"))
    main = page.locator("main")
    expect(main.get_by_role("link", name=COUNTY_DOC).first).to_be_visible()
    expect(main).not_to_contain_text(CITY_DOC)
    screenshot(page, "county-catalog")
    page.goto(at(site_group, CITY_HOST, "/disclosure/"))
    main = page.locator("main")
    expect(main.get_by_role("link", name=CITY_DOC).first).to_be_visible()
    expect(main.get_by_role("link", name=COUNTY_DOC).first).to_be_visible()
    screenshot(page, "city-catalog")


def test_search_on_each_site_finds_only_what_that_site_shows(
    tab: Page, site_group: Portal, screenshot
) -> None:
    page = tab
    page.goto(at(site_group, CITY_HOST))
    page.get_by_role("searchbox", name="站内搜索").fill(WORD)
    page.get_by_role("search").get_by_role("button", name="搜索").click()
    results = page.locator("main")
    expect(results.get_by_role("link", name=CITY_DOC)).to_be_visible()
    expect(results.get_by_role("link", name=COUNTY_DOC)).to_be_visible()
    screenshot(page, "city")

    page.goto(at(site_group, COUNTY_HOST))
    page.get_by_role("searchbox", name="站内搜索").fill(WORD)
    page.get_by_role("search").get_by_role("button", name="搜索").click()
    results = page.locator("main")
    expect(results.get_by_role("link", name=COUNTY_DOC)).to_be_visible()
    screenshot(page, "county")
    expect(results).not_to_contain_text(CITY_DOC)


def test_a_host_no_site_claims_gets_the_plain_404(
    tab: Page, site_group: Portal, screenshot
) -> None:
    page = tab
    for path in ("/", "/disclosure/", "/search/?q=" + WORD):
        response = page.goto(at(site_group, UNKNOWN_HOST, path))
        assert response is not None and response.status == 404
        expect(page.locator("h1")).to_have_text("404")
        expect(page.locator("body")).not_to_contain_text(CITY_NAME)
        expect(page.locator("body")).not_to_contain_text(COUNTY_NAME)
        expect(page.locator("body")).not_to_contain_text(WORD)
        assert page.locator("nav, header, footer, a").count() == 0
    screenshot(page)


def test_the_plain_404_passes_axe(tab: Page, site_group: Portal, axe_script: Path) -> None:
    response = tab.goto(at(site_group, UNKNOWN_HOST))
    assert response is not None and response.status == 404
    check_axe(tab, axe_script)
