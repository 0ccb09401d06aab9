"""The information-processing fee (信息处理费, 国办函〔2020〕109号, domain-spec section 4).

Per applicant, per calendar month; the agency chooses one method per application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

from django.db.models import QuerySet

FREE_REQUESTS_PER_MONTH = 10
FREE_PAGES = 30


def fee_by_count(position_in_month: int) -> Decimal:
    """The fee for the applicant's n-th request in a calendar month (按件计收).

    1-10 free; 11th-30th 100 yuan each; from the 31st, in bands of ten, each band 100 yuan per
    request more than the last (31st-40th 200, 41st-50th 300, ...).
    """
    if position_in_month < 1:
        raise ValueError("a request's position in the month starts at 1")
    if position_in_month <= FREE_REQUESTS_PER_MONTH:
        return Decimal(0)
    if position_in_month <= 30:
        return Decimal(100)
    band = (position_in_month - 31) // 10
    return Decimal(200 + 100 * band)


def fee_by_volume(pages: int) -> Decimal:
    """The fee for one application by the number of pages (按量计收), in tiers:
    up to 30 free; pages 31-100 10 yuan each; 101-200 20 yuan each; 201 and more 40 yuan each."""
    if pages < 0:
        raise ValueError("the number of pages cannot be negative")
    tiers = [(30, 0), (100, 10), (200, 20), (None, 40)]
    total = 0
    lower = 0
    for upper, rate in tiers:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * rate
        if upper is None or pages <= upper:
            break
        lower = upper
    return Decimal(total)


def position_in_month(requests: QuerySet, *, applicant_keys: Collection[str],
                      submitted_at: dt.datetime, request_id: int) -> int:  # fmt: skip
    """Which request of the applicant's calendar month this one is (1 for the first).

    ``requests`` is the InformationRequest queryset; counting is by the keyed applicant hash, so
    the same person is recognised without comparing identity numbers in clear (every key the
    applicant's requests may carry: intake.applicant_keys, across a HASH_KEY rotation).
    """
    month_start = submitted_at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    earlier = requests.filter(
        applicant_key__in=applicant_keys,
        submitted_at__gte=month_start,
        submitted_at__lt=submitted_at,
    ).count()
    same_moment = requests.filter(
        applicant_key__in=applicant_keys, submitted_at=submitted_at, pk__lt=request_id
    ).count()
    return earlier + same_moment + 1
