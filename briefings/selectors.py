"""What the public pages, the API, the feeds, the sitemap, the exports and search read:
published conferences (a withdrawn one keeps a page with a notice only), their latest published
record, and only the published documents and interpretations they link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from briefings.models import (
    Conference,
    ConferenceMedia,
    ConferenceQuerySet,
    ConferenceRecord,
    Kind,
    MediaKind,
)
from briefings.transcripts import sanitize_transcript, with_outline
from disclosure.models import Document
from interpretation.models import Interpretation
from portal.models import Agency
from publishing.models import Status

PER_PAGE = 20


def published_records() -> QuerySet[ConferenceRecord]:
    return ConferenceRecord.objects.published().order_by("-published_at", "-id")


def published_conferences() -> ConferenceQuerySet:
    """Published conferences with what their lists show (agency, speakers, whether a
    transcript is out), in a fixed number of queries."""
    return (
        Conference.objects.published()
        .select_related("agency")
        .prefetch_related("speakers")
        .annotate(
            has_record=Exists(
                ConferenceRecord.objects.published().filter(conference=OuterRef("pk"))
            )
        )
    )


def public_conferences() -> ConferenceQuerySet:
    return Conference.objects.public().select_related("agency")


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    agency: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        kind = query.get("kind", "").strip()
        year = query.get("year", "").strip()
        return cls(
            kind=kind if kind in Kind.values else "",
            agency=query.get("agency", "").strip()[:32],
            year=int(year) if year.isdigit() and 1949 < int(year) < 3000 else None,
        )

    def as_query(self) -> dict[str, str]:
        return {"kind": self.kind, "agency": self.agency, "year": str(self.year or "")}


def filtered(filters: Filters | None = None) -> ConferenceQuerySet:
    found = published_conferences()
    if filters is None:
        return found
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.agency:
        agency = Agency.objects.filter(code=filters.agency).first()
        # An agency's conferences with its departments' (a bureau's under its city).
        found = found.filter(agency__path__startswith=agency.path) if agency else found.none()
    if filters.year:
        found = found.filter(starts_at__year=filters.year)
    return found


def upcoming(filters: Filters | None = None, now: dt.datetime | None = None) -> list[Conference]:
    """Announced conferences still to come, the soonest first."""
    moment = now or timezone.now()
    return list(filtered(filters).filter(starts_at__gt=moment).order_by("starts_at", "id"))


def past(filters: Filters | None = None, now: dt.datetime | None = None) -> ConferenceQuerySet:
    """Conferences that have taken place, the latest first."""
    moment = now or timezone.now()
    return filtered(filters).filter(starts_at__lte=moment).order_by("-starts_at", "-id")


def agencies_with_conferences() -> QuerySet[Agency]:
    return Agency.objects.filter(
        pk__in=Conference.objects.published().values("agency_id")
    ).order_by("path")


def years_with_conferences() -> list[int]:
    years = (
        Conference.objects.published()
        .annotate(year=ExtractYear("starts_at"))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def published_record(conference: Conference) -> ConferenceRecord | None:
    return published_records().filter(conference=conference).prefetch_related("media").first()


def published_media() -> QuerySet[ConferenceMedia]:
    """The files anyone may fetch: those of a published record of a published conference."""
    return ConferenceMedia.objects.filter(
        record__status=Status.PUBLISHED, record__conference__status=Status.PUBLISHED
    )


def linked_documents(conference: Conference) -> list[Document]:
    return list(
        Document.objects.published()
        .filter(conferences=conference)
        .order_by("-date_published", "-id")
    )


def linked_interpretations(conference: Conference) -> list[Interpretation]:
    return list(
        Interpretation.objects.published().filter(conferences=conference).order_by("-published_at")
    )


def conference_page(
    conference: Conference, *, record: ConferenceRecord | None = None
) -> dict[str, Any]:
    """The context of a conference's page: the public one shows the latest published record;
    the back office's preview may pass the record under review."""
    if record is None:
        record = published_record(conference)
    media = list(record.media.all()) if record else []
    # Sanitised when saved, and again here: what reaches the page never depends on every
    # writer of the table having gone through the drafting service.
    transcript, outline = (
        with_outline(sanitize_transcript(record.transcript)) if record else ("", [])
    )
    return {
        "conference": conference,
        # The back office's preview sets it (and then serves the files to staff).
        "preview": False,
        "phase": conference.phase(),
        "speakers": list(conference.speakers.all()),
        "documents": linked_documents(conference),
        "interpretations": linked_interpretations(conference),
        "record": record,
        "transcript": transcript,
        "outline": outline,
        "pictures": [item for item in media if item.kind == MediaKind.IMAGE],
        "video": next((item for item in media if item.kind == MediaKind.VIDEO), None),
        "poster": next((item for item in media if item.kind == MediaKind.POSTER), None),
        "captions": next((item for item in media if item.kind == MediaKind.CAPTIONS), None),
    }


def for_api() -> ConferenceQuerySet:
    """Published conferences with their speakers, published documents and interpretations and
    latest published record, for the API (a fixed number of queries)."""
    return (
        published_conferences()
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=Document.objects.published().order_by("-date_published", "-id"),
                to_attr="published_documents",
            ),
            Prefetch(
                "interpretations",
                queryset=Interpretation.objects.published().order_by("-published_at"),
                to_attr="published_interpretations",
            ),
            Prefetch(
                "records",
                queryset=published_records().prefetch_related("media"),
                to_attr="published_records",
            ),
        )
        .order_by("-starts_at", "-id")
    )
