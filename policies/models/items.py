"""Policy items (政策事项, issue 20): what a published policy document grants, to whom, how it is
claimed, and the article of the document it comes from. A document may carry several items.

Conditions are structured criteria (``Condition``) of a few types fixed in code
(``CriterionType``: region, industry, enterprise size, age, household status, special group);
the values of the vocabulary types are data kept in the admin (``CriterionValue``: GB/T
4754-2017 门类, 大中小微, 低保户, 退役军人 …), so a new household status needs no release.
Within a condition any listed value qualifies; every condition of an item must hold
(``policies.matching``).

An item is public only while it is published and its document is published and in force
(``PolicyItemQuerySet.on_display``): withdrawing or expiring the document takes its items off
every public page, feed, export and search result by itself.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.models import Document, Validity
from portal.models import Agency
from publishing.models import Publishable, Status, WorkflowEvent


class Audience(models.TextChoices):
    """适用对象."""

    INDIVIDUALS = "individuals", _("Individuals")
    BUSINESSES = "businesses", _("Businesses")
    BOTH = "both", _("Individuals and businesses")


class Delivery(models.TextChoices):
    """兑现方式."""

    APPLY = "apply", _("Claimed on application (申请兑现)")
    AUTOMATIC = "automatic", _("Granted without application (免申即享)")
    DIRECT = "direct", _("Paid directly and fast (直达快享)")


class CriterionType(models.TextChoices):
    """The kinds of condition; each is matched by its own rule in ``policies.matching``."""

    REGION = "region", _("Region")
    INDUSTRY = "industry", _("Industry")
    SIZE = "size", _("Enterprise size")
    AGE = "age", _("Age")
    HOUSEHOLD = "household", _("Household status")
    GROUP = "group", _("Special group")


# The types whose values are kept in the vocabulary (``CriterionValue``); region values are the
# portal's agencies (administrative divisions) and an age is a range on the condition itself.
VOCABULARY_TYPES = (
    CriterionType.INDUSTRY,
    CriterionType.SIZE,
    CriterionType.HOUSEHOLD,
    CriterionType.GROUP,
)


class CriterionValue(models.Model):
    """One value of the conditions vocabulary, e.g. 制造业 (industry ``C``), 小型 (size), 低保户
    (household status), 高校毕业生 (special group)."""

    kind = models.CharField(
        _("criterion type"),
        max_length=12,
        choices=[(t.value, t.label) for t in VOCABULARY_TYPES],
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Stable and short; industries use their GB/T 4754-2017 section letter."),
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("offered on the form"),
        default=True,
        help_text=_("A retired value stays on the items that use it."),
    )

    class Meta:
        verbose_name = _("criterion value")
        verbose_name_plural = _("criterion values")
        ordering = ["kind", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="criterionvalue_unique_code"),
        ]

    def __str__(self) -> str:
        if self.kind == CriterionType.INDUSTRY:
            return f"{self.code} {self.name}"
        return self.name


def validate_http_url(value: str) -> None:
    """A service guide on the 政务服务 platform: an http(s) address, nothing else (no
    ``javascript:``, no ``ftp:``)."""
    URLValidator(
        schemes=["http", "https"],
        message=_("Give the full address of the service guide, starting with http:// or https://."),
    )(value)


class PolicyItemQuerySet(models.QuerySet):
    def published(self) -> PolicyItemQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def on_display(self, today: dt.date | None = None) -> PolicyItemQuerySet:
        """What the public sees: published items of published documents in force (validity 有效
        and not past the expiry date, exact to the day, before the nightly task marks it)."""
        day = today or timezone.localdate()
        return self.published().filter(
            Q(document__expiry_date__isnull=True) | Q(document__expiry_date__gte=day),
            document__status=Status.PUBLISHED,
            document__validity=Validity.VALID,
        )

    def open_for_application(self, today: dt.date | None = None) -> PolicyItemQuerySet:
        day = today or timezone.localdate()
        return self.filter(Q(apply_deadline__isnull=True) | Q(apply_deadline__gte=day))


class PolicyItem(Publishable):
    """One 政策事项 of a policy document, published through the shared workflow."""

    workflow_policy = "policies.publishing.PolicyItemPolicy"

    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="policy_items",
        verbose_name=_("policy document"),
        limit_choices_to={"status": Status.PUBLISHED},
    )
    # The document's agency, set when the item is saved (``policies.drafting``): the
    # workflow's roles and the back office's scoping are checked in it.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="policy_items",
        verbose_name=_("agency"),
        editable=False,
    )
    name = models.CharField(_("policy name"), max_length=200)
    summary = models.TextField(_("what it grants"), help_text=_("In a few plain sentences."))
    audience = models.CharField(_("intended for"), max_length=12, choices=Audience.choices)
    benefit_amount = models.DecimalField(
        _("benefit (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The most one beneficiary can receive, if the policy states an amount."),
    )
    benefit_text = models.CharField(
        _("benefit"),
        max_length=300,
        blank=True,
        help_text=_("The benefit in words, e.g. 按上年度实际缴纳失业保险费的60%返还."),
    )
    delivery = models.CharField(_("how it is granted"), max_length=10, choices=Delivery.choices)
    # A CharField with the http(s) check: URLField would add its own, second message.
    guide_url = models.CharField(
        _("service guide"),
        max_length=500,
        blank=True,
        validators=[validate_http_url],
        help_text=_("The 办事指南 of the matter on the 政务服务 platform."),
    )
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    time_limit = models.CharField(
        _("processing time"), max_length=100, blank=True, help_text=_("办理时限, e.g. 15个工作日.")
    )
    contact_office = models.CharField(_("contact office"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    apply_deadline = models.DateField(
        _("application deadline"),
        null=True,
        blank=True,
        help_text=_("The last day to apply, if earlier than the end of the document's validity."),
    )
    # The article of the document the item comes from. A text for now (第五条); when documents
    # are split into addressable articles, this is the seam where an article link goes.
    article_ref = models.CharField(
        _("article"), max_length=100, blank=True, help_text=_("E.g. 第五条 or 五、主要任务.")
    )
    article_anchor = models.SlugField(
        _("article anchor"),
        max_length=100,
        blank=True,
        help_text=_("The anchor of the article on the document's page, if it has one."),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PolicyItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy item")
        verbose_name_plural = _("policy items")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "delivery"]),
            models.Index(fields=["status", "-published_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(benefit_amount__isnull=True) | Q(benefit_amount__gte=0),
                name="policyitem_benefit_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("policies:item", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return PolicyItemEvent

    event_field = "item"

    @property
    def valid_until(self) -> dt.date | None:
        """The last day it can be claimed: the deadline or the document's expiry, the sooner."""
        days = [d for d in (self.apply_deadline, self.document.expiry_date) if d]
        return min(days) if days else None

    @property
    def article_url(self) -> str:
        url = self.document.get_absolute_url()
        return f"{url}#{self.article_anchor}" if self.article_anchor else url

    @property
    def safe_guide_url(self) -> str:
        """The guide's address for a link: only http(s), whatever is stored (the form checks
        it; this keeps a value written around the form from becoming a javascript: link)."""
        url = self.guide_url.strip()
        return url if url.lower().startswith(("http://", "https://")) else ""

    @property
    def is_automatic(self) -> bool:
        return self.delivery == Delivery.AUTOMATIC


class Condition(models.Model):
    """One condition of an item: the visitor qualifies when any listed value applies (or the
    age is in the range). One condition per type and item."""

    item = models.ForeignKey(
        PolicyItem, on_delete=models.CASCADE, related_name="conditions", verbose_name=_("item")
    )
    kind = models.CharField(_("criterion type"), max_length=12, choices=CriterionType.choices)
    values = models.ManyToManyField(
        CriterionValue, blank=True, related_name="conditions", verbose_name=_("values")
    )
    regions = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="+",
        verbose_name=_("regions"),
        help_text=_("The administrative divisions (with everything below them)."),
        limit_choices_to={"kind": "government"},
    )
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)

    class Meta:
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "kind"], name="condition_one_per_type"),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="condition_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class PolicyItemEvent(WorkflowEvent):
    """The audit trail of an item: one row per workflow step."""

    item = models.ForeignKey(
        PolicyItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("policy item")
    )

    class Meta(WorkflowEvent.Meta):
        pass
