"""民生资金 beneficiary lists (issue 19, seed 000 (十一)): who receives 最低生活保障, 特困人员供养,
临时救助 and the subsidies an agency pays, published for a 公示期 so that neighbours can object.

A list is drafted with its spreadsheet, which staff upload in the back office. The rows are
masked when the file is imported (``subsidies.importing``, rules in ``subsidies.masking``): the
public row table (``BeneficiaryRow``) holds masked values only. The spreadsheet as uploaded is
kept in ``SourceFile``, encrypted at rest in the database, never under a URL. The list goes
through the shared review-and-publish workflow and is on display from the first to the last
day of its 公示期 (``BeneficiaryListQuerySet.on_display``); the day after, a daily task records
its withdrawal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

from portal.models import Agency
from publishing.models import Publishable, Status, WorkflowEvent


class SubsidyKind(models.TextChoices):
    MINIMUM_LIVING = "dibao", _("Minimum living allowance")
    EXTREME_POVERTY = "tekun", _("Support for people in extreme poverty")
    TEMPORARY = "temporary", _("Temporary assistance")
    DISABILITY = "disability", _("Disability allowances")
    ELDERLY = "elderly", _("Old-age allowances")
    FARMING = "farming", _("Agricultural subsidies")
    OTHER = "other", _("Other subsidies")


def notice_days() -> int:
    """The default length of a 公示期, in days (first and last day included)."""
    return int(settings.SUBSIDY_NOTICE_DAYS)


def default_notice_end(start: dt.date) -> dt.date:
    return start + dt.timedelta(days=notice_days() - 1)


class BeneficiaryListQuerySet(models.QuerySet):
    def published(self) -> BeneficiaryListQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def on_display(self, today: dt.date | None = None) -> BeneficiaryListQuerySet:
        """What the public sees, exact to the day: published, and ``today`` within the 公示期
        (first and last day included). No task is needed for a list to appear on its first
        day or to leave the pages, the API, the exports, the feeds, the sitemap and search
        the day after its last."""
        today = today or timezone.localdate()
        return self.published().filter(notice_start__lte=today, notice_end__gte=today)

    def with_totals(self) -> BeneficiaryListQuerySet:
        """Each list with its totals computed from its rows, in the same query."""
        return self.annotate(
            row_count=Count("rows"),
            people_total=Sum("rows__people"),
            amount_total=Sum("rows__amount"),
        )


class BeneficiaryList(Publishable):
    """One published list of beneficiaries of an agency, for one period."""

    workflow_policy = "subsidies.publishing.BeneficiaryListPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="beneficiary_lists",
        verbose_name=_("agency"),
    )  # fmt: skip
    title = models.CharField(
        _("title"), max_length=200,
        help_text=_("e.g. 紫金街道2026年10月城乡最低生活保障对象名单."),
    )  # fmt: skip
    kind = models.CharField(_("kind of assistance"), max_length=12, choices=SubsidyKind.choices)
    period = models.CharField(
        _("period covered"), max_length=50,
        help_text=_("The month, quarter or year the list pays for, e.g. 2026年10月."),
    )  # fmt: skip
    notice_start = models.DateField(_("notice period from"))
    notice_end = models.DateField(
        _("notice period until"),
        help_text=_("The last day the list is shown; left empty, the default period applies."),
    )
    supervision_phone = models.CharField(
        _("supervision phone"), max_length=40,
        help_text=_("监督电话: the office or hotline that takes objections during the notice "
                    "period (a landline or a service hotline, not a personal mobile)."),
    )  # fmt: skip
    notes = models.TextField(
        _("notes"), blank=True,
        help_text=_("Shown above the list: the standard, how it was decided, how to object. "
                    "Screened for personal data before approval."),
    )  # fmt: skip
    # The columns of the public table in the order of the upload: [{"key", "heading"}]; keys
    # of recognised columns are BeneficiaryRow fields, others ("x1", ...) keys of ``extra``.
    columns = models.JSONField(_("columns"), default=list, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = BeneficiaryListQuerySet.as_manager()

    class Meta:
        verbose_name = _("beneficiary list")
        verbose_name_plural = _("beneficiary lists")
        ordering = ["-notice_start", "-id"]
        indexes = [
            models.Index(fields=["status", "notice_start", "notice_end"]),
            models.Index(fields=["agency", "kind", "period"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_end__gte=F("notice_start")),
                name="beneficiarylist_notice_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("subsidies:detail", kwargs={"pk": self.pk})

    @property
    def event_model(self) -> type[models.Model]:
        return BeneficiaryListEvent

    event_field = "beneficiary_list"

    def column_keys(self) -> list[str]:
        return [column["key"] for column in self.columns]

    def has_column(self, key: str) -> bool:
        return key in self.column_keys()


class BeneficiaryListEvent(WorkflowEvent):
    """The audit trail of a list: one row per workflow step, and the imports of its file."""

    beneficiary_list = models.ForeignKey(
        BeneficiaryList, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("beneficiary list"),
    )  # fmt: skip

    class Meta(WorkflowEvent.Meta):
        pass


class BeneficiaryRow(models.Model):
    """One beneficiary (a person or a household) of a list, as the public sees it: every text
    is masked at import, the amount and the number of people are as uploaded."""

    beneficiary_list = models.ForeignKey(
        BeneficiaryList, on_delete=models.CASCADE, related_name="rows",
        verbose_name=_("beneficiary list"),
    )  # fmt: skip
    number = models.PositiveIntegerField(_("no."))
    source_row = models.PositiveIntegerField(_("row in the file"))
    name = models.CharField(_("name (masked)"), max_length=100)
    id_number = models.CharField(_("ID number (masked)"), max_length=32, blank=True)
    bank_card = models.CharField(_("bank card (masked)"), max_length=40, blank=True)
    phone = models.CharField(_("phone (masked)"), max_length=40, blank=True)
    address = models.CharField(_("address (masked)"), max_length=300, blank=True)
    community = models.CharField(_("village or community"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    people = models.PositiveSmallIntegerField(_("people"), null=True, blank=True)
    # The columns the import did not recognise, by column key, screened and masked.
    extra = models.JSONField(_("other columns"), default=dict, blank=True)

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["beneficiary_list", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary_list", "number"], name="beneficiaryrow_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def value(self, key: str) -> Any:
        """The published value of one column (a field, or an unrecognised column's)."""
        if key in RECOGNISED_FIELDS:
            return getattr(self, key)
        return self.extra.get(key, "")

    def cells(self, keys: list[str]) -> list[Any]:
        return [self.value(key) for key in keys]


# The row fields a list's ``columns`` may name (besides "x1", "x2", ... of ``extra``).
RECOGNISED_FIELDS = frozenset(
    {"name", "id_number", "bank_card", "phone", "address", "community", "category", "amount",
     "people"}
)  # fmt: skip


class SourceFile(models.Model):
    """The spreadsheet as uploaded, with every name and number in clear: encrypted at rest
    (the key derives from SECRET_KEY; ``manage.py rekey_hashes`` re-encrypts it after a rotation),
    never stored under MEDIA_ROOT, served by no URL and shown by no page. Kept so that what was
    published can be traced to what was uploaded (the approval re-reads it to check that no
    clear value reached the public rows)."""

    beneficiary_list = models.OneToOneField(
        BeneficiaryList, on_delete=models.CASCADE, related_name="source",
        verbose_name=_("beneficiary list"),
    )  # fmt: skip
    # The name may itself name a person (张三低保.xlsx).
    original_name = EncryptedCharField(_("file name"), max_length=255)
    content = EncryptedTextField(_("content (base64)"))
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("uploaded by"),
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("uploaded spreadsheet")
        verbose_name_plural = _("uploaded spreadsheets")

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.size} bytes)"


def totals(rows: models.QuerySet[BeneficiaryRow]) -> dict[str, Any]:
    """Entries, people and amount of some rows (a whole list's, or a page's)."""
    return rows.aggregate(
        row_count=Count("id"), people_total=Sum("people"), amount_total=Sum("amount")
    )
