"""Online interviews (在线访谈) and government meetings open to the public (政府开放日/会议公开,
seed 000 (五)).

An interview is announced (published through the shared workflow) before it takes place; its
transcript, pictures and video are an ``InterviewRecord``, a publishable of its own that goes
through the same draft → review → publish workflow afterwards, so nothing said in the studio
is public before a reviewer has screened it. A meeting is announced with its agenda and its
public seats; citizens apply to attend (their personal data encrypted at rest, never public);
its minutes and decisions are a ``MeetingMinutes`` record published after it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField

from disclosure.models import Document
from portal.models import Agency
from publishing.events import EventMedia, EventRecord, Official, generated_path
from publishing.models import Publishable, PublishedFile, Status, WorkflowEvent


class PublicQuerySet(models.QuerySet):
    def published(self) -> PublicQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def public(self) -> PublicQuerySet:
        """What has a public page: published, or withdrawn (shown with a notice only)."""
        return self.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])


# --- Online interviews (在线访谈) ----------------------------------------------------------


class InterviewPhase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    LIVE = "live", _("Taking place now")
    ENDED = "ended", _("Ended")


class Interview(Publishable):
    """An online interview with public officials, announced before it takes place."""

    workflow_policy = "interaction.events.InterviewPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("agency")
    )
    title = models.CharField(_("topic"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    documents = models.ManyToManyField(
        Document,
        blank=True,
        related_name="interviews",
        verbose_name=_("related documents"),
        help_text=_("Published documents the interview is about."),
    )
    if TYPE_CHECKING:
        # The published ones of ``documents``, where a Prefetch(to_attr=...) has read them.
        published_documents: list[Document]

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("online interview")
        verbose_name_plural = _("online interviews")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="interview_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:interview", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return InterviewEvent

    event_field = "interview"

    def phase(self, now: dt.datetime | None = None) -> str:
        """预告, 进行中 or 已结束, from the scheduled times."""
        moment = now or timezone.now()
        if moment < self.starts_at:
            return InterviewPhase.UPCOMING
        if moment < self.ends_at:
            return InterviewPhase.LIVE
        return InterviewPhase.ENDED

    def get_phase_display(self) -> str:
        return str(InterviewPhase(self.phase()).label)


class InterviewGuest(Official):
    """A guest of an interview: a public official, named with the post held (published)."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="guests", verbose_name=_("interview")
    )

    class Meta(Official.Meta):
        verbose_name = _("guest")
        verbose_name_plural = _("guests")


class InterviewEvent(WorkflowEvent):
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="events", verbose_name=_("interview")
    )

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("interview event")
        verbose_name_plural = _("interview events")


class InterviewRecord(EventRecord):
    """What an interview leaves (文字实录, pictures, video), published after it took place
    through the same workflow as the announcement. The public page shows the latest published
    record; a correction is a new record after the old one is withdrawn."""

    workflow_policy = "interaction.events.InterviewRecordPolicy"
    announcement_field = "interview"

    interview = models.ForeignKey(
        Interview, on_delete=models.PROTECT, related_name="records", verbose_name=_("interview")
    )
    transcript = models.TextField(
        _("transcript"),
        help_text=_("The full text of what was said; a line written as 【heading】 is a heading."),
    )

    objects = PublicQuerySet.as_manager()

    class Meta(EventRecord.Meta):
        verbose_name = _("interview transcript and media")
        verbose_name_plural = _("interview transcripts and media")

    @property
    def event_model(self) -> type[models.Model]:
        return InterviewRecordEvent

    event_field = "record"


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Picture")
    VIDEO = "video", _("Video")


def _interview_media_path(instance: InterviewMedia, filename: str) -> str:
    return generated_path("interviews", filename)


class InterviewMedia(EventMedia):
    """A picture or the video of an interview record (checked by content on upload)."""

    staff_url_name = "admin:interaction_interviewrecord_media"

    record = models.ForeignKey(
        InterviewRecord, on_delete=models.CASCADE, related_name="media",
        verbose_name=_("transcript and media"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind.choices)
    file = models.FileField(_("file"), upload_to=_interview_media_path, max_length=200)

    class Meta(EventMedia.Meta):
        verbose_name = _("interview media file")
        verbose_name_plural = _("interview media files")
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=Q(kind="video"), name="interviewmedia_one_video"
            ),
            *EventMedia.Meta.constraints,  # a picture has its text alternative
        ]

    def get_absolute_url(self) -> str:
        return reverse("interaction:interview_media", kwargs={"pk": self.pk})


class InterviewRecordEvent(WorkflowEvent):
    record = models.ForeignKey(
        InterviewRecord, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("transcript and media"),
    )  # fmt: skip

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("interview record event")
        verbose_name_plural = _("interview record events")


# --- Government meetings open to the public (会议公开) ---------------------------------------


class ApplicationPhase(models.TextChoices):
    NOT_YET = "not_yet", _("Applications not yet open")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Applications closed")


class Meeting(Publishable):
    """A government meeting open to the public: its agenda published in advance, public seats
    taken by application within a period."""

    workflow_policy = "interaction.events.MeetingPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="public_meetings", verbose_name=_("agency")
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300)
    agenda = models.TextField(_("agenda"), help_text=_("Published with the announcement."))
    seats = models.PositiveIntegerField(
        _("public seats"), validators=[MinValueValidator(1)], default=10
    )
    applications_open_at = models.DateTimeField(_("applications open at"))
    applications_close_at = models.DateTimeField(_("applications close at"))
    contact = models.CharField(_("contact for questions"), max_length=300, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("public meeting")
        verbose_name_plural = _("public meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(applications_close_at__gt=F("applications_open_at"))
                & Q(applications_close_at__lte=F("starts_at")),
                name="meeting_application_period",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="meeting_has_seats"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:meeting", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return MeetingEvent

    event_field = "meeting"

    def application_phase(self, now: dt.datetime | None = None) -> str:
        moment = now or timezone.now()
        if moment < self.applications_open_at:
            return ApplicationPhase.NOT_YET
        if moment < self.applications_close_at:
            return ApplicationPhase.OPEN
        return ApplicationPhase.CLOSED

    def has_ended(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.ends_at


class MeetingEvent(WorkflowEvent):
    """The audit trail of a meeting: workflow steps and the decisions on applications."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="events", verbose_name=_("meeting")
    )

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("meeting event")
        verbose_name_plural = _("meeting events")


class MeetingMinutes(EventRecord):
    """The minutes and decisions of a meeting, published after it."""

    workflow_policy = "interaction.events.MeetingMinutesPolicy"
    announcement_field = "meeting"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="minutes", verbose_name=_("meeting")
    )
    text = models.TextField(_("minutes and decisions"))

    objects = PublicQuerySet.as_manager()

    class Meta(EventRecord.Meta):
        verbose_name = _("meeting minutes")
        verbose_name_plural = _("meeting minutes")

    @property
    def event_model(self) -> type[models.Model]:
        return MeetingMinutesEvent

    event_field = "minutes"


def _minutes_path(instance: MeetingAttachment, filename: str) -> str:
    return generated_path("meetings", filename)


class MeetingAttachment(PublishedFile):
    minutes = models.ForeignKey(
        MeetingMinutes, on_delete=models.CASCADE, related_name="attachments",
        verbose_name=_("meeting minutes"),
    )  # fmt: skip
    file = models.FileField(_("file"), upload_to=_minutes_path, max_length=200)

    class Meta(PublishedFile.Meta):
        pass

    def get_absolute_url(self) -> str:
        return reverse("interaction:meeting_attachment", kwargs={"pk": self.pk})


class MeetingMinutesEvent(WorkflowEvent):
    minutes = models.ForeignKey(
        MeetingMinutes, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("meeting minutes"),
    )  # fmt: skip

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("minutes event")
        verbose_name_plural = _("minutes events")


class IdType(models.TextChoices):
    NONE = "", _("No identity document (mobile number only)")
    RESIDENT_ID = "resident_id", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO_TAIWAN = "hmt_permit", _("Mainland travel permit (Hong Kong, Macao, Taiwan)")
    OTHER = "other", _("Other identity document")


class Decision(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class DeclineReason(models.TextChoices):
    """Published with the decision (in place of a free text, which could name someone)."""

    SEATS = "seats", _("No public seat left")
    INCOMPLETE = "incomplete", _("The application was incomplete or could not be verified")
    DUPLICATE = "duplicate", _("Duplicate application")
    OTHER = "other", _("Other reason (given to the applicant)")


class MeetingApplication(models.Model):
    """A citizen's application to attend a public meeting. The personal data are encrypted at
    rest, seen only by the agency's staff who handle the public's data, never published, and
    erased a set number of days after the meeting (``interaction.events``)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="applications", verbose_name=_("meeting")
    )
    # The number shown in the public record of decisions (1, 2, 3 … per meeting).
    number = models.PositiveIntegerField(_("number"), editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    # Encrypted columns hold NULL for an empty value (the field's own convention).
    name = EncryptedCharField(_("name"), max_length=100, null=True, blank=True)
    id_type = models.CharField(
        _("identity document"), max_length=12, choices=IdType.choices, blank=True
    )
    id_number = EncryptedCharField(
        _("identity document number"), max_length=50, null=True, blank=True
    )
    mobile = EncryptedCharField(_("mobile number"), max_length=20, null=True, blank=True)
    email = EncryptedEmailField(_("e-mail"), null=True, blank=True)
    reason = EncryptedTextField(_("reason for attending"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=12, choices=DeclineReason.choices, blank=True
    )
    # Internal: what was told to the applicant, never published; erased with the data.
    decision_note = EncryptedTextField(_("note to the applicant"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False, verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True, editable=False
    )
    #: When the applicant was e-mailed the decision (once, ``events.deliver_decision_notice``).
    decision_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("application to attend")
        verbose_name_plural = _("applications to attend")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="meetingapplication_unique_number"
            ),
            models.CheckConstraint(
                condition=~Q(decision="declined") | ~Q(decline_reason=""),
                name="meetingapplication_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.number}"


class ApplicationAccess(models.Model):
    """One view of an applicant's personal data in the back office (个人信息保护法 Art 51, 54),
    read by the office head and the privacy officer of the meeting's agency. Written only by
    ``interaction.events.application_access_record``."""

    # PROTECT: applications are never deleted (their data are erased, the record stays);
    # staff accounts are deactivated, not deleted.
    application = models.ForeignKey(
        MeetingApplication, on_delete=models.PROTECT, related_name="accesses",
        verbose_name=_("application to attend"),
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    page = models.CharField(_("page"), max_length=300)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("applicant data access")
        verbose_name_plural = _("meeting applicant data access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.at:%Y-%m-%d %H:%M}"
