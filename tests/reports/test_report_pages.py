"""The public pages of the annual reports as a citizen on a phone meets them: inside the site's
layout with breadcrumbs, each table in its own focusable, named box that scrolls sideways with
the rows' labels marked to stay in view, and the list filtered by the agency's name (the old
?agency=<code> links still work)."""

from __future__ import annotations

import lxml.html
import pytest

from publishing.models import Status
from reports import output, tables
from reports.models import AnnualReport
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

YEAR = 2025


def page(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def publish(agency, year: int = YEAR) -> AnnualReport:
    return AnnualReport.objects.create(
        agency=agency,
        year=year,
        status=Status.PUBLISHED,
        frozen_tables=tables.compute(agency, year),
        section_overview="总体情况。",
    )


def crumbs(tree) -> list[tuple[str, str | None]]:
    return [
        (" ".join(li.text_content().split()), (li.xpath("./a/@href") or [None])[0])
        for li in tree.xpath("//nav[@class='breadcrumbs']//li")
    ]


# --- The report page ---


def test_report_page_is_inside_the_site_layout_with_breadcrumbs(client, agency_a):
    publish(agency_a)

    tree = page(client.get(f"/reports/{agency_a.code}/{YEAR}/"))

    assert tree.xpath("//header[@class='site-header']") and tree.xpath("//footer")
    assert crumbs(tree) == [
        ("首页", "/"),
        ("政府信息公开年报", "/reports/"),
        (agency_a.name, f"/reports/?agency={agency_a.code}"),
        (f"{YEAR}年", None),
    ]
    assert tree.xpath("//main//article[contains(@class, 'panel')]//h1")


def test_each_table_scrolls_in_its_own_named_focusable_box(client, agency_a):
    publish(agency_a)

    tree = page(client.get(f"/reports/{agency_a.code}/{YEAR}/"))

    tables_ = tree.xpath("//table[contains(@class, 'annual-report-table')]")
    assert len(tables_) == 3
    for table in tables_:
        box = table.getparent()
        assert "table-scroll" in box.get("class").split()
        assert box.get("role") == "region" and box.get("tabindex") == "0"
        heading = tree.xpath(f"//h2[@id='{box.get('aria-labelledby')}']")
        assert heading and heading[0].text_content().startswith(("二、", "三、", "四、"))
    # The page itself no longer scrolls as a whole.
    assert not tree.xpath("//*[contains(@class, 'annual-report-scroll')]")


def test_row_labels_are_row_headers_that_stay_in_view(client, agency_a):
    publish(agency_a)

    tree = page(client.get(f"/reports/{agency_a.code}/{YEAR}/"))

    table2_labels = tree.xpath("//table[contains(@class, 'table2')]//th[@scope='row']")
    assert [th.text_content() for th in table2_labels][:2] == ["规章", "行政规范性文件"]
    assert all("row-label" in th.get("class").split() for th in table2_labels)
    # Table three: every data row has exactly one row label, its own (the innermost) label.
    for row in tree.xpath("//table[contains(@class, 'table3')]//tr[td]"):
        labels = row.xpath("./th[@scope='row']")
        assert len(labels) == 1 and "row-label" in labels[0].get("class").split()
        assert labels[0] is row.xpath("./th")[-1]


def test_the_pdf_source_keeps_the_tables(agency_a):
    html = output.render_html(tables.compute(agency_a, YEAR))

    assert html.count("<table") == 3 and "三、收到和处理政府信息公开申请情况" in html


# --- The list ---


def test_list_filters_by_agency_name(client, agency_a):
    other = AgencyFactory(name="丽水市教育局")
    without = AgencyFactory(name="丽水市水利局")  # no published report: not offered
    publish(agency_a)
    publish(other)
    AnnualReport.objects.create(agency=without, year=YEAR)  # a draft

    tree = page(client.get("/reports/"))

    select = tree.xpath("//select[@name='agency']")[0]
    assert tree.xpath(f"//label[@for='{select.get('id')}']")[0].text_content() == "机构"
    options = {o.text_content(): o.get("value") for o in select.xpath("./option")}
    assert options == {"全部机关": "", agency_a.name: agency_a.code, "丽水市教育局": other.code}
    assert not tree.xpath("//input[@name='agency']")  # no code to type

    filtered = page(client.get("/reports/", {"agency": options["丽水市教育局"]}))

    titles = [
        a.text_content() for a in filtered.xpath("//ul[contains(@class, 'annual-reports')]//a")
    ]
    assert titles == [f"丽水市教育局{YEAR}年政府信息公开工作年度报告"]
    chosen = filtered.xpath("//select[@name='agency']/option[@selected]")
    assert [o.text_content() for o in chosen] == ["丽水市教育局"]


def test_old_links_with_the_agency_code_still_filter(client, agency_a):
    publish(agency_a)
    publish(AgencyFactory(name="丽水市教育局"))

    tree = page(client.get(f"/reports/?agency={agency_a.code}&year={YEAR}"))

    assert [a.get("href") for a in tree.xpath("//ul[contains(@class, 'annual-reports')]//a")] == [
        f"/reports/{agency_a.code}/{YEAR}/"
    ]


def test_list_offers_the_years_with_reports_newest_first(client, agency_a):
    publish(agency_a, 2024)
    publish(agency_a, 2025)

    tree = page(client.get("/reports/"))

    years = [o.get("value") for o in tree.xpath("//select[@name='year']/option")]
    assert years == ["", "2025", "2024"]


def test_list_has_breadcrumbs(client):
    tree = page(client.get("/reports/"))

    assert crumbs(tree) == [("首页", "/"), ("政府信息公开年报", None)]


def test_list_queries_do_not_grow_with_reports(client, agency_a, django_assert_max_num_queries):
    for year in range(2015, 2025):
        publish(agency_a, year)

    with django_assert_max_num_queries(8):
        client.get("/reports/")
