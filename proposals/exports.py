"""The open-data download of replies to suggestions and proposals
(``data/proposal-replies.csv`` or ``.json``, all agencies or one lead agency with those below
it): every published item with its reply's category and whether it came in time. The reply's
text is on the item's page; the download links to it."""

from __future__ import annotations

from django.db.models import QuerySet

from disclosure.exports import Dataset
from portal.models import Agency
from proposals import deadlines, selectors
from proposals.models import Proposal


def _proposals(agency: Agency | None) -> QuerySet[Proposal]:
    found = selectors.published()
    if agency is not None:
        found = found.filter(agency__path__startswith=agency.path)
    return found


def _row(p: Proposal) -> list[object]:
    return [
        p.get_kind_display(),
        p.year,
        p.session,
        p.number_label,
        p.title,
        p.proposer,
        p.agency.name,
        "、".join(agency.name for agency in p.assisting_agencies.all()),
        p.received_on,
        p.replied_on or "",
        deadlines.reply_due(p.received_on),
        "是" if deadlines.is_late(p) else "否",
        p.category,
        p.get_absolute_url(),
    ]


PROPOSALS: Dataset[Proposal] = Dataset(
    "proposal-replies",
    [
        ("kind", "类别"),
        ("year", "年度"),
        ("session", "会议"),
        ("number", "编号"),
        ("title", "标题"),
        ("proposer", "提出者"),
        ("lead_agency", "主办单位"),
        ("assisting_agencies", "协办单位"),
        ("received_on", "交办日期"),
        ("replied_on", "答复日期"),
        ("due", "答复期限"),
        ("late", "逾期答复"),
        ("category", "答复类别"),
        ("url", "链接"),
    ],
    _proposals,
    _row,
)
