"""Conferences and their records in the shared review-and-publish workflow
(``publishing.workflow``).

The announcement may be published before the conference (that is what a 预告 is for); its
texts are screened for personal data at approval (Art 15), the speakers excepted: they are
officials named in office, on purpose. The record (transcript, pictures, video) is submitted
only once the conference has taken place and published only once its announcement is; the
transcript, the pictures' text alternatives and the file titles are screened at approval.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from briefings.models import Conference, ConferenceRecord, MediaKind, Phase
from briefings.transcripts import plain_text
from disclosure.workflow import ScreenedTextPolicy
from portal.search import indexing as search_indexing
from publishing.models import Status


class ConferencePolicy(ScreenedTextPolicy[Conference]):
    def check_submit(self, obj: Conference) -> None:
        if not obj.speakers.exists():
            raise ValidationError(_("Name at least one speaker before submitting."))

    def screened_texts(self, obj: Conference) -> list[tuple[str, str]]:
        return [
            (str(_("title")), obj.title),
            (str(_("place")), obj.place),
            (str(_("announcement")), obj.announcement),
        ]

    def after_change(self, obj: Conference) -> None:
        search_indexing.queue(obj)


class RecordPolicy(ScreenedTextPolicy[ConferenceRecord]):
    def check_submit(self, obj: ConferenceRecord) -> None:
        if obj.conference.phase() == Phase.UPCOMING:
            raise ValidationError(
                _("The transcript is submitted after the conference has taken place.")
            )
        if not plain_text(obj.transcript):
            raise ValidationError(_("Write the transcript before submitting."))
        kinds = set(obj.media.values_list("kind", flat=True))
        if MediaKind.VIDEO in kinds and MediaKind.CAPTIONS not in kinds:
            # Accessibility (GB/T 37668): a video is published with its captions.
            raise ValidationError(_("Upload the video's captions (WebVTT) before submitting."))

    def screened_texts(self, obj: ConferenceRecord) -> list[tuple[str, str]]:
        media = list(obj.media.values_list("alt_text", "title"))
        return [
            (str(_("transcript")), plain_text(obj.transcript)),
            *((str(_("text alternative")), alt) for alt, _title in media if alt),
            *((str(_("title")), title) for _alt, title in media if title),
        ]

    def before_publish(self, obj: ConferenceRecord, user: User, options: dict[str, Any]) -> None:
        if obj.conference.status != Status.PUBLISHED:
            raise ValidationError(_("Publish the conference's announcement first."))

    def after_change(self, obj: ConferenceRecord) -> None:
        # The conference's page, search entry and sitemap date carry the transcript: its
        # ``updated_at`` moves too, so the index reconciliation catches up if the queue fails.
        Conference.objects.filter(pk=obj.conference_id).update(updated_at=timezone.now())
        search_indexing.queue(obj.conference)
