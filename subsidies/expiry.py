"""The end of a 公示期. The public querysets leave a list out from the day after its last day
by themselves (``BeneficiaryListQuerySet.on_display``); this daily sweep records it: each list
past its 公示期 is withdrawn by the system (``publishing.workflow.expire``: the audit trail
says when and why, the search index and the page cache follow). It also retires the cached
pages on the day a published list's 公示期 starts, so the list appears on that day.

Idempotent and safe to run twice: a withdrawn list is no longer published, so a second run
finds nothing; a missed day is caught up, whatever the date the 公示期 ended.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import page_cache
from publishing import workflow
from publishing.transitions import SYSTEM
from subsidies.models import BeneficiaryList


def past_notice(today: dt.date) -> list[BeneficiaryList]:
    return list(BeneficiaryList.objects.published().filter(notice_end__lt=today).order_by("pk"))


def withdraw_expired(today: dt.date | None = None) -> int:
    """Withdraw every published list whose 公示期 ended before ``today``; the number withdrawn."""
    today = today or timezone.localdate()
    withdrawn = 0
    for item in past_notice(today):
        # One transaction per list: one list that fails leaves the others withdrawn.
        try:
            workflow.expire(
                obj=item,
                user=SYSTEM,
                reason=_("The notice period ended on %(date)s.") % {"date": item.notice_end},
            )
        except ValidationError:
            continue  # withdrawn meanwhile (by a publisher, or a run of this task in parallel)
        withdrawn += 1
    return withdrawn


def announce_started(today: dt.date | None = None) -> int:
    """Lists whose 公示期 starts today: the cached pages that do not show them yet retire."""
    today = today or timezone.localdate()
    starting = BeneficiaryList.objects.published().filter(notice_start=today).count()
    if starting:
        page_cache.public_content_changed()
    return starting


def end_notice_periods(today: dt.date | None = None) -> dict[str, int]:
    return {"withdrawn": withdraw_expired(today), "started": announce_started(today)}
