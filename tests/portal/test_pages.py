"""The public pages: home, the agency directory, an agency's column, the layout around them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from portal import columns
from portal.agencies import agency_create
from portal.columns import ColumnSection
from portal.models import Agency, AgencyKind, AgencyLevel, StaffRole
from tests.factories import StaffClient, staff

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = Path(__file__).parent / "templates"


# --- Reading the HTML the way a browser would (nesting and attributes, not substrings) ---

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    ancestors: list[Element]
    text: str = ""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def within(self, tag: str, css_class: str | None = None) -> list[Element]:
        return [
            a
            for a in self.ancestors
            if a.tag == tag and (css_class is None or css_class in a.classes)
        ]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self.stack: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, list(self.stack))
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data


def parse(response: HttpResponse) -> list[Element]:
    parser = _Parser()
    parser.feed(response.content.decode())
    return parser.elements


def find(response: HttpResponse, tag: str, css_class: str | None = None) -> list[Element]:
    return [
        e for e in parse(response) if e.tag == tag and (css_class is None or css_class in e.classes)
    ]


def link(response: HttpResponse, text: str) -> Element:
    matches = [e for e in parse(response) if e.tag == "a" and e.text.strip() == text]
    assert matches, f"no link {text!r}"
    return matches[0]


def nav_links(response: HttpResponse) -> dict[str, str | None]:
    """The main navigation: label -> its aria-current value (None when not current)."""
    return {
        e.text.strip(): e.attrs.get("aria-current")
        for e in parse(response)
        if e.tag == "a" and e.within("nav", "site-nav")
    }


def text_size_buttons(response: HttpResponse) -> list[Element]:
    """The header's text-size switch (the 长者模式 switch beside it is a toggle too)."""
    return [b for b in find(response, "button", "toggle") if b.within("form", "text-size")]


def html_element(response: HttpResponse) -> Element:
    return find(response, "html")[0]


def tree_depth(response: HttpResponse, name: str) -> int:
    """How deep an agency sits in the directory tree (1 for a top-level entry)."""
    return len(link(response, name).within("ul", "agency-tree"))


def text_of(response: HttpResponse) -> str:
    """The visible text of the page, whitespace collapsed."""
    return " ".join(html_element(response).text.split())


# --- The agencies of a small province ---


@pytest.fixture
def jiangnan() -> SimpleNamespace:
    province = agency_create(
        parent=None,
        name="江南省人民政府",
        code="JN",
        level=AgencyLevel.PROVINCE,
        kind=AgencyKind.GOVERNMENT,
        office_name="江南省人民政府办公厅政务公开办公室",
        office_address="江南省青山市人民路1号",
        office_postcode="310000",
        office_hours="工作日 9:00-17:00",
        office_phone="0571-87050000",
        office_email="gongkai@jiangnan.example",
        office_website="https://www.jiangnan.example/gongkai/",
        disclosure_guide="一、主动公开\n本机关通过信息公开专栏主动公开政府信息。\n\n"
        "二、依申请公开\n公民、法人或者其他组织可以申请获取政府信息。",
        guide_updated_on=datetime.date(2025, 3, 1),
    )
    education = agency_create(
        parent=province, name="江南省教育厅", code="JN-EDU", level=AgencyLevel.PROVINCE
    )
    finance = agency_create(
        parent=province, name="江南省财政厅", code="JN-FIN", level=AgencyLevel.PROVINCE
    )
    city = agency_create(
        parent=province,
        name="青山市人民政府",
        code="QS",
        level=AgencyLevel.CITY,
        kind=AgencyKind.GOVERNMENT,
        office_phone="0571-86000000",
    )
    city_education = agency_create(
        parent=city, name="青山市教育局", code="QS-EDU", level=AgencyLevel.CITY
    )
    city_environment = agency_create(
        parent=city, name="青山市生态环境局", code="QS-ENV", level=AgencyLevel.CITY
    )
    county = agency_create(
        parent=city,
        name="绿水区人民政府",
        code="LS",
        level=AgencyLevel.COUNTY,
        kind=AgencyKind.GOVERNMENT,
    )
    abolished = agency_create(
        parent=city, name="青山市粮食局", code="QS-GRAIN", level=AgencyLevel.CITY, is_active=False
    )
    return SimpleNamespace(
        province=province,
        education=education,
        finance=finance,
        city=city,
        city_education=city_education,
        city_environment=city_environment,
        county=county,
        abolished=abolished,
    )


# --- Language ---


def test_pages_are_in_simplified_chinese_by_default(client, jiangnan):
    response = client.get("/")

    assert response.status_code == 200
    assert html_element(response).attrs["lang"] == "zh-Hans"
    assert nav_links(response) == {
        "首页": "page",
        "机构导航": None,
        "信息公开目录": None,
        "五公开": None,
        "政府公报": None,
        "公开年报": None,
        "依申请公开": None,
        "政策解读": None,
        "意见征集": None,
        "政策问答": None,
        "政策文件库": None,
        "互动交流": None,
        "负面清单": None,
        "开放数据": None,
        "搜索": None,
    }
    assert "跳到主要内容" in text_of(response)


def test_switching_to_english_shows_english_labels(client, jiangnan):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/agencies/"})
    assert switched.status_code == 302
    assert switched.url == "/agencies/"

    response = client.get("/agencies/")

    assert html_element(response).attrs["lang"] == "en"
    assert nav_links(response) == {
        "Home": None,
        "Agency directory": "page",
        "Disclosure catalog": None,
        "Five kinds of openness": None,
        "Government gazette": None,
        "Disclosure annual reports": None,
        "Request information": None,
        "Policy interpretation": None,
        "Consultations": None,
        "Policy Q&A": None,
        "Policy library": None,
        "Interaction": None,
        "Negative list": None,
        "Open data": None,
        "Search": None,
    }
    assert "<h1>Agency directory</h1>" in response.content.decode()


def test_a_browser_set_to_english_still_gets_chinese(client, jiangnan):
    response = client.get("/", headers={"accept-language": "en"})

    assert html_element(response).attrs["lang"] == "zh-Hans"
    assert "跳到主要内容" in text_of(response)


def test_english_once_chosen_is_honoured(client, jiangnan):
    client.cookies["django_language"] = "en"  # chosen with the switch
    response = client.get("/")

    assert html_element(response).attrs["lang"] == "en"
    assert "Skip to main content" in text_of(response)


def test_language_switch_offers_the_other_language_in_its_own_language(client):
    chinese = client.get("/")
    client.cookies["django_language"] = "en"  # chosen with the switch
    english = client.get("/")

    offered_in_chinese = find(chinese, "button", "link-button")[0]
    assert offered_in_chinese.attrs["value"] == "en"
    assert [e.attrs["lang"] for e in parse(chinese) if e.text == "English"] == ["en"]
    offered_in_english = find(english, "button", "link-button")[0]
    assert offered_in_english.attrs["value"] == "zh-hans"
    assert [e.attrs["lang"] for e in parse(english) if e.text == "简体中文"] == ["zh-Hans"]


# --- Home ---


def test_home_lists_the_top_two_levels_of_agencies(client, jiangnan):
    response = client.get("/")

    text = text_of(response)
    assert "江南省人民政府" in text
    assert link(response, "青山市人民政府").attrs["href"] == "/agencies/QS/"
    assert "绿水区人民政府" not in text  # the third level is in the directory only


def test_home_without_agencies_says_none_are_published(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "暂无已发布的机构" in text_of(response)
    assert not find(response, "section", "footer-office")


def test_home_reads_the_database_a_fixed_number_of_times(
    client, jiangnan, django_assert_num_queries
):
    # The site group's hosts (portal.sites), the top agencies, the site agency and the site
    # identity for the footer (all three kept until the public content changes), the latest
    # disclosures.
    with django_assert_num_queries(5):
        client.get("/")


# --- Agency directory ---


def test_directory_nests_agencies_under_their_parents(client, jiangnan):
    response = client.get("/agencies/")

    assert tree_depth(response, "江南省人民政府") == 1
    assert tree_depth(response, "江南省教育厅") == 2
    assert tree_depth(response, "青山市人民政府") == 2
    assert tree_depth(response, "青山市教育局") == 3
    city_item = link(response, "青山市人民政府").ancestors[-2]
    assert city_item.tag == "li"
    assert "青山市教育局" in city_item.text
    assert "江南省财政厅" not in city_item.text


def test_directory_filter_shows_matches_in_their_place(client, jiangnan):
    response = client.get("/agencies/", {"q": "教育"})

    text = text_of(response)
    assert "江南省财政厅" not in text
    assert "青山市生态环境局" not in text
    assert "绿水区人民政府" not in text
    # The matches, with the agencies above them so that each is shown in its place.
    assert tree_depth(response, "青山市教育局") == 3
    assert tree_depth(response, "江南省教育厅") == 2
    assert tree_depth(response, "青山市人民政府") == 2
    highlighted = {e.text.split()[0] for e in find(response, "span", "is-match")}
    assert highlighted == {"江南省教育厅", "青山市教育局"}
    field = next(e for e in find(response, "input") if e.attrs.get("id") == "agency-q")
    assert field.attrs["value"] == "教育"


def test_directory_filter_without_match_explains_and_offers_all(client, jiangnan):
    response = client.get("/agencies/", {"q": "海关"})

    assert response.status_code == 200
    assert "没有名称含“海关”的机构" in text_of(response)
    assert not find(response, "ul", "agency-tree")
    assert link(response, "显示全部机构").attrs["href"] == "/agencies/"


def test_directory_filter_is_escaped(client, jiangnan):
    response = client.get("/agencies/", {"q": "<script>x</script>"})

    assert "<script>x</script>" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


def test_abolished_agency_leaves_the_directory(client, jiangnan):
    response = client.get("/agencies/")

    assert "青山市粮食局" not in text_of(response)


def test_directory_reads_the_database_a_fixed_number_of_times(
    client, jiangnan, django_assert_num_queries
):
    for number in range(5):
        agency_create(
            parent=jiangnan.county,
            name=f"绿水区第{number}局",
            code=f"LS-{number}",
            level=AgencyLevel.COUNTY,
        )
    # The site group's hosts (portal.sites), all agencies in one query, and the site agency and
    # the site identity for the footer.
    with django_assert_num_queries(4):
        client.get("/agencies/")


# --- Agency column ---


def test_column_shows_the_disclosure_guide(client, jiangnan):
    response = client.get("/agencies/JN/")

    assert response.status_code == 200
    guide = find(response, "section")[0]
    assert guide.attrs["id"] == "guide"
    assert "政府信息公开指南" in guide.text
    # Blank lines separate paragraphs; a single line break stays a line break.
    paragraphs = [e for e in find(response, "p") if e.within("div", "prose")]
    assert [p.text for p in paragraphs] == [
        "一、主动公开本机关通过信息公开专栏主动公开政府信息。",
        "二、依申请公开公民、法人或者其他组织可以申请获取政府信息。",
    ]
    line_breaks = [e for e in find(response, "br") if e.within("div", "prose")]
    assert len(line_breaks) == 2
    assert find(response, "time")[0].attrs["datetime"] == "2025-03-01"
    assert "2025年3月1日" in guide.text


def test_column_lists_the_disclosure_office_contacts(client, jiangnan):
    response = client.get("/agencies/JN/")

    office = next(e for e in find(response, "section") if e.attrs.get("id") == "office")
    terms = [e.text for e in parse(response) if e.tag == "dt" and office in e.ancestors]
    assert terms == ["机构名称", "办公地址", "邮政编码", "办公时间", "联系电话", "电子邮箱", "网址"]
    assert "传真" not in office.text  # no fax number: no empty "fax" line
    assert "0571-87050000" in office.text
    assert link(response, "gongkai@jiangnan.example").attrs["href"] == (
        "mailto:gongkai@jiangnan.example"
    )
    assert link(response, "https://www.jiangnan.example/gongkai/").within("section")


def test_column_without_guide_or_contacts_says_so(client, jiangnan):
    response = client.get("/agencies/JN-FIN/")

    text = text_of(response)
    assert "该机构尚未发布政府信息公开指南" in text
    assert "该机构尚未公布政府信息公开工作机构的联系方式" in text
    assert not find(response, "dl", "contact-list-wide")


def test_column_shows_breadcrumbs_and_active_sub_agencies(client, jiangnan):
    response = client.get("/agencies/QS/")

    crumbs = [e for e in parse(response) if e.tag == "li" and e.within("nav", "breadcrumbs")]
    assert [c.text.strip() for c in crumbs] == [
        "首页",
        "机构导航",
        "江南省人民政府",
        "青山市人民政府",
    ]
    assert crumbs[-1].attrs["aria-current"] == "page"
    sub_agencies = next(e for e in find(response, "section") if e.attrs.get("id") == "sub-agencies")
    assert "青山市教育局" in sub_agencies.text
    assert "绿水区人民政府" in sub_agencies.text
    assert "青山市粮食局" not in sub_agencies.text


def test_abolished_agency_has_no_column(client, jiangnan):
    response = client.get("/agencies/QS-GRAIN/")

    assert response.status_code == 404
    assert "页面不存在" in text_of(response)
    assert link(response, "返回首页").attrs["href"] == "/"


def test_column_renders_the_sections_apps_register(client, jiangnan, monkeypatch, settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]
    monkeypatch.setattr(columns, "_sections", [])

    def annual_reports(request, agency: Agency) -> ColumnSection:
        return ColumnSection(
            title="政府信息公开工作年度报告",
            template="tests/column_section.html",
            context={"items": [f"{agency.name}2024年度报告"]},
            anchor="annual-reports",
        )

    def nothing_to_show(request, agency: Agency) -> None:
        return None

    columns.register_section(annual_reports)
    columns.register_section(nothing_to_show)

    response = client.get("/agencies/QS/")

    section = next(e for e in find(response, "section") if e.attrs.get("id") == "annual-reports")
    assert section.attrs["aria-labelledby"] == "annual-reports-title"
    assert "政府信息公开工作年度报告" in section.text
    assert "青山市人民政府2024年度报告" in section.text
    toc = [e.attrs["href"] for e in parse(response) if e.tag == "a" and e.within("nav", "toc")]
    assert toc == ["#guide", "#office", "#annual-reports", "#sub-agencies"]


# --- Footer ---


def test_footer_shows_the_site_agency_disclosure_office(client, jiangnan):
    response = client.get("/agencies/")

    footer = find(response, "footer")[0]
    assert "江南省人民政府办公厅政务公开办公室" in footer.text
    assert "0571-87050000" in footer.text
    assert "工作日 9:00-17:00" in footer.text
    assert "江南省青山市人民路1号（邮政编码：310000）" in footer.text
    column = link(response, "江南省人民政府信息公开专栏")
    assert column.attrs["href"] == "/agencies/JN/"


def test_footer_follows_the_configured_site_agency(client, jiangnan, settings):
    settings.SITE_AGENCY_CODE = "QS"

    response = client.get("/")

    footer = find(response, "footer")[0]
    assert "0571-86000000" in footer.text
    assert "0571-87050000" not in footer.text


def test_the_footer_shows_contacts_changed_in_the_back_office_at_once(
    client, agency_a, django_capture_on_commit_callbacks
):
    # The agency tree behind the footer is kept in the cache until an agency changes.
    site = Agency.objects.get(path=agency_a.path[: Agency.steplen])
    assert "0578-7777777" not in find(client.get("/"), "footer")[0].text
    admin = StaffClient()
    admin.force_login(staff("head_site", site, StaffRole.Role.OFFICE_HEAD))
    change = f"/admin/portal/agency/{site.pk}/change/"
    form = admin.get(change).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["office_phone"] = "0578-7777777"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(change, data).status_code == 302

    assert "0578-7777777" in find(client.get("/"), "footer")[0].text


# --- Large text ---


def test_large_text_is_remembered_and_enlarges_the_next_page(client, jiangnan):
    response = client.post("/display/text-size/", {"size": "large", "next": "/agencies/QS/"})

    assert response.status_code == 302
    assert response.url == "/agencies/QS/"
    assert response.cookies["text_size"].value == "large"
    page = client.get(response.url)
    assert "large-text" in html_element(page).classes
    pressed = {b.attrs["value"]: b.attrs["aria-pressed"] for b in text_size_buttons(page)}
    assert pressed == {"normal": "false", "large": "true"}


def test_normal_text_forgets_large_text(client):
    client.cookies["text_size"] = "large"

    response = client.post("/display/text-size/", {"size": "normal", "next": "/"})

    assert response.cookies["text_size"]["max-age"] == 0
    page = client.get("/")
    assert "large-text" not in html_element(page).classes
    pressed = {b.attrs["value"]: b.attrs["aria-pressed"] for b in text_size_buttons(page)}
    assert pressed == {"normal": "true", "large": "false"}


def test_text_size_form_returns_to_the_page_it_was_on(client, jiangnan):
    page = client.get("/agencies/QS/")

    form = next(e for e in find(page, "form") if e.attrs["action"] == "/display/text-size/")
    assert form.attrs["method"] == "post"
    fields = {
        e.attrs["name"]: e.attrs.get("value") for e in find(page, "input") if form in e.ancestors
    }
    assert fields["next"] == "/agencies/QS/"
    # A display preference only: no token, so that the page can be shared from the cache.
    assert "csrfmiddlewaretoken" not in fields


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", ""])
def test_text_size_does_not_follow_an_off_site_next(client, target):
    response = client.post("/display/text-size/", {"size": "large", "next": target})

    assert response.status_code == 302
    assert response.url == "/"


def test_text_size_is_changed_by_post_only(client):
    assert client.get("/display/text-size/?size=large").status_code == 405


# --- Navigation and header ---


def test_navigation_marks_the_current_page(client, jiangnan):
    def current(response) -> dict:
        return {label: value for label, value in nav_links(response).items() if value}

    assert current(client.get("/")) == {"首页": "page"}
    assert current(client.get("/agencies/")) == {"机构导航": "page"}
    # On an agency's column, the directory is the current section rather than the page.
    assert current(client.get("/agencies/QS/")) == {"机构导航": "true"}
    assert current(client.get("/disclosure/")) == {"信息公开目录": "page"}


@pytest.mark.urls("tests.portal.urls_pages")
def test_navigation_marks_only_the_most_specific_entry(client):
    response = client.get("/catalog/negative-list/")

    current = {label: value for label, value in nav_links(response).items() if value}
    assert current == {"负面清单": "page"}
    assert list(nav_links(response)) == [
        "首页",
        "机构导航",
        "信息公开目录",
        "五公开",
        "政府公报",
        "公开年报",
        "依申请公开",
        "政策解读",
        "意见征集",
        "政策问答",
        "政策文件库",
        "互动交流",
        "负面清单",
        "开放数据",
        "搜索",
    ]


@pytest.mark.urls("tests.portal.urls_pages")
def test_header_search_box_appears_once_search_exists(client):
    response = client.get("/")

    form = find(response, "form", "site-search")[0]
    assert form.attrs["action"] == "/search/"
    assert form.attrs["method"] == "get"
    field = next(e for e in find(response, "input") if form in e.ancestors)
    assert field.attrs["name"] == "q"
    labels = [e for e in find(response, "label") if e.attrs.get("for") == field.attrs["id"]]
    assert labels[0].text == "站内搜索"


@pytest.mark.urls("tests.portal.urls_without_search")
def test_header_has_no_search_box_without_search(client):
    response = client.get("/")

    assert not find(response, "form", "site-search")
    assert "搜索" not in nav_links(response)


def test_skip_link_leads_to_the_main_content(client):
    response = client.get("/")

    skip = find(response, "a", "skip-link")[0]
    assert skip.attrs["href"] == "#main"
    assert find(response, "main")[0].attrs["id"] == "main"
    assert find(response, "nav", "site-nav")[0].attrs["aria-label"] == "主导航"


# --- Error pages ---


@pytest.mark.urls("tests.portal.urls_pages")
def test_forbidden_page_is_explained(client):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert "无权访问" in text_of(response)


def test_server_error_page_needs_no_request_and_no_database(django_assert_num_queries):
    with translation.override("zh-hans"), django_assert_num_queries(0):
        html = render_to_string("500.html")

    assert "服务器错误" in html
    assert 'lang="zh-Hans"' in html
    assert "/static/" not in html  # no stylesheet that might itself be missing
    assert 'href="/"' in html


# --- Assets ---


def test_pages_load_no_script_or_style_from_elsewhere(client, jiangnan):
    for url in ["/", "/agencies/", "/agencies/JN/", "/agencies/QS-GRAIN/"]:
        response = client.get(url)
        assets = (
            [e.attrs["src"] for e in find(response, "script")]
            # (not the feeds the home page names for feed readers: links, not assets)
            + [e.attrs["href"] for e in find(response, "link") if e.attrs["rel"] != "alternate"]
            + [e.attrs["src"] for e in find(response, "img")]
        )
        assert assets, url
        for asset in assets:
            assert asset.startswith("/static/"), (url, asset)


def test_static_assets_exist_and_fetch_nothing_from_elsewhere():
    for name in ["css/portal.css", "js/portal.js", "img/favicon.svg"]:
        path = finders.find(name)
        assert path, name
        # An SVG names its XML namespace with a URL; that is an identifier, not a fetch.
        content = Path(path).read_text(encoding="utf-8").replace("http://www.w3.org/2000/svg", "")
        for reference in ["http://", "https://", "url(//", "@import"]:
            assert reference not in content, (name, reference)


def test_a_form_sent_without_its_security_token_is_explained_in_chinese(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/search/", {"q": "x"})  # no form here takes a post without a token
    page = response.content.decode()
    assert response.status_code == 403
    assert "表单未能提交" in page and "没有保存任何内容" in page
    assert 'lang="zh-Hans"' in page  # the site's own layout, not Django's developer page
    assert "CSRF" not in page
