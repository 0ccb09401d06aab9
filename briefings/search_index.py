"""What press conferences put in the site search: published conferences, found by their
title, announcement, speakers and — once published — their transcript (as plain text). Never
a draft, a record under review or a withdrawn conference."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from briefings.models import Conference, ConferenceRecord
from briefings.transcripts import plain_text
from portal.search.registry import IndexDefinition, SearchFields


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


class ConferenceIndex(IndexDefinition[Conference]):
    key = "conference"
    label = _("Press conferences")
    model = Conference

    def queryset_to_index(self) -> QuerySet[Conference]:
        return (
            Conference.objects.published()
            .select_related("agency")
            .prefetch_related(
                "speakers",
                Prefetch(
                    "records",
                    queryset=ConferenceRecord.objects.published().order_by("-published_at"),
                    to_attr="published_records",
                ),
            )
        )

    def to_fields(self, obj: Conference) -> SearchFields:
        records = getattr(obj, "published_records", None)
        if records is None:
            records = list(ConferenceRecord.objects.published().filter(conference=obj))
        speakers = [f"{speaker.post} {speaker.name}" for speaker in obj.speakers.all()]
        kind = str(obj.get_kind_display())
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content=_join(obj.announcement, plain_text(records[0].transcript) if records else ""),
            meta=_join(kind, *speakers),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre=kind,
            date=timezone.localdate(obj.starts_at),
        )
