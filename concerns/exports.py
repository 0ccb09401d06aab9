"""The open-data export of published responses (``data/concern-responses.csv`` and ``.json``):
each response's own title, kind, agency, publication time, text and link; never the register."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from concerns import selectors
from concerns.models import Response
from disclosure.exports import Dataset
from portal.models import Agency


def _responses(agency: Agency | None) -> QuerySet[Response]:
    found = selectors.published().prefetch_related(None)
    if agency is not None:
        found = found.filter(agency__path__startswith=agency.path)
    return found


def _row(item: Any) -> list[object]:
    return [
        item.title,
        item.get_kind_display(),
        item.agency.name,
        timezone.localtime(item.published_at).strftime("%Y-%m-%d %H:%M"),
        item.text,
        item.get_absolute_url(),
    ]


DATASET: Dataset[Response] = Dataset(
    "concern-responses",
    [
        ("title", "标题"),
        ("kind", "回应形式"),
        ("agency", "发布机关"),
        ("published_at", "发布时间"),
        ("text", "内容"),
        ("url", "链接"),
    ],
    _responses,
    _row,
)
