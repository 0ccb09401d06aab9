"""Amounts in 万元 read as budget tables write them, 186,452.37, on the public pages and in the
feed (Django's Chinese number format groups nothing); the open-data files keep plain numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from budgets.amounts import format_amount
from budgets.models import Kind
from tests.budgets.conftest import draft, publish

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "signed", "shown"),
    [
        (Decimal("186452.37"), False, "186,452.37"),
        (Decimal("1234567.5"), False, "1,234,567.50"),
        (Decimal("50.4"), False, "50.40"),
        (Decimal("0"), False, "0.00"),
        (None, False, ""),
        (Decimal("5865.69"), True, "+5,865.69"),
        (Decimal("-11460.2"), True, "-11,460.20"),
        (Decimal("0.00"), True, "0.00"),
    ],
)
def test_format_amount(value, signed, shown):
    assert format_amount(value, signed=signed) == shown


def test_pages_and_feed_group_thousands(client, agency_a, drafter_a, reviewer_a, publisher_a):
    publish(draft(agency_a, drafter_a, year=2025, approval_date=dt.date(2025, 1, 20)),
            drafter_a, reviewer_a, publisher_a, on=dt.date(2025, 2, 5))  # fmt: skip
    final = publish(
        draft(agency_a, drafter_a, kind=Kind.FINAL, year=2025, approval_date=dt.date(2026, 7, 20),
              total_income=Decimal("1200000.00"), total_expenditure=Decimal("190000.00"),
              variance_explanation="追加项目资金。"),
        drafter_a, reviewer_a, publisher_a, on=dt.date(2026, 8, 20),
    )  # fmt: skip
    detail = client.get(final.get_absolute_url()).content.decode()
    assert "<td>1,200,000.00</td>" in detail
    # The comparison with the budget (198,736.80): the difference signed and grouped.
    assert "<td>+1,001,263.20</td>" in detail
    assert "1200000.00" not in detail
    listing = client.get("/budgets/?tab=department-final").content.decode()
    assert "1,200,000.00" in listing
    feed = client.get("/feeds/budgets.rss").content.decode()
    assert "1,200,000.00" in feed
    # Open data stays machine-readable.
    api = client.get(f"/api/v1/budgets/{final.pk}/").json()
    assert api["total_income"] == "1200000.00"
