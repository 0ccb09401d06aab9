"""The open-data download of press conferences (``data/press-conferences.csv`` and ``.json``,
streamed like every export, ``disclosure.exports``): each published conference with its kind,
host, time, place, speakers, whether its transcript is out and its address."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from briefings import selectors
from briefings.models import Conference
from disclosure.exports import Dataset
from portal.models import Agency


def _conferences(agency: Agency | None) -> QuerySet[Conference]:
    found = selectors.published_conferences().order_by("-starts_at", "-id")
    if agency is not None:
        found = found.filter(agency__path__startswith=agency.path)
    return found


def _row(item: Conference) -> list[object]:
    return [
        item.title,
        item.get_kind_display(),
        item.agency.name,
        timezone.localtime(item.starts_at).strftime("%Y-%m-%d %H:%M"),
        item.place,
        "；".join(f"{speaker.post} {speaker.name}" for speaker in item.speakers.all()),
        "是" if getattr(item, "has_record", False) else "否",
        item.get_absolute_url(),
    ]


DATASET: Dataset[Conference] = Dataset(
    "press-conferences",
    [
        ("title", "标题"),
        ("kind", "类别"),
        ("agency", "发布机关"),
        ("starts_at", "时间"),
        ("place", "地点"),
        ("speakers", "发布人"),
        ("transcript", "已发布实录"),
        ("url", "链接"),
    ],
    _conferences,
    _row,
)
