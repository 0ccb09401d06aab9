"""重大行政决策 (major administrative decisions), under the State Council's 《重大行政决策程序
暂行条例》 (国务院令第713号, 2019; "the Regulation" below, articles as "Art N").

Each government publishes its annual catalog of major decisions (决策事项目录, Art 3 ¶3): one
``DecisionCatalog`` per agency and year, published through the shared review-and-publish
workflow, with its items (``Decision``: title, lead agency, legal basis, planned dates,
whether a hearing is required). Each decision then carries its procedure as published steps
(``DecisionStep``), each reviewed and published on its own, in the Regulation's order
(``decisions.lifecycle``): 预公开 and 公众参与 (Art 14-18), 专家论证 (Art 19-21), 风险评估
(Art 22-24), 合法性审查 (Art 25-29), 集体讨论决定 (Art 30-31), the decision published with its
interpretation (Art 32), 执行情况 (Art 33-34) and 决策后评估 (Art 35).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from disclosure.models import Document
from interpretation.models import Consultation, Interpretation
from portal.models import Agency
from publishing.models import Publishable, Status, WorkflowEvent


class DecisionCatalogQuerySet(models.QuerySet):
    def published(self) -> DecisionCatalogQuerySet:
        return self.filter(status=Status.PUBLISHED)


class DecisionCatalog(Publishable):
    """A government's catalog of major decisions for one year (重大行政决策事项目录)."""

    workflow_policy = "decisions.publishing.CatalogPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="decision_catalogs",
        verbose_name=pgettext_lazy("major decision", "government"),
        help_text=_("The government (决策机关) whose catalog this is."),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    notes = models.TextField(
        _("notes"), blank=True,
        help_text=_("How the catalog was adopted (e.g. by which executive meeting) and how it "
                    "is adjusted during the year."),
    )  # fmt: skip

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DecisionCatalogQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalog of major decisions")
        verbose_name_plural = _("catalogs of major decisions")
        ordering = ["-year", "agency__path"]
        constraints = [
            # One catalog in force per government and year; a withdrawn one may be replaced.
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=~Q(status=Status.WITHDRAWN),
                name="decisioncatalog_one_per_agency_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        name = self.agency.name if self.agency_id else ""
        return gettext("%(agency)s catalog of major administrative decisions %(year)s") % {
            "agency": name,
            "year": self.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("decisions:catalog", kwargs={"code": self.agency.code, "year": self.year})

    @property
    def event_model(self) -> type[models.Model]:
        return DecisionCatalogEvent

    event_field = "catalog"


class DecisionCatalogEvent(WorkflowEvent):
    catalog = models.ForeignKey(
        DecisionCatalog, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("catalog of major decisions"),
    )  # fmt: skip

    class Meta(WorkflowEvent.Meta):
        pass


class MajorDecisionQuerySet(models.QuerySet):
    def public(self) -> MajorDecisionQuerySet:
        """Items of published catalogs: what has a public page."""
        return self.filter(catalog__status=Status.PUBLISHED)


class Decision(models.Model):
    """One item of a catalog: a major decision the government plans to take this year."""

    catalog = models.ForeignKey(
        DecisionCatalog, on_delete=models.CASCADE, related_name="decisions",
        verbose_name=_("catalog of major decisions"),
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("no."))
    title = models.CharField(_("decision"), max_length=300)
    lead_agency = models.CharField(
        pgettext_lazy("major decision", "lead agency"), max_length=200,
        help_text=_("决策承办单位: the department that prepares the decision."),
    )  # fmt: skip
    legal_basis = models.TextField(_("legal basis"))
    summary = models.TextField(_("what it is about"), blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned completion"))
    hearing_required = models.BooleanField(
        _("public hearing required"), default=False,
        help_text=_("Art 18: a hearing is held where laws require one or where the decision "
                    "touches the vital interests of the public."),
    )  # fmt: skip

    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MajorDecisionQuerySet.as_manager()

    if TYPE_CHECKING:
        # Its published steps, where a Prefetch(to_attr=...) has read them (selectors).
        published_steps: list[DecisionStep]

    class Meta:
        verbose_name = _("major decision")
        verbose_name_plural = _("major decisions")
        ordering = ["catalog", "number"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "number"], name="decision_unique_number"),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="decision_planned_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", kwargs={"pk": self.pk})


class StepKind(models.TextChoices):
    """The steps of a decision, in the order the Regulation sets (``decisions.lifecycle``)."""

    PRE_DISCLOSURE = "pre_disclosure", _("Draft published for comment")
    PARTICIPATION = "participation", _("Public participation")
    HEARING = "hearing", _("Public hearing")
    EXPERT = "expert", _("Expert review")
    RISK = "risk", _("Risk assessment")
    LEGALITY = "legality", _("Legality review")
    COLLECTIVE = "collective", _("Collective deliberation and decision")
    DECISION = "decision", _("Decision published")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Post-decision evaluation")


class DecisionStepQuerySet(models.QuerySet):
    def published(self) -> DecisionStepQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def public(self) -> DecisionStepQuerySet:
        """Published steps of decisions in published catalogs."""
        return self.published().filter(decision__catalog__status=Status.PUBLISHED)


class DecisionStep(Publishable):
    """One step of a decision's procedure, reviewed and published on its own. A step that does
    not apply to the decision (an optional one: no hearing, no expert review …) is published
    too, marked not applicable with the reason, so that the public sees why it was left out."""

    workflow_policy = "decisions.publishing.StepPolicy"

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="steps", verbose_name=_("major decision"),
    )  # fmt: skip
    # The catalog's government, copied by the drafting service: the workflow's roles are
    # checked in it, and the back office is scoped by it.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", editable=False,
        verbose_name=pgettext_lazy("major decision", "government"),
    )  # fmt: skip
    kind = models.CharField(_("step"), max_length=16, choices=StepKind.choices)
    not_applicable = models.BooleanField(
        _("not applicable"), default=False,
        help_text=_("Only for steps the Regulation leaves to the case (hearing unless the "
                    "catalog requires one, expert review, risk assessment, evaluation)."),
    )  # fmt: skip
    not_applicable_reason = models.TextField(_("why it does not apply"), blank=True)
    held_on = models.DateField(
        _("date"), null=True, blank=True,
        help_text=_("When the hearing or meeting was held, or the review or report completed."),
    )  # fmt: skip
    meeting = models.CharField(
        _("meeting or form"), max_length=300, blank=True,
        help_text=_("e.g. 市政府第45次常务会议; 听证会; 座谈会、网络征求意见."),
    )  # fmt: skip
    venue = models.CharField(_("place"), max_length=300, blank=True)
    public_attendance = models.CharField(
        _("public attendance (列席)"), max_length=300, blank=True,
        help_text=_("Members of the public who attended, e.g. 3名市民代表列席会议."),
    )  # fmt: skip
    summary = models.TextField(
        _("what was done"), blank=True,
        help_text=_("Published. Name no private person: participants by their role only."),
    )  # fmt: skip
    conclusion = models.TextField(_("conclusion"), blank=True)
    conclusion_public = models.BooleanField(
        _("conclusion is published"), default=True,
        help_text=_("For the legality review: untick where the review opinion is internal "
                    "process information (Art 16 of the disclosure Regulations); the review "
                    "is then shown as done, without its opinion."),
    )  # fmt: skip
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("consultation"),
        help_text=_("The draft and its basis as published for comment."),
    )  # fmt: skip
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decision document"),
    )  # fmt: skip
    interpretation = models.ForeignKey(
        Interpretation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("interpretation"),
    )  # fmt: skip

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DecisionStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision step")
        verbose_name_plural = _("decision steps")
        ordering = ["decision", "id"]
        constraints = [
            # One step of each kind per decision; a withdrawn one may be replaced.
            models.UniqueConstraint(
                fields=["decision", "kind"],
                condition=~Q(status=Status.WITHDRAWN),
                name="decisionstep_one_per_kind",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return f"{self.decision} · {self.get_kind_display()}" if self.decision_id else ""

    def get_absolute_url(self) -> str:
        return f"{self.decision.get_absolute_url()}#step-{self.kind}"

    @property
    def event_model(self) -> type[models.Model]:
        return DecisionStepEvent

    event_field = "step"


class DecisionStepEvent(WorkflowEvent):
    step = models.ForeignKey(
        DecisionStep, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("decision step"),
    )  # fmt: skip

    class Meta(WorkflowEvent.Meta):
        pass
