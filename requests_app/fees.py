"""The information-processing fee (信息处理费, 国办函〔2020〕109号, domain-spec section 4).

Art 3: the agency charges each application by count (按件) or by volume (按量), never both and
never twice (``handling.request_fee_notice`` refuses a second notice). Art 4 (by count): the
applicant's applications in one natural month. Domain-spec §8 fixes what the rules leave open:
the month is the natural month in Asia/Shanghai of the Art 31 receipt date (a letter received
on 30 November and entered on 3 December counts in November); only registered applications
count (a submission withdrawn before registration was never received); each piece of a split
application (一事一申请) counts alone; and the count covers the applications made to the
charging agency (``settings.REQUESTS_FEE_COUNT_SCOPE``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

from django.db.models import Q, QuerySet

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


def position_in_month(
    requests: QuerySet,
    *,
    applicant_keys: Collection[str],
    received_on: dt.date,
    request_id: int,
    agency_id: int | None,
) -> int:
    """Which of the applicant's registered applications of the natural month this one is
    (1 for the first), by receipt date, then by the moment of submission and entry.

    ``requests`` is the InformationRequest queryset; ``agency_id`` limits the count to one
    charging agency (None: every agency). Counting is by the keyed applicant hash, so the same
    person is recognised without comparing identity numbers in clear (every key the
    applicant's requests may carry: intake.applicant_keys, across a HASH_KEY rotation).
    """
    month_start = received_on.replace(day=1)
    same_month = requests.filter(
        applicant_key__in=applicant_keys,
        received_on__gte=month_start,
        received_on__lte=received_on,
    )
    if agency_id is not None:
        same_month = same_month.filter(agency_id=agency_id)
    this = requests.values("submitted_at").get(pk=request_id)["submitted_at"]
    earlier = same_month.filter(
        Q(received_on__lt=received_on)
        | Q(received_on=received_on, submitted_at__lt=this)
        | Q(received_on=received_on, submitted_at=this, pk__lt=request_id)
    ).count()
    return earlier + 1
