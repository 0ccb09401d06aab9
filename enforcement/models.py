"""行政执法公示 (seeds 000, 001; issue 19): the decisions of 行政许可, 行政处罚, 行政强制 and the
results of 行政检查, published with the fields the 行政执法公示制度 requires, for a 公示期 per kind
(``settings.ENFORCEMENT_PUBLICATION_DAYS``), after which they leave every public output by
themselves (``DecisionQuerySet.on_display``) but stay for staff and the annual report.

A natural person's name is stored in full, encrypted at rest, and public only masked (张*); the
ID number is encrypted and never public. An organisation's name, credit code and legal
representative are public.

And 双随机、一公开 (below ``InspectionOutcome``): random inspection plans, their draw and results.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
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


# --- 双随机、一公开: random inspections -------------------------------------------------------
#
# An agency's 抽查计划 lists what is inspected (检查事项清单), the market subjects it may draw
# from (抽查对象名录库) and its inspectors (执法检查人员名录库), with the share of subjects to draw.
# Once the plan is published, its pools are frozen; the draw then picks the subjects and the
# inspectors of each at random (``enforcement.draws``), with a seed made at the draw and
# published with it, so anyone can repeat it. A draw is never redone: a new round is a new
# plan, and the earlier draw stays. The result of each inspection is published through the
# shared workflow.

# Only market subjects are drawn: a natural person is never in a pool, so never published.
MARKET_SUBJECT_TYPES = [
    (SubjectType.ORGANISATION.value, SubjectType.ORGANISATION.label),
    (SubjectType.INDIVIDUAL_BUSINESS.value, SubjectType.INDIVIDUAL_BUSINESS.label),
]


class InspectionOutcome(models.TextChoices):
    """检查结果, in the terms the market regulators publish (国家企业信用信息公示系统)."""

    NO_PROBLEM = "no_problem", _("No problem found")
    RECTIFY = "rectify", _("Problems found; ordered to rectify")
    CASE_FILED = "case_filed", _("Problems found; a case was filed")
    TRANSFERRED = "transferred", _("Problems found; transferred to the competent authority")
    NOT_FOUND = "not_found", _("The market subject was not found")
    CLOSED = "closed", _("Closed down or in liquidation")
    NO_ACTIVITY = "no_activity", _("Not engaged in the activity inspected")
    REFUSED = "refused", _("Refused the inspection")


class InspectionPlanQuerySet(models.QuerySet):
    def published(self) -> InspectionPlanQuerySet:
        return self.filter(status=Status.PUBLISHED)


class InspectionPlan(Publishable):
    """One 双随机抽查计划 of an agency, published through the shared workflow before its draw."""

    workflow_policy = "enforcement.publishing.InspectionPlanPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="inspection_plans", verbose_name=_("agency")
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    description = models.TextField(
        _("scope and method"), blank=True,
        help_text=_("Who may be drawn, how the inspections are done; published."),
    )  # fmt: skip
    # 抽查比例: a floor ("不低于5%"), so the number it gives is rounded up (enforcement.draws).
    subject_ratio = models.DecimalField(
        _("share of subjects to draw (%)"), max_digits=5, decimal_places=2, null=True,
        blank=True, validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
        help_text=_("E.g. 5 for 5%; the number of subjects is rounded up."),
    )  # fmt: skip
    subject_count = models.PositiveIntegerField(
        _("number of subjects to draw"), null=True, blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("With a share as well: at least this many."),
    )  # fmt: skip
    # 行政处罚法 Art 42, 行政检查 rules: inspections are done by at least two officers.
    inspectors_per_subject = models.PositiveSmallIntegerField(
        _("inspectors per subject"), default=2,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
    )  # fmt: skip
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    previous_round = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="next_rounds", verbose_name=_("previous round"),
    )  # fmt: skip

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InspectionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("random inspection plan")
        verbose_name_plural = _("random inspection plans")
        ordering = ["-year", "-planned_start", "-id"]
        indexes = [models.Index(fields=["status", "year"])]
        constraints = [
            # The same messages as ``inspections.check_plan``, which puts them on the fields.
            models.CheckConstraint(
                condition=Q(subject_ratio__isnull=False) | Q(subject_count__isnull=False),
                name="inspectionplan_has_ratio_or_count",
                violation_error_message=_(
                    "Give the share of subjects to draw, their number, or both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="inspectionplan_ends_after_start",
                violation_error_message=_("The planned end is before the planned start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("enforcement:inspection", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return InspectionPlanEvent

    event_field = "plan"


class InspectionPlanEvent(WorkflowEvent):
    """The audit trail of a plan: the workflow steps, the draw and a new round."""

    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.CASCADE, related_name="events", verbose_name=_("plan")
    )

    class Meta(WorkflowEvent.Meta):
        pass


class InspectionItem(models.Model):
    """One line of the 检查事项清单: what is inspected, and on what legal basis."""

    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    name = models.CharField(_("inspection item"), max_length=200)
    basis = models.TextField(_("legal basis"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class PlanSubject(models.Model):
    """A market subject in the plan's pool (抽查对象名录库), public with its name and credit code.
    Its credit code is its key in the draw."""

    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.CASCADE, related_name="subjects", verbose_name=_("plan")
    )
    subject_type = models.CharField(
        _("type of market subject"), max_length=20, choices=MARKET_SUBJECT_TYPES,
        default=SubjectType.ORGANISATION,
    )  # fmt: skip
    name = models.CharField(_("registered name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18)

    class Meta:
        verbose_name = _("market subject in the pool")
        verbose_name_plural = _("market subjects in the pool")
        ordering = ["credit_code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "credit_code"], name="plansubject_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.credit_code}）"


class PlanInspector(models.Model):
    """An officer in the plan's pool (执法检查人员名录库). Officers' names and 执法证号 are public
    (行政执法公示制度: 执法人员信息); the certificate number is the officer's key in the draw."""

    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.CASCADE, related_name="inspectors",
        verbose_name=_("plan"),
    )  # fmt: skip
    name = models.CharField(_("name of the officer"), max_length=50)
    certificate_number = models.CharField(_("enforcement certificate number"), max_length=30)

    class Meta:
        verbose_name = _("inspector in the pool")
        verbose_name_plural = _("inspectors in the pool")
        ordering = ["certificate_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "certificate_number"], name="planinspector_unique_certificate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"


class InspectionDraw(models.Model):
    """The draw of a plan: recorded once (one per plan, by the table), never redone."""

    plan = models.OneToOneField(
        InspectionPlan, on_delete=models.PROTECT, related_name="draw", verbose_name=_("plan")
    )
    seed = models.CharField(_("random seed"), max_length=64)
    algorithm = models.CharField(_("algorithm"), max_length=32)
    # SHA-256 of the pools and numbers the draw read (enforcement.draws.pool_digest).
    pool_digest = models.CharField(_("fingerprint of the pools"), max_length=64)
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("drawn by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")

    def __str__(self) -> str:
        return f"{self.plan} · {self.seed}"


class DrawnSubject(models.Model):
    """A subject the draw picked (in the order it picked them), with its inspectors."""

    draw = models.ForeignKey(
        InspectionDraw, on_delete=models.CASCADE, related_name="drawn", verbose_name=_("draw")
    )
    position = models.PositiveIntegerField(_("position"))
    subject = models.ForeignKey(
        PlanSubject, on_delete=models.PROTECT, related_name="drawings", verbose_name=_("subject")
    )
    inspectors = models.ManyToManyField(
        PlanInspector, related_name="assignments", verbose_name=_("inspectors")
    )

    class Meta:
        verbose_name = _("drawn subject")
        verbose_name_plural = _("drawn subjects")
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "position"], name="drawnsubject_unique_pos"),
            models.UniqueConstraint(fields=["draw", "subject"], name="drawnsubject_unique_subject"),
        ]

    def __str__(self) -> str:
        return str(self.subject)


class InspectionResultQuerySet(models.QuerySet):
    def published(self) -> InspectionResultQuerySet:
        """Published results of published plans (a withdrawn plan takes its results along)."""
        return self.filter(
            status=Status.PUBLISHED, drawn_subject__draw__plan__status=Status.PUBLISHED
        )


class InspectionResult(Publishable):
    """The 检查结果 of one drawn subject, published through the shared workflow."""

    workflow_policy = "enforcement.publishing.InspectionResultPolicy"

    # The plan's agency (set by ``inspections.result_save``): the workflow's roles are its.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="inspection_results",
        verbose_name=_("agency"), editable=False,
    )  # fmt: skip
    drawn_subject = models.OneToOneField(
        DrawnSubject, on_delete=models.PROTECT, related_name="result",
        verbose_name=_("drawn subject"),
    )  # fmt: skip
    outcome = models.CharField(_("result"), max_length=16, choices=InspectionOutcome.choices)
    summary = models.TextField(
        _("findings"), help_text=_("What was inspected and found, briefly; published.")
    )
    inspected_on = models.DateField(_("inspected on"))

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return str(self.drawn_subject)

    def get_absolute_url(self) -> str:
        plan_id = self.drawn_subject.draw.plan_id
        return reverse("enforcement:inspection", kwargs={"pk": plan_id}) + f"#result-{self.pk}"

    @property
    def event_model(self) -> type[models.Model]:
        return InspectionResultEvent

    event_field = "result"


class InspectionResultEvent(WorkflowEvent):
    """The audit trail of a result: one row per workflow step."""

    result = models.ForeignKey(
        InspectionResult, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("inspection result"),
    )  # fmt: skip

    class Meta(WorkflowEvent.Meta):
        pass
