"""The public message box (领导信箱 / 咨询 / 建议 / 投诉 / 求助) and feedback on disclosures (纠错).

A message is written without an account, gets a tracking number and a query code like an
information request, and is answered within a number of working days set per kind (the reply
clock, ``interaction.clock``). Staff route it (转办), give it a lead office and assisting offices
(承办/协办) with their own progress notes, and draft a reply that goes through the shared
review-and-publish workflow: publishing the reply sends it to the citizen, and puts question and
reply on the site only when the citizen agreed, as screened and masked texts, never with the
citizen's name.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedEmailField

from portal.models import Agency
from publishing.models import Publishable, Status, WorkflowEvent


class MessageKind(models.Model):
    """A kind of message and its reply period in working days (configurable; the defaults are
    seeded by the migration: 咨询 5, 建议/投诉/求助 15, 纠错 15)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=20)
    description = models.CharField(_("description"), max_length=200, blank=True)
    reply_workdays = models.PositiveSmallIntegerField(
        _("reply period (working days)"),
        help_text=_("Counted from the day the message is received."),
    )
    #: Offered on the message form; 纠错 is written from a document's page instead.
    on_form = models.BooleanField(_("offered on the message form"), default=True)
    is_correction = models.BooleanField(
        _("feedback on a disclosure"),
        default=False,
        help_text=_("Messages of this kind are written from a document's page and link to it."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("message kind")
        verbose_name_plural = _("message kinds")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reply_workdays__gte=1, reply_workdays__lte=60),
                name="messagekind_reply_period_1_60",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MessageDesk(models.Model):
    """An agency that takes messages, with its 领导信箱 where the government has one."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="message_desk", verbose_name=_("agency")
    )
    is_open = models.BooleanField(_("takes messages"), default=True)
    leader_box = models.CharField(
        _("leader's mailbox (领导信箱)"),
        max_length=50,
        blank=True,
        help_text=_("For example 市长信箱; empty when the agency has none."),
    )
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("message desk")
        verbose_name_plural = _("message desks")

    def __str__(self) -> str:
        return str(self.agency)


class MessageStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    REPLIED = "replied", _("Replied to")
    CLOSED = "closed", _("Closed")


class CorrectionType(models.TextChoices):
    MISSING = "missing", _("Information is missing")
    WRONG = "wrong", _("Information is wrong")
    OUTDATED = "outdated", _("Information is outdated")
    ATTACHMENT = "attachment", _("An attachment is broken or missing")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    FAIRLY = "fairly", _("Fairly satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class MessageQuerySet(models.QuerySet["Message"]):
    def open(self) -> MessageQuerySet:
        return self.filter(status__in=[MessageStatus.RECEIVED, MessageStatus.IN_PROGRESS])

    def published(self) -> MessageQuerySet:
        """Messages shown on the site: the citizen agreed, and a reply meant for the site is
        published."""
        return self.filter(
            publication_consent=True,
            replies__status=Status.PUBLISHED,
            replies__show_publicly=True,
        ).distinct()


class Message(models.Model):
    """One message from a citizen, from receipt to the rated reply."""

    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    query_code_hash = models.CharField(max_length=200, editable=False)
    kind = models.ForeignKey(MessageKind, on_delete=models.PROTECT, verbose_name=_("kind"))
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="messages",
        verbose_name=_("agency"),
        help_text=_("The agency the message is with now (after any routing)."),
    )
    first_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("addressed to")
    )
    to_leader = models.BooleanField(_("to the leader's mailbox"), default=False)
    subject = models.CharField(_("subject"), max_length=100)
    text = models.TextField(_("message"))
    name = EncryptedCharField(_("name"), max_length=100)
    mobile = EncryptedCharField(_("mobile"), max_length=40)
    email = EncryptedEmailField(_("e-mail"), null=True, blank=True)
    publication_consent = models.BooleanField(_("agrees to publication"), default=False)
    document = models.ForeignKey(
        "disclosure.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("document"),
    )
    interview = models.ForeignKey(
        "interaction.Interview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("question for the interview"),
    )
    correction_type = models.CharField(
        _("what is wrong"), max_length=12, choices=CorrectionType.choices, blank=True
    )
    correction_confirmed_at = models.DateTimeField(
        _("error confirmed at"), null=True, blank=True, editable=False
    )

    status = models.CharField(
        _("status"), max_length=12, choices=MessageStatus.choices, default=MessageStatus.RECEIVED
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("reply due"))
    extension_workdays = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reopened_on = models.DateField(_("reopened on"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    rating_comment = models.CharField(_("comment on the reply"), max_length=500, blank=True)

    #: The question as published (screened and masked by staff before the reply is approved).
    public_subject = models.CharField(_("published subject"), max_length=100, blank=True)
    public_text = models.TextField(_("published message"), blank=True)

    #: When the citizen's name, contacts and files were removed (``interaction.retention``).
    pseudonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MessageQuerySet.as_manager()

    if TYPE_CHECKING:
        # Prefetched by the public selectors (``search_index.published_replies``).
        public_replies: list[MessageReply]

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["received_on"]),
        ]

    def __str__(self) -> str:
        # Only the number: the subject is the citizen's own words (admin links, breadcrumbs and
        # log entries show this to every role); ``handling.staff_subject`` is the masked one.
        return self.tracking_number

    def get_absolute_url(self) -> str:
        return reverse("interaction:message", kwargs={"tracking_number": self.tracking_number})

    @property
    def is_open(self) -> bool:
        return self.status in (MessageStatus.RECEIVED, MessageStatus.IN_PROGRESS)

    @property
    def can_reopen(self) -> bool:
        return (
            self.status == MessageStatus.REPLIED
            and self.rating == Rating.DISSATISFIED
            and self.reopened_on is None
        )


def _message_file_path(instance: models.Model, filename: str) -> str:
    # A generated name: the citizen's file name may itself be personal data.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"interaction/messages/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class MessageFile(models.Model):
    """A file the citizen sent with the message. Never public."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_message_file_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("citizen's file")
        verbose_name_plural = _("citizen's files")

    def __str__(self) -> str:
        return self.original_name


class OfficeRole(models.TextChoices):
    LEAD = "lead", _("Lead office (承办)")
    ASSIST = "assist", _("Assisting office (协办)")


class MessageOffice(models.Model):
    """An office handling the message: one lead office and any number of assisting ones."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="offices")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    role = models.CharField(_("role"), max_length=8, choices=OfficeRole.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("handling office")
        verbose_name_plural = _("handling offices")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "agency"], name="messageoffice_unique_office"
            ),
            models.UniqueConstraint(
                fields=["message"],
                condition=models.Q(role="lead"),
                name="messageoffice_one_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.agency}"


class ProgressNote(models.Model):
    """What an office did on the message (承办/协办 progress), for the staff only."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="notes")
    office = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("progress note"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class MessageEvent(models.Model):
    """The append-only timeline of a message; ``visible`` events are shown to the citizen."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=32)
    note = models.TextField(_("note"), blank=True)
    public_note = models.TextField(_("note for the citizen"), blank=True)
    visible = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("message event")
        verbose_name_plural = _("message events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.action


class MessageReply(Publishable):
    """A reply, drafted by the lead office (or the agency the message is with), reviewed and
    approved, and published: publishing sends it to the citizen; it is shown on the site only
    with ``show_publicly`` (possible only when the citizen agreed)."""

    workflow_policy = "interaction.replies.ReplyPolicy"

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="replies", verbose_name=_("message")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("replying agency")
    )
    text = models.TextField(_("reply"))
    show_publicly = models.BooleanField(
        _("publish question and reply on the site"),
        default=False,
        help_text=_("Only possible when the citizen agreed to publication."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.message.tracking_number} · {self.get_status_display()}"

    @property
    def event_model(self) -> type[models.Model]:
        return ReplyEvent

    event_field = "reply"


class ReplyEvent(WorkflowEvent):
    reply = models.ForeignKey(MessageReply, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("reply event")
        verbose_name_plural = _("reply events")


class MessageNotice(models.Model):
    """A reminder or an escalation sent for a message's due date: one row per message, kind and
    due date, so that the daily sweep never sends one twice (and sends again after an
    extension moves the date)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20)
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "kind", "due_on"], name="messagenotice_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"


class MessageSequence(models.Model):
    """The last tracking number given in a year (``HD2026-000123``)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ContactAccess(models.Model):
    """One view of a citizen's name and contacts in full, or of their file, in the back office
    (个人信息保护法 Art 51, 54). Written only by ``interaction.handling.contact_access_record``."""

    class What(models.TextChoices):
        DETAILS = "details", _("Name and contacts")
        FILE = "file", _("Citizen's file")

    # PROTECT: messages are never deleted; staff accounts are deactivated, not deleted.
    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, related_name="contact_accesses",
        verbose_name=_("message"),
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    what = models.CharField(_("what was seen"), max_length=8, choices=What.choices)
    page = models.CharField(_("page"), max_length=300)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("contact access")
        verbose_name_plural = _("message contact access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.message_id} {self.what} {self.at:%Y-%m-%d %H:%M}"
