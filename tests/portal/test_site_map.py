"""网站地图: an HTML page with every public section and each agency's column, grouped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from portal.models import Agency
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


class Sections(HTMLParser):
    """Each <h2> in <main> with the links (href → text) under it."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: dict[str, dict[str, str]] = {}
        self._main = False
        self._heading: str | None = None
        self._in_h2 = False
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self._main = True
        elif self._main and tag == "h2":
            self._in_h2, self._heading = True, ""
        elif self._main and tag == "a" and self._heading is not None:
            self._href = attrs["href"]
            self.groups[self._heading][self._href] = ""

    def handle_endtag(self, tag):
        if tag == "main":
            self._main = False
        elif tag == "h2" and self._in_h2:
            self._in_h2 = False
            self.groups[self._heading] = {}
        elif tag == "a":
            self._href = None

    def handle_data(self, data):
        if self._in_h2:
            self._heading += data.strip()
        elif self._href:
            self.groups[self._heading][self._href] += data.strip()


def sections(response) -> dict[str, dict[str, str]]:
    parser = Sections()
    parser.feed(response.content.decode())
    return parser.groups


def test_the_site_map_lists_every_public_section_grouped(client):
    response = client.get("/sitemap/")
    assert response.status_code == 200
    groups = sections(response)
    assert groups["政府信息公开"]["/reports/"] == "政府信息公开工作年度报告"
    assert set(groups["政府信息公开"]) == {
        "/disclosure/",
        "/openness/",
        "/disclosure/normative/",
        "/reports/",
        "/disclosure/negative-list/",
        "/enforcement/",
        "/powers/",
        "/enforcement/inspections/",
        "/subsidies/",
        "/concern-responses/",
        "/budgets/",
        "/gazette/",
        "/newmedia/",
        "/proposals/",
        "/proposals/statistics/",
        "/decisions/",
        "/keytasks/",
    }
    assert set(groups["依申请公开"]) == {"/requests/apply/", "/requests/track/"}
    assert set(groups["政策解读"]) == {
        "/interpretation/",
        "/interpretation/questions/",
        "/interpretation/consultations/",
        "/policies/",
        "/policies/automatic/",
        "/policies/finder/",
        "/briefings/",
    }
    assert {"/data/documents.csv", "/feeds/documents.atom", "/api/v1/docs/",
            "/data/inspection-results.csv", "/feeds/inspections.atom",
            "/data/power-items.csv", "/feeds/powers.atom",
            "/data/major-decisions.csv", "/feeds/decisions.atom", "/data/key-tasks.csv",
            "/feeds/keytasks.atom"} <= set(
        groups["开放数据与订阅"]
    )  # fmt: skip


def test_the_site_map_lists_each_active_agencys_column(client, agency_a):
    child = AgencyFactory(parent=agency_a, name="丽水市教育局", code="331100100")
    AgencyFactory(parent=agency_a, name="已撤销的局", code="331100999", is_active=False)
    columns = sections(client.get("/sitemap/"))["信息公开专栏"]
    assert columns[agency_a.get_absolute_url()] == "丽水市人民政府"
    assert columns[child.get_absolute_url()] == "丽水市教育局"
    assert "已撤销的局" not in columns.values()
    assert len(columns) == Agency.objects.filter(is_active=True).count()


def test_every_page_links_the_site_map_from_its_footer(client, agency_a):
    page = client.get(agency_a.get_absolute_url()).content.decode()
    footer = page[page.index("<footer") :]
    assert '<a href="/sitemap/">网站地图</a>' in footer
