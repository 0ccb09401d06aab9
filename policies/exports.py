"""The open-data dataset of policy items (``data/policy-items.csv`` and ``.json``, all agencies
or one with its sub-agencies): items on display only. Cells are made formula-safe by the shared
writer (``portal.spreadsheets``)."""

from __future__ import annotations

from django.db.models import QuerySet

from disclosure.exports import Dataset
from policies import matching, selectors
from policies.models import PolicyItem
from portal.models import Agency


def _rows(agency: Agency | None) -> QuerySet[PolicyItem]:
    found = selectors.with_conditions(selectors.on_display())
    if agency is not None:
        found = found.filter(agency__path__startswith=agency.path)
    return found


def _row(item: PolicyItem) -> list[object]:
    return [
        item.name,
        item.get_audience_display(),
        "；".join(matching.describe(c) for c in item.conditions.all()),
        "" if item.benefit_amount is None else item.benefit_amount,
        item.benefit_text,
        item.get_delivery_display(),
        item.safe_guide_url,
        item.time_limit,
        item.contact_office,
        item.contact_phone,
        item.apply_deadline or "",
        item.document.expiry_date or "",
        item.document.title,
        item.document.doc_number,
        item.article_ref,
        item.agency.name,
        item.get_absolute_url(),
    ]


DATASET: Dataset[PolicyItem] = Dataset(
    "policy-items",
    [
        ("name", "政策名称"),
        ("audience", "适用对象"),
        ("conditions", "申请条件"),
        ("benefit_amount", "补贴金额（元）"),
        ("benefit", "扶持内容"),
        ("delivery", "兑现方式"),
        ("guide_url", "办事指南"),
        ("time_limit", "办理时限"),
        ("contact_office", "咨询单位"),
        ("contact_phone", "咨询电话"),
        ("apply_deadline", "申报截止日期"),
        ("expiry_date", "文件有效期至"),
        ("document", "政策文件"),
        ("doc_number", "文号"),
        ("article", "条款"),
        ("agency", "发布机关"),
        ("url", "链接"),
    ],
    _rows,
    _row,
)
