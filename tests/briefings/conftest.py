"""Records and helpers for the press-conference tests (agency A: 丽水市人民政府)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from briefings import drafting
from briefings.models import Conference, ConferenceRecord, Kind, Speaker
from disclosure.models import Document
from interpretation.models import Interpretation
from publishing import workflow
from publishing.models import ReviewResult, Status

TRANSCRIPT = (
    "<h2>发布内容</h2><p><strong>周明：</strong>介绍实施方案的主要内容。</p>"
    "<h2>答记者问</h2><h3>政策解读怎样同步？</h3><p>在制定政策时同步考虑、同步安排解读工作。</p>"
)


def make_conference(agency, drafter, *, start=None, speakers=True, **fields) -> Conference:
    values = {
        "agency": agency,
        "kind": Kind.PRESS_CONFERENCE,
        "title": "全面推进政务公开工作新闻发布会",
        "starts_at": start or timezone.now() + dt.timedelta(days=3),
        "place": "市行政中心新闻发布厅",
        "announcement": "介绍《关于全面推进政务公开工作的实施方案》。",
        **fields,
    }
    conference = drafting.draft_save(obj=Conference(**values), user=drafter)
    if speakers:
        Speaker.objects.create(conference=conference, name="周明", post="市政府新闻发言人")
    return conference


def make_record(conference, drafter, transcript: str = TRANSCRIPT) -> ConferenceRecord:
    return drafting.draft_save(
        obj=ConferenceRecord(conference=conference, transcript=transcript), user=drafter
    )


def publish(obj, *, drafter, reviewer, publisher):
    workflow.submit(obj=obj, user=drafter)
    workflow.approve(obj=obj, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=obj, user=publisher)


def published(obj):
    """Mark a record as published without the workflow steps (for page tests)."""
    type(obj).objects.filter(pk=obj.pk).update(status=Status.PUBLISHED, published_at=timezone.now())
    obj.refresh_from_db()
    return obj


def past(days: float = 1) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


_counter = iter(range(1, 10**6))


def document(agency, title: str, *, status: str = Status.PUBLISHED) -> Document:
    n = next(_counter)
    day = dt.date(2026, 3, 1)
    return Document.objects.create(
        agency=agency, title=title, date_formed=day, status=status,
        date_published=day if status == Status.PUBLISHED else None,
        published_at=timezone.now() if status == Status.PUBLISHED else None,
        index_number=f"{agency.code}/2026-{n:05d}", body="<p>正文。</p>",
    )  # fmt: skip


def interpretation(agency, title: str, *, status: str = Status.PUBLISHED) -> Interpretation:
    return Interpretation.objects.create(
        agency=agency, title=title, status=status, department="市政府办公室",
        published_at=timezone.now() if status == Status.PUBLISHED else None,
    )  # fmt: skip
