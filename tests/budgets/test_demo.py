"""The demo 财政预决算: 丽水市教育局's budgets and final accounts (the 2025 final accounts beside
the 2025 budget), the government budget of 丽水市, a late budget and an overdue draft; each with
a readable PDF and XLSX; loading twice adds nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from budgets import comparison, deadlines, demo
from budgets.models import BudgetDisclosure, Kind, Scope
from inspection import budgets as budget_checks
from portal import demo as portal_demo
from publishing.models import Status

pytestmark = pytest.mark.django_db


def test_the_demo_budgets_are_made_once_with_their_documents(client):
    portal_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    assert BudgetDisclosure.objects.count() == len(demo.DISCLOSURES) == 6
    assert BudgetDisclosure.objects.published().count() == 5
    government = BudgetDisclosure.objects.get(scope=Scope.GOVERNMENT)
    assert government.title == "丽水市2026年政府预算"
    final = BudgetDisclosure.objects.get(agency__code=demo.EDUCATION, kind=Kind.FINAL)
    found = comparison.compare(final)
    assert found is not None and found.budget.year == 2025 and found.differs
    for disclosure in BudgetDisclosure.objects.all():
        pdf, xlsx = disclosure.attachments.order_by("order")
        assert len(PdfReader(pdf.file.open("rb")).pages) >= 1
        assert load_workbook(xlsx.file.open("rb")).sheetnames[0] == "收支总表"
    page = client.get(final.get_absolute_url()).content.decode()
    assert "决算与预算对比" in page


def test_the_demo_has_one_late_budget_and_one_overdue_draft():
    portal_demo.load(StringIO())
    demo.load(StringIO())
    today = dt.date(2026, 12, 4)
    late = budget_checks.late_budget_findings(today)
    assert [f.subject for f in late] == ["丽水市人民政府办公室2026年部门预算"]
    overdue = budget_checks.overdue_budget_findings(today)
    assert [f.subject for f in overdue] == ["丽水市财政局2025年部门决算"]
    on_time = BudgetDisclosure.objects.published().exclude(agency__code=demo.OFFICE)
    assert all(deadlines.timeliness(d) == deadlines.Timeliness.ON_TIME for d in on_time)
    assert (
        BudgetDisclosure.objects.get(agency__code=demo.FINANCE, scope=Scope.DEPARTMENT).status
        == Status.DRAFT
    )
