"""政务新媒体 that have stopped publishing. 《政府网站与政务新媒体检查指标》 makes an account
with no update for two weeks a single-veto item (单项否决: 监测时间点前2周内无更新). The
limit is set per platform (``settings.NEWMEDIA_UPDATE_LIMIT_DAYS``, 14 days unless set): an
account is stale when more days than its platform's limit have passed since it last published
— or, if it never has, since it opened. Closed accounts (关停) are not checked; nor are accounts
not (or no longer) on the published list.

The self-inspection (``inspection.newmedia``) turns these into its findings; this module knows
nothing of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings

from newmedia.models import Account

DEFAULT_LIMIT_DAYS = 14


def limit_days(platform: str, limits: Mapping[str, int] | None = None) -> int:
    """The most days an account of ``platform`` may go without an update."""
    configured = settings.NEWMEDIA_UPDATE_LIMIT_DAYS if limits is None else limits
    return int(configured.get(platform, configured.get("default", DEFAULT_LIMIT_DAYS)))


def last_activity(account: Account) -> dt.date:
    """The day the account last published, or the day it opened if it never has."""
    return account.last_updated_on or account.opened_on


def days_without_update(account: Account, today: dt.date) -> int:
    return (today - last_activity(account)).days


def is_stale(account: Account, today: dt.date, limits: Mapping[str, int] | None = None) -> bool:
    if account.closed_on is not None and account.closed_on <= today:
        return False
    return days_without_update(account, today) > limit_days(account.platform, limits)


@dataclass(frozen=True)
class StaleAccount:
    account: Account
    days: int
    limit: int


def stale_accounts(today: dt.date, limits: Mapping[str, int] | None = None) -> list[StaleAccount]:
    """Published, operating accounts past their platform's limit, the longest silent first."""
    accounts = Account.objects.published().operating().select_related("agency")
    found = [
        StaleAccount(account, days_without_update(account, today), limit_days(account.platform,
                     limits))
        for account in accounts
        if is_stale(account, today, limits)
    ]  # fmt: skip
    return sorted(found, key=lambda item: (-item.days, item.account.pk))
