"""The standard 政府信息公开 column of an agency: its pages in the gov.cn order (公开指南, 公开制度,
法定主动公开内容, 公开年报, 依申请公开, with the column page and the profile), the column's
navigation and breadcrumbs on each, the paper application form and the procedure's flowchart."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pypdf
import pytest

from django.test import override_settings
from django.utils import timezone, translation

from disclosure.models import Document, StatutoryCategory, Theme
from portal.agencies import agency_create
from portal.models import Agency, AgencyKind, AgencyLevel
from publishing.models import Status
from reports.models import AnnualReport
from requests_app.forms import ApplicationForm
from tests.portal.test_pages import find, parse, text_of

pytestmark = pytest.mark.django_db

PAGES = {
    "column": "/agencies/{code}/",
    "guide": "/agencies/{code}/guide/",
    "rules": "/agencies/{code}/rules/",
    "statutory": "/agencies/{code}/statutory/",
    "profile": "/agencies/{code}/profile/",
    "reports": "/agencies/{code}/reports/",
    "apply": "/agencies/{code}/apply/",
}
# The column's navigation in Chinese, in the gov.cn order.
NAV = ["信息公开专栏", "政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "机构概况",
       "政府信息公开年报", "依申请公开"]  # fmt: skip
PAGE_NAMES = dict(zip(PAGES, NAV, strict=True))


@pytest.fixture
def city() -> Agency:
    province = agency_create(
        parent=None,
        name="江南省人民政府",
        code="JN",
        level=AgencyLevel.PROVINCE,
        kind=AgencyKind.GOVERNMENT,
    )
    city = agency_create(
        parent=province,
        name="青山市人民政府",
        code="QS",
        level=AgencyLevel.CITY,
        kind=AgencyKind.GOVERNMENT,
        office_name="青山市人民政府办公室政务公开科",
        office_address="青山市人民路1号",
        office_postcode="310000",
        office_hours="工作日 9:00-17:00",
        office_phone="0571-86000000",
        disclosure_guide="一、主动公开\n青山市通过本专栏主动公开政府信息。",
        guide_updated_on=dt.date(2025, 3, 1),
    )
    agency_create(parent=city, name="青山市教育局", code="QS-EDU", level=AgencyLevel.CITY)
    agency_create(
        parent=province,
        name="白云市人民政府",
        code="BY",
        level=AgencyLevel.CITY,
        kind=AgencyKind.GOVERNMENT,
        disclosure_guide="白云市的指南。",
    )
    return city


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def published(code: str, title: str, **fields) -> Document:
    values = {
        "agency": agency(code),
        "title": title,
        "date_formed": dt.date(2026, 3, 2),
        "date_published": dt.date(2026, 3, 5),
        "status": Status.PUBLISHED,
        **fields,
    }
    return Document.objects.create(**values)


def disclosure_theme() -> Theme:
    return Theme.objects.get(parent__name="综合政务", name="政务公开")


def column_nav(response) -> list[tuple[str, str | None]]:
    return [
        (e.text.strip(), e.attrs.get("aria-current"))
        for e in parse(response)
        if e.tag == "a" and e.within("nav", "column-nav")
    ]


def crumbs(response) -> list[str]:
    return [
        e.text.strip() for e in parse(response) if e.tag == "li" and e.within("nav", "breadcrumbs")
    ]


def section_text(response, heading_id: str) -> str:
    section = next(
        e for e in find(response, "section") if heading_id in e.attrs.get("aria-labelledby", "")
    )
    return " ".join(section.text.split())


# --- Every page: navigation and breadcrumbs -------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_page_of_the_column_lists_the_column_and_marks_itself(client, city, page):
    response = client.get(PAGES[page].format(code="QS"))

    assert response.status_code == 200
    nav = column_nav(response)
    assert [title for title, _ in nav] == NAV
    assert [title for title, current in nav if current == "page"] == [PAGE_NAMES[page]]
    links = [
        e.attrs["href"] for e in parse(response) if e.tag == "a" and e.within("nav", "column-nav")
    ]
    assert links == [path.format(code="QS") for path in PAGES.values()]


@pytest.mark.parametrize("page", [p for p in PAGES if p != "column"])
def test_every_page_has_breadcrumbs_down_to_itself(client, city, page):
    response = client.get(PAGES[page].format(code="QS"))

    assert crumbs(response) == [
        "首页",
        "机构导航",
        "江南省人民政府",
        "青山市人民政府",
        PAGE_NAMES[page],
    ]
    breadcrumb_nav = find(response, "nav", "breadcrumbs")[0]
    assert breadcrumb_nav.attrs["aria-label"] == "当前位置"
    last = [e for e in parse(response) if e.tag == "li" and e.within("nav", "breadcrumbs")][-1]
    assert last.within("ol") and last.attrs["aria-current"] == "page"


@pytest.mark.parametrize("page", PAGES)
def test_an_unknown_or_abolished_agency_has_no_column_pages(client, city, page):
    agency_create(
        parent=city, name="青山市粮食局", code="QS-GRAIN", level=AgencyLevel.CITY, is_active=False
    )

    assert client.get(PAGES[page].format(code="NOPE")).status_code == 404
    assert client.get(PAGES[page].format(code="QS-GRAIN")).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_have_no_form_that_posts_and_come_from_the_page_cache(client, city, page):
    path = PAGES[page].format(code="QS")
    with override_settings(PAGE_CACHE_SECONDS=300, PAGE_CACHE_CLIENT_SECONDS=60):
        first = client.get(path)
        second = client.get(path)

    forms = [e for e in parse(first) if e.tag == "form" and e.within("main")]
    assert not [f for f in forms if f.attrs.get("method", "get").lower() == "post"]
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")


def test_the_column_is_in_english_by_the_visitors_choice(client, city):
    client.cookies["django_language"] = "en"

    response = client.get("/agencies/QS/guide/")

    assert [title for title, _ in column_nav(response)] == [
        "Information disclosure column", "Disclosure guide", "Disclosure rules",
        "Information disclosed proactively by law", "Agency profile",
        "Annual disclosure reports", "Request information",
    ]  # fmt: skip
    assert crumbs(response)[-1] == "Disclosure guide"


# --- 政府信息公开指南 ----------------------------------------------------------------------------


def test_the_guide_has_a_page_of_its_own_with_the_office(client, city):
    response = client.get("/agencies/QS/guide/")

    assert find(response, "h1")[0].text == "政府信息公开指南"
    text = text_of(response)
    assert "青山市通过本专栏主动公开政府信息。" in text
    assert "白云市的指南" not in text
    assert "青山市人民路1号" in text and "0571-86000000" in text
    assert find(response, "time")[0].attrs["datetime"] == "2025-03-01"


def test_a_missing_guide_is_said_to_be_missing(client, city):
    response = client.get("/agencies/QS-EDU/guide/")

    assert "该机构尚未发布政府信息公开指南" in text_of(response)


# --- 政府信息公开制度 ----------------------------------------------------------------------------


def test_the_rules_are_the_disclosure_documents_of_the_agency_and_those_above(client, city):
    theme = disclosure_theme()
    published("JN", "江南省政府信息公开保密审查办法", theme=theme)
    published("QS", "青山市政府信息公开工作制度", theme=theme)
    published("QS-EDU", "青山市教育局依申请公开工作规程", theme=theme)
    published("BY", "白云市政府信息公开工作制度", theme=theme)
    published("QS", "青山市城市规划", theme=Theme.objects.get(parent__name="综合政务", name="其他"))
    published("QS", "青山市政务公开草稿", theme=theme, status=Status.DRAFT)

    response = client.get("/agencies/QS/rules/")

    listed = [
        e.text.strip() for e in parse(response) if e.tag == "a" and e.within("ul", "latest-list")
    ]
    assert sorted(listed) == sorted(
        [
            "江南省政府信息公开保密审查办法",
            "青山市政府信息公开工作制度",
            "青山市教育局依申请公开工作规程",
        ]
    )


def test_an_agency_without_rules_says_so(client, city):
    response = client.get("/agencies/QS/rules/")

    assert "尚未发布政府信息公开制度" in text_of(response)


# --- 法定主动公开内容 ----------------------------------------------------------------------------


def test_the_statutory_page_counts_each_art20_category_and_links_its_content(client, city):
    published("QS", "青山市2026年预算", statutory_category=StatutoryCategory.BUDGETS)
    published("QS-EDU", "青山市教育局2026年预算", statutory_category=StatutoryCategory.BUDGETS)
    published("BY", "白云市2026年预算", statutory_category=StatutoryCategory.BUDGETS)
    published(
        "QS", "未发布的预算", statutory_category=StatutoryCategory.BUDGETS, status=Status.DRAFT
    )

    response = client.get("/agencies/QS/statutory/")

    rows = [e for e in parse(response) if e.tag == "li" and e.within("ol", "art20-list")]
    assert len(rows) == 15
    budgets = " ".join(rows[StatutoryCategory.BUDGETS - 1].text.split())
    # Published by the agency and the agencies below it: not a draft, not another city's.
    assert budgets.replace(" ", "") == "（七）财政预算、决算信息2条"
    assert rows[0].text.split()[-1] == "0条"
    link = next(e for e in parse(response) if e.tag == "a" and "art20=7" in e.attrs.get("href", ""))
    assert link.attrs["href"] == "/disclosure/?agency=QS&art20=7"


# --- 政府信息公开年报 ----------------------------------------------------------------------------


def test_the_reports_archive_lists_the_agencys_published_reports_newest_first(client, city):
    now = timezone.now()
    for year in (2023, 2025, 2024):
        AnnualReport.objects.create(
            agency=city, year=year, status=Status.PUBLISHED, published_at=now, frozen_tables={}
        )
    AnnualReport.objects.create(agency=city, year=2026, status=Status.DRAFT)
    AnnualReport.objects.create(
        agency=agency("BY"), year=2025, status=Status.PUBLISHED, published_at=now, frozen_tables={}
    )

    response = client.get("/agencies/QS/reports/")

    years = [e.text for e in find(response, "span", "report-year")]
    assert years == ["2025", "2024", "2023"]
    assert "白云市" not in section_text(response, "reports-title")
    hrefs = [
        e.attrs["href"]
        for e in parse(response)
        if e.tag == "a" and e.within("ol", "report-archive")
    ]
    assert "/reports/QS/2025/" in hrefs and "/reports/QS/2025/report.pdf" in hrefs


def test_an_agency_without_reports_says_so(client, city):
    response = client.get("/agencies/QS/reports/")

    assert section_text(response, "reports-title").endswith("尚未发布年度报告。")


# --- 依申请公开 ----------------------------------------------------------------------------------


def test_the_apply_page_offers_the_online_form_the_paper_form_and_the_office(client, city):
    response = client.get("/agencies/QS/apply/")

    hrefs = [e.attrs["href"] for e in parse(response) if e.tag == "a" and e.within("main")]
    assert "/requests/apply/?agency=QS" in hrefs
    assert "/agencies/QS/apply/form.pdf" in hrefs
    assert "/agencies/QS/apply/form.docx" in hrefs
    by_post = section_text(response, "post-title")
    assert "青山市人民路1号" in by_post and "310000" in by_post
    assert "工作日 9:00-17:00" in by_post and "0571-86000000" in by_post


def test_a_body_that_takes_no_requests_says_where_to_go(client, city):
    agency_create(
        parent=city,
        name="青山市人民代表大会常务委员会",
        code="QS-NPC",
        level=AgencyLevel.CITY,
        takes_applications=False,
        applications_elsewhere="请向青山市人大常委会办公厅咨询。",
    )

    response = client.get("/agencies/QS-NPC/apply/")

    text = text_of(response)
    assert "青山市人民代表大会常务委员会不是行政机关，不受理政府信息公开申请" in text
    assert "请向青山市人大常委会办公厅咨询。" in text
    assert "/agencies/QS-NPC/apply/form.pdf" not in response.content.decode()
    assert client.get("/agencies/QS-NPC/apply/form.pdf").status_code == 404
    assert client.get("/agencies/QS-NPC/apply/form.docx").status_code == 404


def test_the_columns_apply_button_opens_the_form_for_that_agency_and_only_where_it_applies(
    client, city
):
    def buttons(path: str) -> list[str]:
        return [e.attrs.get("href") for e in find(client.get(path), "a", "button")]

    assert "/requests/apply/?agency=QS" in buttons("/agencies/QS/")
    agency_create(
        parent=city,
        name="青山市人民代表大会常务委员会",
        code="QS-NPC",
        level=AgencyLevel.CITY,
        takes_applications=False,
        applications_elsewhere="请向青山市人大常委会办公厅咨询。",
    )
    assert not any("/requests/apply/" in href for href in buttons("/agencies/QS-NPC/"))


def test_the_flowchart_has_a_text_alternative_with_the_statutory_limits(client, city):
    response = client.get("/agencies/QS/apply/")

    figure = find(response, "figure", "procedure")[0]
    caption = next(e for e in parse(response) if e.tag == "figcaption" and figure in e.ancestors)
    assert figure.attrs["aria-labelledby"] == caption.attrs["id"]
    words = "".join(caption.text.split())
    # Art 33: 20 working days to answer, at most 20 more; Art 30: correction within 7.
    assert "20个工作日" in words and "7个工作日" in words
    for step in ("登记", "补正", "延期", "答复"):
        assert step in words
    steps = [e for e in parse(response) if e.tag == "li" and e.within("ol", "procedure-steps")]
    assert [" ".join(s.text.split())[:2] for s in steps] == ["提交", "登记", "补正", "延期", "答复"]


# --- The paper application form ---------------------------------------------------------------


def paper_labels() -> list[str]:
    """Every label of the online form but the bots' trap, in Chinese."""
    with translation.override("zh-hans"):
        return [
            str(f.label) for name, f in ApplicationForm.base_fields.items() if name != "website"
        ]


def test_the_pdf_form_has_every_field_of_the_online_form(client, city):
    response = client.get("/agencies/QS/apply/form.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="application-form-QS.pdf"'
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s", "", "".join(page.extract_text() for page in reader.pages))
    assert "政府信息公开申请表" in text
    assert "青山市人民政府" in text
    missing = [label for label in paper_labels() if re.sub(r"\s", "", label) not in text]
    assert not missing


def test_the_word_form_has_every_field_of_the_online_form(client, city):
    response = client.get("/agencies/QS/apply/form.docx")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert set(paper_labels()) <= set(cells)
    assert "青山市人民政府" in cells
    # The choices of the online form are boxes to tick.
    assert any("☐ 自然人" in cell for cell in cells)


def test_a_new_field_of_the_online_form_appears_on_paper(client, city, monkeypatch):
    from django import forms

    fields = dict(ApplicationForm.base_fields)
    fields["phone_landline"] = forms.CharField(label="备用电话")
    monkeypatch.setattr(ApplicationForm, "base_fields", fields)

    response = client.get("/agencies/QS/apply/form.docx")

    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "备用电话" in cells


# --- Reading the database a fixed number of times ---------------------------------------------


@pytest.mark.parametrize("page", ["rules", "reports"])
def test_list_pages_read_the_database_a_fixed_number_of_times(client, city, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    theme = disclosure_theme()

    def add(number: int) -> None:
        published("QS-EDU", f"青山市教育局政务公开制度{number}", theme=theme)
        AnnualReport.objects.create(
            agency=city, year=2000 + number, status=Status.PUBLISHED,
            published_at=timezone.now(), frozen_tables={},
        )  # fmt: skip

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGES[page].format(code="QS")).status_code == 200
        return len(captured)

    add(1)
    queries()  # the footer's agency tree is computed once and then shared (until_changed)
    one = queries()
    for number in range(2, 7):
        add(number)
    assert queries() == one
