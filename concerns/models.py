"""回应关切: the register of public concerns (政务舆情) an agency must respond to, on the clock,
and the responses it publishes in its 回应关切 column.

The register (``Concern``) is staff-only: where a concern was found, what it is about and when
the agency became aware of it. Nothing of it is ever public; only a ``Response``, once through
the shared review-and-publish workflow, is (its own title, text, links and publication time).
A response's publication time stops the clock of the obligations it meets (``concerns.clock``).
``Escalation`` records each reminder and escalation of the sweep once (``concerns.escalation``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from disclosure.models import Document
from interpretation.models import Interpretation
from portal.models import Agency
from publishing.models import Publishable, Status, WorkflowEvent


class Source(models.TextChoices):
    MEDIA = "media", _("Media report")
    HOTLINE = "hotline", _("12345 hotline")
    MESSAGE_BOX = "message_box", _("Message box")
    ONLINE = "online", _("Online (social media, forums)")


class Severity(models.TextChoices):
    # 国办发〔2016〕61号: 特别重大、重大突发事件 — authoritative information within 5 hours, a
    # press conference within 24 hours; other concerns — a response within 48 hours.
    MAJOR = "major", _("Especially major or major emergency (特别重大、重大突发事件)")
    GENERAL = "general", _("General concern (一般)")


class Obligation(models.TextChoices):
    AUTHORITATIVE = "authoritative", _("Authoritative information (权威信息)")
    PRESS_CONFERENCE = "press_conference", _("Press conference (新闻发布会)")
    RESPONSE = "response", _("Response (回应)")


class ResponseKind(models.TextChoices):
    AUTHORITATIVE = "authoritative", _("Authoritative information release")
    PRESS_QA = "press_qa", _("Answers to reporters' questions")
    BRIEFING = "briefing", _("Situation briefing")
    INTERPRETATION = "interpretation", _("Policy interpretation link")


class Concern(models.Model):
    """One public concern in an agency's register (属地管理、分级负责、谁主管谁负责: the agency
    responsible for the matter holds it). Staff-only."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="concerns",
        verbose_name=_("responsible agency"),
        help_text=_("属地管理、分级负责、谁主管谁负责: the agency in charge of the matter."),
    )  # fmt: skip
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    subject = models.CharField(
        _("subject"), max_length=200,
        help_text=_("What the concern is about, e.g. 城区自来水浑浊. Name no private person: "
                    "the subject goes into reminder e-mails."),
    )  # fmt: skip
    summary = models.TextField(
        _("summary"), blank=True,
        help_text=_("What is being said, where, and how widely. Never published."),
    )  # fmt: skip
    severity = models.CharField(_("category"), max_length=8, choices=Severity.choices)
    aware_at = models.DateTimeField(
        _("found at"),
        help_text=_("When the agency found or was told of the concern (Beijing time): the "
                    "response clock starts here and runs in clock hours, nights, weekends "
                    "and holidays included."),
    )  # fmt: skip
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        editable=False, verbose_name=_("registered by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public concern")
        verbose_name_plural = _("public concerns")
        ordering = ["-aware_at", "-id"]
        indexes = [models.Index(fields=["agency", "aware_at"])]

    def __str__(self) -> str:
        return self.subject


class ResponseQuerySet(models.QuerySet):
    def published(self) -> ResponseQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def released(self) -> ResponseQuerySet:
        """Responses that went out, withdrawn later or not: their publication stopped a clock."""
        return self.filter(published_at__isnull=False)


class Response(Publishable):
    """A response to a concern, published in the agency's 回应关切 column."""

    workflow_policy = "concerns.publishing.ResponsePolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="concern_responses",
        verbose_name=_("agency"),
    )  # fmt: skip
    concern = models.ForeignKey(
        Concern, on_delete=models.PROTECT, related_name="responses",
        verbose_name=_("concern responded to"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=16, choices=ResponseKind.choices)
    at_press_conference = models.BooleanField(
        _("given at a press conference"), default=False,
        help_text=_("Tick when the response was given at a press conference (新闻发布会): "
                    "its publication meets the press-conference obligation."),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    interpretations = models.ManyToManyField(
        Interpretation, blank=True, related_name="+", verbose_name=_("policy interpretations"),
    )  # fmt: skip
    documents = models.ManyToManyField(
        Document, blank=True, related_name="+", verbose_name=_("documents"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response to a concern")
        verbose_name_plural = _("responses to concerns")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("concerns:detail", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return ResponseEvent

    event_field = "response"


class ResponseEvent(WorkflowEvent):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="events", verbose_name=_("response")
    )

    class Meta(WorkflowEvent.Meta):
        pass


class Stage(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class Escalation(models.Model):
    """One reminder (a limit nears) or escalation (a limit passed) of one obligation of a
    concern, for one due time: recorded before it is sent, unique, so that the sweep can run
    again and send nothing twice (``concerns.escalation``)."""

    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("concern")
    )
    obligation = models.CharField(_("obligation"), max_length=16, choices=Obligation.choices)
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    # The due time the notice was about: a corrected 'found at' makes a new due time, which
    # gets its own notices.
    due_at = models.DateTimeField(_("due at"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # How many addresses it went to (not which: the roles say who).
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder or escalation")
        verbose_name_plural = _("reminders and escalations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["concern", "obligation", "stage", "due_at"],
                name="concerns_escalation_once_per_due_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_obligation_display()} · {self.get_stage_display()}"
