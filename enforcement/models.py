"""行政执法公示 (seeds 000, 001; issue 19): the decisions of 行政许可, 行政处罚, 行政强制 and the
results of 行政检查, published with the fields the 行政执法公示制度 requires, for a 公示期 per kind
(``settings.ENFORCEMENT_PUBLICATION_DAYS``), after which they leave every public output by
themselves (``DecisionQuerySet.on_display``) but stay for staff and the annual report.

A natural person's name is stored in full, encrypted at rest, and public only masked (张*); the
ID number is encrypted and never public. An organisation's name, credit code and legal
representative are public.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from portal.models import Agency
from powers.models import PowerItem
from publishing.models import Publishable, Status, WorkflowEvent


class DecisionKind(models.TextChoices):
    LICENSING = "licensing", _("Administrative licensing")
    PENALTY = "penalty", _("Administrative penalty")
    COERCION = "coercion", _("Administrative coercion")
    INSPECTION = "inspection", _("Administrative inspection")


class SubjectType(models.TextChoices):
    """The 行政相对人."""

    PERSON = "person", _("Natural person")
    ORGANISATION = "organisation", _("Legal person or other organisation")
    INDIVIDUAL_BUSINESS = "individual_business", _("Individual business")


def publication_days(kind: str) -> int:
    """The 公示期 of a kind of decision, in days after the decision date."""
    return int(settings.ENFORCEMENT_PUBLICATION_DAYS[kind])


def on_display_q(today: dt.date) -> Q:
    """Decisions whose 公示期 includes ``today``: decided on or before it and no more than the
    kind's period before it (the last day shown is decision date + period)."""
    return reduce(
        or_,
        (
            Q(kind=kind, decision_date__gte=today - dt.timedelta(days=publication_days(kind)))
            for kind in DecisionKind.values
        ),
    ) & Q(decision_date__lte=today)


class DecisionQuerySet(models.QuerySet):
    def published(self) -> DecisionQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def on_display(self, today: dt.date | None = None) -> DecisionQuerySet:
        """What the public sees, exact to the day: published and within its 公示期 (no task
        needed for a decision to leave the pages, the API, the feeds, the sitemap, the exports
        and search results)."""
        return self.published().filter(on_display_q(today or timezone.localdate()))


class Decision(Publishable):
    """One 行政执法决定 (or 行政检查 result) of an agency, published through the shared
    review-and-publish workflow."""

    workflow_policy = "enforcement.publishing.DecisionPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="enforcement_decisions",
        verbose_name=_("agency"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=DecisionKind.choices)
    number = models.CharField(
        _("decision number"),
        max_length=100,
        help_text=_("决定书文号, e.g. 丽市监处罚〔2026〕12号."),
    )
    subject_type = models.CharField(_("type of party"), max_length=20, choices=SubjectType.choices)
    # The party's name: a natural person's is personal data (encrypted, public only masked).
    subject_name = EncryptedCharField(_("name of the party"), max_length=200)
    # What the public sees of the party's name: masked for a natural person (张*), set by
    # ``drafting.decision_save``; the only name the public pages, API, feeds and search read.
    public_subject_name = models.CharField(
        _("name of the party as published"), max_length=200, editable=False
    )
    # Never public, not even masked.
    id_number = EncryptedCharField(
        _("ID number"), max_length=64, null=True, blank=True,
        help_text=_("Of a natural person or the operator of an individual business; never "
                    "published."),
    )  # fmt: skip
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True,
        help_text=_("Of a legal person, other organisation or individual business (GB 32100)."),
    )  # fmt: skip
    legal_representative = models.CharField(
        _("legal representative"), max_length=100, blank=True,
        help_text=_("Of a legal person or other organisation; published."),
    )  # fmt: skip
    summary = models.TextField(
        _("summary"),
        help_text=_("违法事实 of a penalty or coercion, 许可内容 of a licence, the result of an "
                    "inspection. Name a natural person only masked."),
    )  # fmt: skip
    legal_basis = models.TextField(_("legal basis"))
    decision_text = models.TextField(_("decision"))
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True,
        help_text=_("罚没金额 or other amount of the decision, if any."),
    )  # fmt: skip
    decision_date = models.DateField(_("decision date"))
    # The 职权事项 of the agency's 权力清单 the decision was made under (its category is the
    # decision's kind). PROTECT, not SET_NULL: the link is part of the published record, and
    # losing it silently would change a published decision without a workflow step. Items are
    # withdrawn, never deleted, once published, and only published items are linked, so
    # nothing legitimate is blocked: only deleting a linked item by hand is refused.
    power_item = models.ForeignKey(
        PowerItem, on_delete=models.PROTECT, null=True, blank=True,
        related_name="enforcement_decisions", verbose_name=_("power item"),
        help_text=_("The item of the agency's list of powers (权力清单) this decision was made "
                    "under."),
    )  # fmt: skip

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement decision")
        verbose_name_plural = _("enforcement decisions")
        ordering = ["-decision_date", "-id"]
        indexes = [
            models.Index(fields=["status", "kind", "-decision_date"]),
            models.Index(fields=["agency", "kind", "decision_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject_type="person") | Q(credit_code="", legal_representative=""),
                name="decision_person_has_no_organisation_fields",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("enforcement:detail", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return DecisionEvent

    event_field = "decision"

    @property
    def is_person(self) -> bool:
        return self.subject_type == SubjectType.PERSON

    @property
    def public_until(self) -> dt.date:
        """The last day of the 公示期."""
        return self.decision_date + dt.timedelta(days=publication_days(self.kind))

    @property
    def public_credit_code(self) -> str:
        return "" if self.is_person else self.credit_code

    @property
    def public_legal_representative(self) -> str:
        # Only an organisation's: the operator of an individual business is a natural person.
        return self.legal_representative if self.subject_type == SubjectType.ORGANISATION else ""


class DecisionEvent(WorkflowEvent):
    """The audit trail of a decision: one row per workflow step."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="events", verbose_name=_("decision")
    )

    class Meta(WorkflowEvent.Meta):
        pass
