"""What interviews and public meetings put in the site search (registered from
``InteractionConfig.ready``): published announcements, with the published transcript or
minutes once there are.

Never indexed: drafts, anything in review or approved, withdrawn items, unpublished transcripts
and minutes, and applications to attend (no applicant's name, number or reason, ever).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interaction.models.events import Interview, InterviewRecord, Meeting, MeetingMinutes
from portal.search import registry
from portal.search.registry import IndexDefinition, SearchFields


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


class InterviewIndex(IndexDefinition[Interview]):
    key = "interview"
    label = _("Online interviews")
    model = Interview

    def queryset_to_index(self) -> QuerySet[Interview]:
        return (
            Interview.objects.published()
            .select_related("agency")
            .prefetch_related(
                "guests",
                Prefetch(
                    "records",
                    queryset=InterviewRecord.objects.published().order_by("-published_at"),
                    to_attr="published_records",
                ),
            )
        )

    def to_fields(self, obj: Interview) -> SearchFields:
        records = getattr(obj, "published_records", [])
        guests = [f"{guest.post} {guest.name}" for guest in obj.guests.all()]
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content=_join(obj.summary, records[0].transcript if records else ""),
            meta=_join(*guests),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            date=timezone.localdate(obj.starts_at),
        )


class MeetingIndex(IndexDefinition[Meeting]):
    key = "meeting"
    label = _("Public meetings")
    model = Meeting

    def queryset_to_index(self) -> QuerySet[Meeting]:
        # Applications are left out: only the agency's own texts are searched.
        return (
            Meeting.objects.published()
            .select_related("agency")
            .prefetch_related(
                Prefetch(
                    "minutes",
                    queryset=MeetingMinutes.objects.published().order_by("-published_at"),
                    to_attr="published_minutes",
                )
            )
        )

    def to_fields(self, obj: Meeting) -> SearchFields:
        minutes = getattr(obj, "published_minutes", [])
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content=_join(obj.agenda, minutes[0].text if minutes else ""),
            meta=obj.place,
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            date=timezone.localdate(obj.starts_at),
        )


def register() -> None:
    registry.register(InterviewIndex())
    registry.register(MeetingIndex())
