"""The public 财政预决算 column: only what is published, by tab, year and agency; a disclosure's
page with its documents, figures, "三公" table and the comparison of final accounts with the
budget; the documents' downloads; the link from the agency's column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from budgets import comparison
from budgets.models import Kind, Scope, Table
from tests.budgets.conftest import draft, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(agency_a, drafter_a, reviewer_a, publisher_a):
    """The 2025 budget and final accounts of agency A, both published."""
    budget = publish(draft(agency_a, drafter_a, year=2025, approval_date=dt.date(2025, 1, 20)),
                     drafter_a, reviewer_a, publisher_a, on=dt.date(2025, 2, 5))  # fmt: skip
    final = publish(
        draft(agency_a, drafter_a, kind=Kind.FINAL, year=2025, approval_date=dt.date(2026, 7, 20),
              total_income=Decimal("200000.00"), total_expenditure=Decimal("190000.00"),
              outbound_travel=Decimal("6.45"), vehicle_operation=Decimal("25.37"),
              reception=Decimal("7.12"), variance_explanation="压减出国（境）团组2个。"),
        drafter_a, reviewer_a, publisher_a, on=dt.date(2026, 8, 20),
    )  # fmt: skip
    return budget, final


def test_comparison_figures(pair):
    budget, final = pair
    found = comparison.compare(final)
    assert found is not None and found.budget == budget and found.final == final
    lines = {line.key: line for line in found.lines}
    three = lines["three_public_total"]
    assert (three.budget, three.final) == (Decimal("45.00"), Decimal("38.94"))
    assert three.difference == Decimal("-6.06")
    assert three.percent == Decimal("-13.5")
    assert lines["total_income"].difference == Decimal("1263.20")
    assert lines["vehicle_purchase"].percent is None  # no percentage of a budget of zero
    # The budget's page finds the same comparison.
    assert comparison.compare(budget).final == final


def test_final_accounts_page_shows_the_budget_beside_it(client, pair):
    _budget, final = pair
    page = client.get(final.get_absolute_url()).content.decode()
    assert "部门决算" in page
    assert "<caption" in page
    assert "-6.06" in page and "-13.5%" in page
    assert "压减出国（境）团组2个。" in page
    assert "逾期" in page  # approved 2026-07-20, published 2026-08-20: late


def test_disclosure_page_lists_documents_and_tables(client, published_budget):
    page = client.get(published_budget.get_absolute_url()).content.decode()
    assert "2026年部门预算.pdf" in page
    assert "PDF · " in page
    assert "“三公”经费支出表" in page
    assert "198,736.80" in page  # 万元, thousands separated as budget tables write them
    assert "按时" in page


def test_document_download(client, published_budget):
    attachment = published_budget.attachments.get()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_unpublished_has_no_public_address(client, agency_a, drafter_a):
    disclosure = draft(agency_a, drafter_a, year=2024, approval_date=dt.date(2024, 1, 10))
    assert client.get(disclosure.get_absolute_url()).status_code == 404
    assert client.get(disclosure.attachments.get().get_absolute_url()).status_code == 404
    assert "2024年部门预算" not in client.get("/budgets/").content.decode()


def test_column_lists_published_by_tab(client, published_budget, agency_a, drafter_a,
                                       reviewer_a, publisher_a):  # fmt: skip
    government = publish(
        draft(agency_a, drafter_a, scope=Scope.GOVERNMENT, region="丽水市",
              tables=[Table.SUMMARY], outbound_travel=None, vehicle_purchase=None,
              vehicle_operation=None, reception=None),
        drafter_a, reviewer_a, publisher_a,
    )  # fmt: skip
    page = client.get("/budgets/").content.decode()
    assert "财政预决算" in page
    assert published_budget.title in page and government.title in page
    page = client.get("/budgets/", {"tab": "government"}).content.decode()
    assert government.title in page and published_budget.title not in page
    page = client.get("/budgets/", {"tab": "department-budget", "year": "2026"}).content.decode()
    assert published_budget.title in page and government.title not in page
    page = client.get("/budgets/", {"year": "2025"}).content.decode()
    assert published_budget.title not in page


def test_filter_by_agency(client, published_budget, agency_b):
    page = client.get("/budgets/", {"agency": agency_b.code}).content.decode()
    assert published_budget.title not in page


def test_agency_column_links_to_its_budgets(client, published_budget, agency_a):
    page = client.get(f"/agencies/{agency_a.code}/").content.decode()
    assert published_budget.get_absolute_url() in page
    assert f"/budgets/?agency={agency_a.code}" in page
