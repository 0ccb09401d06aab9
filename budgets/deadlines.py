"""预算法 第十四条: when a budget or final accounts must be public.

- 各部门预算、决算及报表: within 20 days after the finance department of the government approves
  them (批复), published by the department;
- the government's budget and final accounts (and their reports and tables): within 20 days
  after the people's congress or its standing committee approves them, published by the
  finance department.

Both periods are counted in calendar days from the approval date, which staff record on the
disclosure (``approval_date``): the 20th day after it is the last day, and publication on that
day is on time. Days are days in China (Asia/Shanghai), whatever the server's clock zone.
"""

from __future__ import annotations

import datetime as dt
import enum
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetDisclosure
from publishing.models import Status

#: 预算法 第十四条: "在批复后二十日内" / "在批准后二十日内".
PERIOD_DAYS = 20
CHINA = ZoneInfo("Asia/Shanghai")


class Timeliness(enum.Enum):
    ON_TIME = "on_time", _("Published on time")
    LATE = "late", _("Published late")
    PENDING = "pending", _("Not yet published; still within the period")
    OVERDUE = "overdue", _("Not published; past the due date")

    def __init__(self, code: str, label: object) -> None:
        self.code = code
        self.label = label


def due_date(approval_date: dt.date) -> dt.date:
    """The last day to publish: the 20th calendar day after the approval."""
    return approval_date + dt.timedelta(days=PERIOD_DAYS)


def china_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(CHINA).date()


def today_in_china() -> dt.date:
    return china_date(dt.datetime.now(tz=CHINA))


def published_on(disclosure: BudgetDisclosure) -> dt.date | None:
    """The day in China the disclosure went public (its first publication)."""
    if disclosure.published_at is None:
        return None
    return china_date(disclosure.published_at)


def days_late(disclosure: BudgetDisclosure, today: dt.date | None = None) -> int:
    """Days past the due date: of the publication when published, of ``today`` when not."""
    day = published_on(disclosure) if disclosure.status == Status.PUBLISHED else None
    if day is None:
        day = today or today_in_china()
    return max((day - due_date(disclosure.approval_date)).days, 0)


def timeliness(disclosure: BudgetDisclosure, today: dt.date | None = None) -> Timeliness:
    published = published_on(disclosure)
    if disclosure.status in {Status.PUBLISHED, Status.WITHDRAWN} and published is not None:
        late = published > due_date(disclosure.approval_date)
        return Timeliness.LATE if late else Timeliness.ON_TIME
    if (today or today_in_china()) > due_date(disclosure.approval_date):
        return Timeliness.OVERDUE
    return Timeliness.PENDING


def overdue(today: dt.date) -> QuerySet[BudgetDisclosure]:
    """Unpublished disclosures whose 20 days ran out before ``today``."""
    last_approval = today - dt.timedelta(days=PERIOD_DAYS + 1)
    return BudgetDisclosure.objects.unpublished().filter(approval_date__lte=last_approval)


def published_late(*, approved_since: dt.date) -> list[BudgetDisclosure]:
    """Published disclosures approved on or after ``approved_since`` that went public after
    their due date (the publication day is a day in China, so this is decided here, not in
    SQL with the database's zone)."""
    published = BudgetDisclosure.objects.published().filter(approval_date__gte=approved_since)
    return [
        disclosure
        for disclosure in published.select_related("agency").order_by("approval_date", "pk")
        if timeliness(disclosure) == Timeliness.LATE
    ]
