"""新闻发布会 and 政策吹风会 (issue 24): an agency's press conferences and policy briefings.

A conference is announced (预告) through the shared review-and-publish workflow, which may be
before it takes place: its kind, title, host agency, time, place, speakers (the officials who
speak in office — department heads, the 新闻发言人 — named on purpose) and the documents and
interpretations it is about. What it leaves — the transcript (实录, sanitised HTML), pictures
and the video with its captions — is a ``ConferenceRecord``, a publishable of its own that goes
through the same workflow once the conference has taken place, so nothing said is public
before a reviewer has screened it (the pattern of the online interviews, ``interaction``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.models import Document
from interpretation.models import Interpretation
from portal.models import Agency
from publishing.events import EventMedia, EventRecord, Official, generated_path
from publishing.models import Publishable, Status, WorkflowEvent


class Kind(models.TextChoices):
    PRESS_CONFERENCE = "press", _("Press conference")
    POLICY_BRIEFING = "briefing", _("Policy briefing")


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    HELD = "held", _("Held")


class ConferenceQuerySet(models.QuerySet):
    def published(self) -> ConferenceQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def public(self) -> ConferenceQuerySet:
        """What has a public page: published, or withdrawn (shown with a notice only)."""
        return self.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])


class Conference(Publishable):
    """A press conference or policy briefing, announced before (or after) it takes place."""

    workflow_policy = "briefings.publishing.ConferencePolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="conferences",
        verbose_name=_("host agency"),
    )  # fmt: skip
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.PRESS_CONFERENCE
    )
    title = models.CharField(
        _("title"), max_length=300,
        help_text=_("e.g. 《丽水市促进民营经济高质量发展若干措施》新闻发布会."),
    )  # fmt: skip
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    announcement = models.TextField(
        _("announcement"),
        help_text=_("预告: what the conference is about and who speaks; published with the date, "
                    "before the conference if you like. Plain text."),
    )  # fmt: skip
    documents = models.ManyToManyField(
        Document, blank=True, related_name="conferences", verbose_name=_("related documents"),
        help_text=_(
            "The policy documents the conference presents (only published ones are shown)."
        ),
    )  # fmt: skip
    interpretations = models.ManyToManyField(
        Interpretation, blank=True, related_name="conferences",
        verbose_name=_("related interpretations"),
        help_text=_("Interpretations of those policies (only published ones are shown)."),
    )  # fmt: skip
    if TYPE_CHECKING:
        # The published ones, where a Prefetch(to_attr=...) has read them.
        published_documents: list[Document]
        published_interpretations: list[Interpretation]

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("press conference")
        verbose_name_plural = _("press conferences")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("briefings:detail", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return ConferenceEvent

    event_field = "conference"

    def phase(self, now: dt.datetime | None = None) -> str:
        """预告 until it starts, then 已召开."""
        return Phase.UPCOMING if (now or timezone.now()) < self.starts_at else Phase.HELD

    def get_phase_display(self) -> str:
        return str(Phase(self.phase()).label)


class Speaker(Official):
    """Who speaks (发布人): an official acting in office, named with the post (published)."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="speakers",
        verbose_name=_("press conference"),
    )  # fmt: skip
    post = models.CharField(
        _("post"), max_length=200,
        help_text=_("e.g. 市发展改革委主任, 市政府新闻发言人."),
    )  # fmt: skip

    class Meta(Official.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")


class ConferenceEvent(WorkflowEvent):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("press conference"),
    )  # fmt: skip

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("press conference event")
        verbose_name_plural = _("press conference events")


class RecordQuerySet(models.QuerySet):
    def published(self) -> RecordQuerySet:
        return self.filter(status=Status.PUBLISHED)


class ConferenceRecord(EventRecord):
    """The transcript (实录), pictures and video of a conference, published after it took
    place. The conference's page shows the latest published record; a correction is a new
    record after the old one is withdrawn."""

    workflow_policy = "briefings.publishing.RecordPolicy"
    announcement_field = "conference"

    conference = models.ForeignKey(
        Conference, on_delete=models.PROTECT, related_name="records",
        verbose_name=_("press conference"),
    )  # fmt: skip
    transcript = models.TextField(
        _("transcript"),
        help_text=_("实录: the full text of what was said. HTML: headings (h2, h3), paragraphs, "
                    "lists, tables and emphasis are kept; anything else is removed on saving."),
    )  # fmt: skip

    objects = RecordQuerySet.as_manager()

    class Meta(EventRecord.Meta):
        verbose_name = _("conference transcript and media")
        verbose_name_plural = _("conference transcripts and media")

    @property
    def event_model(self) -> type[models.Model]:
        return ConferenceRecordEvent

    event_field = "record"


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Picture")
    VIDEO = "video", _("Video")
    POSTER = "poster", _("Poster image")
    CAPTIONS = "captions", _("Captions (WebVTT)")


# One of each per record; pictures are many, shown in order.
SINGLE_MEDIA = [MediaKind.VIDEO, MediaKind.POSTER, MediaKind.CAPTIONS]


def _media_path(instance: ConferenceMedia, filename: str) -> str:
    return generated_path("briefings", filename)


class ConferenceMedia(EventMedia):
    """A picture, the video, its poster or its captions (checked by content on upload)."""

    staff_url_name = "admin:briefings_media_staff"

    record = models.ForeignKey(
        ConferenceRecord, on_delete=models.CASCADE, related_name="media",
        verbose_name=_("transcript and media"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind.choices)
    file = models.FileField(_("file"), upload_to=_media_path, max_length=200)

    class Meta(EventMedia.Meta):
        verbose_name = _("conference media file")
        verbose_name_plural = _("conference media files")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "kind"], condition=Q(kind__in=SINGLE_MEDIA),
                name="conferencemedia_one_of_each",
            ),
            *EventMedia.Meta.constraints,  # a picture has its text alternative
        ]  # fmt: skip

    def get_absolute_url(self) -> str:
        return reverse("briefings:media", kwargs={"pk": self.pk})


class ConferenceRecordEvent(WorkflowEvent):
    record = models.ForeignKey(
        ConferenceRecord, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("transcript and media"),
    )  # fmt: skip

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("transcript event")
        verbose_name_plural = _("transcript events")
