"""The open-data download of the 政务新媒体 list (``data/newmedia-accounts.csv`` or ``.json``, all
agencies or one with its sub-agencies): every published account, operating or closed."""

from __future__ import annotations

from django.db.models import QuerySet

from disclosure.exports import Dataset
from newmedia import selectors
from newmedia.models import Account
from portal.models import Agency


def _accounts(agency: Agency | None) -> QuerySet[Account]:
    found = selectors.published()
    if agency is not None:
        found = found.filter(agency__path__startswith=agency.path)
    return found


def _row(a: Account) -> list[object]:
    return [
        a.agency.name,
        a.platform_label,
        a.name,
        a.handle,
        a.safe_link,
        a.get_verification_display(),
        a.opened_on,
        "关停" if a.is_closed else "运营中",
        a.closed_on or "",
        a.last_updated_on or "",
        a.get_inspection_status_display(),
        a.get_absolute_url(),
    ]


ACCOUNTS: Dataset[Account] = Dataset(
    "newmedia-accounts",
    [
        ("agency", "主办单位"),
        ("platform", "平台"),
        ("name", "账号名称"),
        ("handle", "账号ID"),
        ("link", "链接"),
        ("verification", "认证情况"),
        ("opened_on", "开设日期"),
        ("state", "运营状态"),
        ("closed_on", "关停日期"),
        ("last_updated_on", "最近更新日期"),
        ("inspection", "检查情况"),
        ("url", "页面链接"),
    ],
    _accounts,
    _row,
)
