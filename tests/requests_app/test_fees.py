"""The processing fee (国办函〔2020〕109号): by count per applicant per month, or by volume."""

from __future__ import annotations

from decimal import Decimal

import pytest

from requests_app import fees


@pytest.mark.parametrize(
    ("position", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300),
     (51, 400), (61, 500)],
)  # fmt: skip
def test_fee_by_count(position, fee):
    assert fees.fee_by_count(position) == Decimal(fee)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_fee_by_volume(pages, fee):
    assert fees.fee_by_volume(pages) == Decimal(fee)


def test_nonsense_quantities_are_refused():
    with pytest.raises(ValueError):
        fees.fee_by_count(0)
    with pytest.raises(ValueError):
        fees.fee_by_volume(-1)
