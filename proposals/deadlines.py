"""The reply period of suggestions and proposals: the agency replies within three months of
the day the item was assigned to it (自交办之日起三个月内答复: the rules on handling deputies'
suggestions and the CPPCC's rules on proposals, as the provinces apply them). A reply sent later
than that — or no reply by then — is late.

Three months run to the same day of the third month after; where that month has no such day
(assigned on 30 November), to its last day.
"""

from __future__ import annotations

import calendar
import datetime as dt

from proposals.models import Proposal

REPLY_MONTHS = 3


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reply_due(received_on: dt.date) -> dt.date:
    """The last day of the reply period."""
    return add_months(received_on, REPLY_MONTHS)


def is_late(proposal: Proposal, today: dt.date | None = None) -> bool:
    """Replied after the due day; or, unreplied, past it on ``today``."""
    due = reply_due(proposal.received_on)
    if proposal.replied_on is not None:
        return proposal.replied_on > due
    return today is not None and today > due
