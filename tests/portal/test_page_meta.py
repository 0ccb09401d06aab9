"""What every page says about itself and where the navigation leads: a meta description on
every page (specific where the page has a better text), the main sections in the navigation,
and the open data, feeds and API linked from the home page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.disclosure.test_public_pages import published

pytestmark = pytest.mark.django_db


class Head(HTMLParser):
    """The meta description, the <link rel="alternate"> elements, the navigation's and the
    main content's links."""

    def __init__(self) -> None:
        super().__init__()
        self.descriptions: list[str] = []
        self.alternates: dict[str, str] = {}
        self.nav: dict[str, str] = {}
        self.main_links: set[str] = set()
        self._where: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.descriptions.append(attrs["content"])
        elif tag == "link" and attrs.get("rel") == "alternate":
            self.alternates[attrs["href"]] = attrs["type"]
        elif tag in ("nav", "main"):
            self._where.append(tag if tag == "main" else attrs.get("class", ""))
        elif tag == "a" and self._where:
            if self._where[-1] == "site-nav":
                self._href = attrs["href"]
                self.nav[self._href] = ""
            elif "main" in self._where:
                self.main_links.add(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("nav", "main") and self._where:
            self._where.pop()
        elif tag == "a":
            self._href = None

    def handle_data(self, data):
        if self._href:
            self.nav[self._href] += data.strip()


def head(client, url: str) -> Head:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Head()
    parser.feed(response.content.decode())
    return parser


PAGES = [
    "/",
    "/agencies/",
    "/agencies/331100000/",
    "/agencies/331100000/profile/",
    "/agencies/331100000/guide/",
    "/agencies/331100000/rules/",
    "/agencies/331100000/statutory/",
    "/agencies/331100000/reports/",
    "/agencies/331100000/apply/",
    "/accessibility/",
    "/disclosure/",
    "/disclosure/normative/",
    "/disclosure/negative-list/",
    "/reports/",
    "/interpretation/",
    "/interpretation/questions/",
    "/interpretation/consultations/",
    "/requests/apply/",
    "/search/?q=通知",
    "/sitemap/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_one_meta_description(client, agency_a, url):
    descriptions = head(client, url).descriptions
    assert len(descriptions) == 1
    assert 10 < len(descriptions[0]) <= 150


def test_pages_without_their_own_text_describe_the_site(client, agency_a):
    (description,) = head(client, "/disclosure/").descriptions
    assert description.startswith("政务公开：") and "申请获取" in description


def test_the_home_page_and_an_agency_column_describe_themselves(client, agency_a):
    default = head(client, "/disclosure/").descriptions
    home = head(client, "/").descriptions
    column = head(client, "/agencies/331100000/").descriptions
    assert home != default and "最新公开的政府信息" in home[0]
    assert column != default and "丽水市人民政府" in column[0]


def test_a_document_is_described_by_its_summary(client, agency_a):
    document = published(agency_a, "关于开展春季植树活动的通知", summary="各单位于三月组织植树。")
    assert head(client, document.get_absolute_url()).descriptions == ["各单位于三月组织植树。"]


def test_a_document_without_summary_is_described_by_its_first_words(client, agency_a):
    body = "<p>为进一步做好春季植树工作，" + "现将有关事项通知如下。" * 30 + "</p>"
    document = published(agency_a, "关于植树的通知", body=body)
    (description,) = head(client, document.get_absolute_url()).descriptions
    assert description.startswith("关于植树的通知：为进一步做好春季植树工作，")
    assert "<p>" not in description and len(description) <= 150


def test_the_search_page_describes_the_search(client, agency_a):
    (description,) = head(client, "/search/?q=植树").descriptions
    assert "植树" in description and "搜索政府信息" in description


def test_the_navigation_reaches_the_main_sections(client, agency_a):
    nav = head(client, "/").nav
    assert nav["/reports/"] == "公开年报"
    assert nav["/interpretation/"] == "政策解读"
    assert nav["/interpretation/consultations/"] == "意见征集"
    assert nav["/interpretation/questions/"] == "政策问答"


def test_the_home_page_links_open_data_feeds_and_the_api(client, agency_a):
    home = head(client, "/")
    assert {
        "/data/documents.csv",
        "/data/catalog-items.csv",
        "/data/negative-list.csv",
        "/feeds/documents.atom",
        "/feeds/documents.rss",
        "/feeds/interpretations.atom",
        "/feeds/consultations.atom",
        "/api/v1/docs/",
    } <= home.main_links
    assert home.alternates["/feeds/documents.atom"] == "application/atom+xml"
    assert home.alternates["/feeds/documents.rss"] == "application/rss+xml"
    assert home.alternates["/feeds/interpretations.atom"] == "application/atom+xml"
    assert home.alternates["/feeds/consultations.rss"] == "application/rss+xml"
    # Every link in the head answers.
    for url in home.alternates:
        assert client.get(url).status_code == 200, url
