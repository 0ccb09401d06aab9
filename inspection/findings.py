"""What the self-inspection reports: one ``Finding`` per failing item, with where to fix it.

Findings are stored with each daily run (``InspectionRun.findings``), so their messages are
rendered in the site's language when they are found.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


class Check:
    """What failed. The inspection's single-veto items (单项否决) fail the whole site."""

    HOME_STALE = "home_stale"  # 首页 not updated for two weeks: single veto
    COLUMN_EMPTY = "column_empty"  # 空白栏目: single veto
    COLUMNS_STALE = "columns_stale"  # more columns not updated than allowed: single veto
    REQUEST_OVERDUE = "request_overdue"  # 互动回应: a request unanswered past its deadline
    MESSAGE_OVERDUE = "message_overdue"  # 互动回应: a message unanswered past its reply period
    COLUMN_STALE = "column_stale"
    BROKEN_LINK = "broken_link"
    WORDING = "wording"  # a sensitive word or a wrong form in published content
    NEWMEDIA_STALE = "newmedia_stale"  # 政务新媒体 not updated for two weeks: single veto
    BUDGET_OVERDUE = "budget_overdue"  # 财政预决算 unpublished 20 days after approval
    BUDGET_LATE = "budget_late"  # 财政预决算 published later than 20 days after approval


@dataclass(frozen=True)
class Finding:
    check: str
    veto: bool
    subject: str  # what failed: a column, a request, a document
    detail: str  # why, in words
    agency_id: int | None = None
    fix_url: str = ""  # the back-office page where it is fixed
    public_url: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__ if name in data})
