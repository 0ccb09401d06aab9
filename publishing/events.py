"""What announced events share — press conferences (``briefings``), online interviews and public
meetings (``interaction``): an announcement published before the event, the officials who speak
at it, and afterwards a record (transcript or minutes) that goes through the same workflow on
its own, with its pictures and video.

Only the shape is here; each app keeps its own rules: which kinds of media it takes and how
large (``briefings.media``, ``interaction.events``), how a transcript is written and shown
(sanitised HTML with contents for a conference, plain text for an interview), when a record may
be submitted, and everything about the meetings' seats and applications. Fields declared here
are the ones the apps' tables already had, to the letter: these abstract models change no table.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Agency
from publishing.models import Publishable, PublishedFile


class Official(models.Model):
    """An official who speaks at an event in office (a conference's speaker, an interview's
    guest), published with the name and the post on purpose."""

    name = models.CharField(_("name"), max_length=100)
    post = models.CharField(_("post"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.post} {self.name}"


class EventRecord(Publishable):
    """What an event leaves (transcript, minutes), published after it through the same workflow
    as its announcement. It belongs to the announcement's agency, whose roles the workflow
    checks: ``take_agency()`` copies it whenever the record is drafted."""

    #: The name of the foreign key to the announcement (the conference, interview or meeting).
    announcement_field: ClassVar[str]

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", editable=False,
        verbose_name=_("agency"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-published_at", "-id"]

    @property
    def announcement(self) -> Any:
        return getattr(self, self.announcement_field)

    def take_agency(self) -> None:
        """The record's agency is its announcement's (once the announcement is chosen)."""
        if getattr(self, f"{self.announcement_field}_id"):
            self.agency_id = self.announcement.agency_id

    def __str__(self) -> str:
        return str(self.announcement)

    def get_absolute_url(self) -> str:
        return self.announcement.get_absolute_url()


def generated_path(folder: str, filename: str) -> str:
    """Where an uploaded file is stored: ``folder/YYYY/MM/<random>.<suffix>``. The original
    file name is kept in a field (``PublishedFile.original_name``), never on disk."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


#: The ``kind`` of a picture, in every app's media kinds: it needs its text alternative.
PICTURE = "image"


class EventMedia(PublishedFile):
    """A picture or video (and whatever other kinds the app takes) of an event's record, checked
    by its content on upload (``publishing.media``). The concrete model declares ``kind`` with
    its app's choices, ``file`` with its folder, the ``record`` it belongs to, and
    ``staff_url_name``: the back-office address that serves it in any status (the preview)."""

    staff_url_name: ClassVar[str]

    alt_text = models.CharField(
        _("text alternative"),
        max_length=500,
        blank=True,
        help_text=_(
            "What the picture shows, for readers who cannot see it; required for pictures."
        ),
    )

    class Meta(PublishedFile.Meta):
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=PICTURE) | ~Q(alt_text=""), name="%(class)s_image_alt"
            ),
        ]

    def get_absolute_url(self) -> str:
        raise NotImplementedError  # the public address, in the app's URLs

    def url(self, *, preview: bool = False) -> str:
        """Its public address, or in the back office's preview the staff copy (an unpublished
        record's files have no public address)."""
        if preview:
            return reverse(self.staff_url_name, args=[self.pk])
        return self.get_absolute_url()
