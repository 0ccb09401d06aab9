"""Personas and helpers for the budget tests: disclosures recorded, given their documents and
published through the services, as staff do; publication dates set as the story needs."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from budgets import deadlines, drafting
from budgets.demo import _plain_pdf
from budgets.models import BudgetDisclosure, Kind, Scope, Table
from publishing import workflow
from publishing.models import ReviewResult

PDF = _plain_pdf(["Lishui education bureau 2026 budget"])


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["项目", "金额（万元）"])
    sheet.append(["收入总计", 100.5])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "2026年部门预算.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def draft(agency: Any, drafter: Any, **fields: Any) -> BudgetDisclosure:
    values: dict[str, Any] = {
        "agency": agency,
        "scope": Scope.DEPARTMENT,
        "kind": Kind.BUDGET,
        "year": 2026,
        "approval_date": dt.date(2026, 1, 22),
        "approved_by": "丽财预〔2026〕2号",
        "tables": list(Table.values),
        "total_income": Decimal("198736.80"),
        "total_expenditure": Decimal("198736.80"),
        "outbound_travel": Decimal("10.00"),
        "vehicle_purchase": Decimal("0.00"),
        "vehicle_operation": Decimal("26.50"),
        "reception": Decimal("8.50"),
        "description": "2026年部门预算说明。",
    }
    values.update(fields)
    attach = values.pop("attach", True)
    disclosure = drafting.disclosure_save(disclosure=BudgetDisclosure(**values), user=drafter)
    if attach:
        drafting.attachment_add(disclosure=disclosure, user=drafter, upload=pdf_upload())
    return disclosure


def publish(
    disclosure: BudgetDisclosure, drafter: Any, reviewer: Any, publisher: Any,
    on: dt.date | None = None,
) -> BudgetDisclosure:  # fmt: skip
    """Through the workflow; ``on``: the day in China it went public (10:00 local time)."""
    workflow.submit(obj=disclosure, user=drafter)
    workflow.approve(obj=disclosure, user=reviewer, review_result=ReviewResult.CLEAR)
    disclosure = workflow.publish(obj=disclosure, user=publisher)
    if on is not None:
        moment = dt.datetime.combine(on, dt.time(10, 0), tzinfo=deadlines.CHINA)
        BudgetDisclosure.objects.filter(pk=disclosure.pk).update(published_at=moment)
        disclosure.refresh_from_db()
    return disclosure


@pytest.fixture
def published_budget(agency_a, drafter_a, reviewer_a, publisher_a) -> BudgetDisclosure:
    return publish(draft(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a,
                   on=dt.date(2026, 2, 6))  # fmt: skip
