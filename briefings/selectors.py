"""What the public pages, the API, the feeds, the sitemap, the exports and search read:
published conferences (a withdrawn one keeps a page with a notice only), their latest published
record, and only the published documents and interpretations they link.

Each takes the site asking (``portal.sites``; None: the whole installation): its lists and
choosers hold the site's agencies' conferences, and the documents and interpretations they link
are the site's too, so that no link leads to a page another site shows."""

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
from portal import sites
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


def filtered(
    filters: Filters | None = None, site: sites.CurrentSite | None = None
) -> ConferenceQuerySet:
    found = sites.scope(published_conferences(), site)
    if filters is None:
        return found
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.agency:
        # An agency outside the site has none here.
        agency = (
            sites.scope(Agency.objects.all(), site, field="").filter(code=filters.agency).first()
        )
        # An agency's conferences with its departments' (a bureau's under its city).
        found = found.filter(agency__path__startswith=agency.path) if agency else found.none()
    if filters.year:
        found = found.filter(starts_at__year=filters.year)
    return found


def upcoming(
    filters: Filters | None = None,
    now: dt.datetime | None = None,
    site: sites.CurrentSite | None = None,
) -> list[Conference]:
    """Announced conferences still to come, the soonest first."""
    moment = now or timezone.now()
    return list(filtered(filters, site).filter(starts_at__gt=moment).order_by("starts_at", "id"))


def past(
    filters: Filters | None = None,
    now: dt.datetime | None = None,
    site: sites.CurrentSite | None = None,
) -> ConferenceQuerySet:
    """Conferences that have taken place, the latest first."""
    moment = now or timezone.now()
    return filtered(filters, site).filter(starts_at__lte=moment).order_by("-starts_at", "-id")


def agencies_with_conferences(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    return Agency.objects.filter(
        pk__in=sites.scope(Conference.objects.published(), site).values("agency_id")
    ).order_by("path")


def years_with_conferences(site: sites.CurrentSite | None = None) -> list[int]:
    years = (
        sites.scope(Conference.objects.published(), site)
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


def linked_documents(
    conference: Conference, site: sites.CurrentSite | None = None
) -> list[Document]:
    return list(
        sites.scope(Document.objects.published(), site)
        .filter(conferences=conference)
        .order_by("-date_published", "-id")
    )


def linked_interpretations(
    conference: Conference, site: sites.CurrentSite | None = None
) -> list[Interpretation]:
    return list(
        sites.scope(Interpretation.objects.published(), site)
        .filter(conferences=conference)
        .order_by("-published_at")
    )


def conference_page(
    conference: Conference,
    *,
    record: ConferenceRecord | None = None,
    site: sites.CurrentSite | None = None,
) -> dict[str, Any]:
    """The context of a conference's page: the public one shows the latest published record
    and the documents and interpretations ``site`` shows; the back office's preview may pass
    the record under review."""
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
        "documents": linked_documents(conference, site),
        "interpretations": linked_interpretations(conference, site),
        "record": record,
        "transcript": transcript,
        "outline": outline,
        "pictures": [item for item in media if item.kind == MediaKind.IMAGE],
        "video": next((item for item in media if item.kind == MediaKind.VIDEO), None),
        "poster": next((item for item in media if item.kind == MediaKind.POSTER), None),
        "captions": next((item for item in media if item.kind == MediaKind.CAPTIONS), None),
    }


def for_api(site: sites.CurrentSite | None = None) -> ConferenceQuerySet:
    """Published conferences of ``site`` with their speakers, the published documents and
    interpretations it shows and the latest published record, for the API (a fixed number of
    queries)."""
    documents = sites.scope(Document.objects.published(), site)
    interpretations = sites.scope(Interpretation.objects.published(), site)
    return (
        sites.scope(published_conferences(), site)
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=documents.order_by("-date_published", "-id"),
                to_attr="published_documents",
            ),
            Prefetch(
                "interpretations",
                queryset=interpretations.order_by("-published_at"),
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
