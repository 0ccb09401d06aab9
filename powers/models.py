"""权力清单 and 责任清单 (seed 004, issue 19): the powers an agency exercises (职权事项), by
category, each with its basis (设定依据), the office that carries it out (承办机构) and the
responsibilities that come with it (责任事项, each with its 追责依据) — the two lists are kept
as one record per power, as most provinces publish them (权责清单).

A catalog item is published through the shared review-and-publish workflow and keeps its
address for good. Changing a published item is a *revision*: a draft copy of the item
(``revision_of``) that goes through the same workflow and, when published, is applied to the
item, which gets a new version (``PowerItemVersion``: who, when, why and what changed, field by
field). The item stays public as it was while the revision is drafted and reviewed. Revisions
are never public themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.models import Document
from portal.models import Agency
from publishing.models import Publishable, Status, WorkflowEvent


class Category(models.TextChoices):
    """The categories of 权力清单 (the four first share their values with the kinds of
    enforcement decisions: a decision links to an item of its own category)."""

    LICENSING = "licensing", _("Administrative licensing")
    PENALTY = "penalty", _("Administrative penalty")
    COERCION = "coercion", _("Administrative coercion")
    INSPECTION = "inspection", _("Administrative inspection")
    LEVY = "levy", _("Administrative levy")
    PAYMENT = "payment", _("Administrative payment")
    CONFIRMATION = "confirmation", _("Administrative confirmation")
    REWARD = "reward", _("Administrative reward")
    ADJUDICATION = "adjudication", _("Administrative adjudication")
    OTHER = "other", _("Other administrative powers")


# The order the catalogs list the categories in (as 浙江政务服务网 does).
CATEGORY_ORDER = [
    Category.LICENSING, Category.PENALTY, Category.COERCION, Category.LEVY, Category.PAYMENT,
    Category.INSPECTION, Category.CONFIRMATION, Category.REWARD, Category.ADJUDICATION,
    Category.OTHER,
]  # fmt: skip

# A revision still being worked on: at most one per item.
OPEN_STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED)


class PowerItemQuerySet(models.QuerySet):
    def catalog(self) -> PowerItemQuerySet:
        """The items themselves, not the revisions of them."""
        return self.filter(revision_of__isnull=True)

    def published(self) -> PowerItemQuerySet:
        return self.catalog().filter(status=Status.PUBLISHED)

    def public(self) -> PowerItemQuerySet:
        """Items whose page is public: published, or withdrawn (the page keeps its address
        and says when and why the item was withdrawn, with its history)."""
        return self.catalog().filter(status__in=(Status.PUBLISHED, Status.WITHDRAWN))

    def open_revisions(self) -> PowerItemQuerySet:
        return self.filter(revision_of__isnull=False, status__in=OPEN_STATUSES)


class PowerItem(Publishable):
    """One 职权事项 of an agency with its responsibilities; or a revision of one."""

    workflow_policy = "powers.publishing.PowerItemPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="power_items",
        verbose_name=_("implementing agency"),
    )  # fmt: skip
    code = models.CharField(
        _("item code"), max_length=64,
        help_text=_("事项编码, unique within the agency, e.g. 许可-00217-000."),
    )  # fmt: skip
    name = models.CharField(_("item name"), max_length=200)
    category = models.CharField(_("power category"), max_length=12, choices=Category.choices)
    sub_items = models.TextField(
        _("sub-items"), blank=True, help_text=_("子项, one per line, if the power has any.")
    )
    basis = models.TextField(
        _("basis of the power"),
        help_text=_("设定依据: the laws, regulations and articles, e.g. "
                    "《中华人民共和国行政许可法》第十二条."),
    )  # fmt: skip
    # Published documents of the portal that the basis rests on (an agency's 规范性文件, the
    # notice that published the list); shown linked on the item's page while they stay
    # published.
    basis_documents = models.ManyToManyField(
        Document, blank=True, related_name="power_items",
        limit_choices_to={"status": Status.PUBLISHED},
        verbose_name=_("published documents of the basis"),
    )  # fmt: skip
    office = models.CharField(
        _("office in charge"), max_length=200,
        help_text=_("承办机构: the internal office or unit that carries out the power."),
    )  # fmt: skip
    accountability_cases = models.TextField(
        _("cases of accountability"), blank=True,
        help_text=_("追责情形: when those who exercise the power are held to account."),
    )  # fmt: skip
    contact_phone = models.CharField(_("enquiry phone"), max_length=50, blank=True)
    supervision_phone = models.CharField(_("supervision phone"), max_length=50, blank=True)
    notes = models.TextField(_("remarks"), blank=True)
    change_reason = models.TextField(
        _("reason for the change"), blank=True,
        help_text=_("调整原因: why the item is added or changed (e.g. a law was amended); "
                    "shown in its change history. Required for a revision."),
    )  # fmt: skip

    revision_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="revisions", verbose_name=_("revision of"),
    )  # fmt: skip
    # Of an item: its current version (0 until first published). Of a revision: the version of
    # the item it was copied from (publishing it over a newer version is refused).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PowerItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("power item")
        verbose_name_plural = _("power items")
        ordering = ["category", "code", "id"]
        indexes = [
            models.Index(fields=["status", "category"], name="poweritem_status_category"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"], condition=Q(revision_of__isnull=True),
                name="poweritem_code_unique_per_agency",
                violation_error_message=_("This agency already has a power item with this code."),
            ),
            # One revision at a time: two drafts changing the same item would overwrite
            # each other's changes.
            models.UniqueConstraint(
                fields=["revision_of"], condition=Q(status__in=OPEN_STATUSES),
                name="poweritem_one_open_revision",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("powers:detail", kwargs={"pk": self.revision_of_id or self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return PowerItemEvent

    event_field = "power_item"

    @property
    def title(self) -> str:
        """What a withdrawn record's notice names (``publishing.serializers``)."""
        return self.name

    @property
    def is_revision(self) -> bool:
        return self.revision_of_id is not None

    @property
    def published_basis_documents(self) -> list[Document]:
        """The documents of the basis that are published now (``powers.selectors``
        prefetches them); a withdrawn document is no longer linked."""
        return [d for d in self.basis_documents.all() if d.status == Status.PUBLISHED]

    @property
    def sub_item_list(self) -> list[str]:
        return [line.strip() for line in self.sub_items.splitlines() if line.strip()]


class Responsibility(models.Model):
    """One 责任事项 of a power item, with its 追责依据."""

    power_item = models.ForeignKey(
        PowerItem, on_delete=models.CASCADE, related_name="responsibilities",
        verbose_name=_("power item"),
    )  # fmt: skip
    order = models.PositiveIntegerField(_("order"), default=0)
    duty = models.TextField(
        _("responsibility"), help_text=_("责任事项, e.g. 受理责任：公示应当提交的材料…")
    )
    accountability_basis = models.TextField(
        _("basis of accountability"), blank=True,
        help_text=_("追责依据: the articles under which failing this responsibility is pursued."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.duty[:60]


class PowerItemEvent(WorkflowEvent):
    """The audit trail of a power item or revision: one row per workflow step."""

    power_item = models.ForeignKey(
        PowerItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("power item")
    )

    class Meta(WorkflowEvent.Meta):
        pass


class VersionKind(models.TextChoices):
    CREATED = "created", _("Added to the list")
    CHANGED = "changed", _("Content changed")
    WITHDRAWN = "withdrawn", _("Removed from the list")


class PowerItemVersion(models.Model):
    """One entry of an item's change history (变更记录): its first publication, each revision
    published over it, its withdrawal. Written by ``powers.versions`` only, never edited."""

    power_item = models.ForeignKey(
        PowerItem, on_delete=models.PROTECT, related_name="versions", verbose_name=_("power item")
    )
    number = models.PositiveIntegerField(_("version number"))
    kind = models.CharField(_("kind of change"), max_length=10, choices=VersionKind.choices)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    # The revision whose publication made this version (its audit trail says who drafted and
    # who reviewed it).
    revision = models.ForeignKey(
        PowerItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("revision"),
    )  # fmt: skip
    reason = models.TextField(_("reason for the change"), blank=True)
    # What changed, field by field (``powers.versions.diff``): kept as data so that the page
    # shows it in the reader's language.
    changes = models.JSONField(_("changes"), default=list, blank=True)
    # The public content of the item as of this version.
    snapshot = models.JSONField(_("content"), default=dict, blank=True)

    class Meta:
        verbose_name = _("version of a power item")
        verbose_name_plural = _("change history")
        ordering = ["power_item", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["power_item", "number"], name="poweritemversion_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.power_item} v{self.number}"
