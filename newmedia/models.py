"""政务新媒体: the accounts an agency runs on platforms other than its website (政务微博,
微信公众号, 客户端, 短视频 and 头条号 accounts), each with the agency that runs it (主办单位),
its verification (认证), when it was opened and — when it was — closed (关停), its QR code,
when it was last updated and the result of its last inspection.

An account is published through the shared review-and-publish workflow as part of the list
every government website must show (《政府网站与政务新媒体检查指标》). A closed account keeps its
record and its page, marked 关停. What changes while an account runs — its last update, its
inspection, its closure — is recorded on the published account by the agency's drafters
(``newmedia.drafting.account_record_activity``), each change in its audit trail: those are
facts about the account, not a text to review again.

Accounts hold no personal data: the operating agency, never the people behind the account.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Agency
from publishing.models import Publishable, Status, WorkflowEvent


class Platform(models.TextChoices):
    WEIBO = "weibo", _("Government microblog")
    WECHAT = "wechat", _("WeChat official account")
    APP = "app", _("Mobile app")
    DOUYIN = "douyin", _("Douyin")
    KUAISHOU = "kuaishou", _("Kuaishou")
    TOUTIAO = "toutiao", _("Toutiao account")
    OTHER = "other", _("Other platform")


# The order the public list shows the platforms in.
PLATFORM_ORDER = [
    Platform.WECHAT, Platform.WEIBO, Platform.APP, Platform.DOUYIN, Platform.KUAISHOU,
    Platform.TOUTIAO, Platform.OTHER,
]  # fmt: skip


class Verification(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    PENDING = "pending", _("Verification under way")
    UNVERIFIED = "unverified", _("Not verified")


class InspectionStatus(models.TextChoices):
    NOT_INSPECTED = "not_inspected", _("Not yet inspected")
    PASSED = "passed", _("Passed")
    RECTIFYING = "rectifying", _("Being rectified")
    FAILED = "failed", _("Failed the inspection")


def _qr_path(instance: Account, filename: str) -> str:
    # A generated name: the original file name is kept in a field, never on disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"newmedia/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class AccountQuerySet(models.QuerySet):
    def published(self) -> AccountQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def operating(self) -> AccountQuerySet:
        return self.filter(closed_on__isnull=True)

    def closed(self) -> AccountQuerySet:
        return self.filter(closed_on__isnull=False)


class Account(Publishable):
    """One account of an agency on another platform."""

    workflow_policy = "newmedia.publishing.AccountPolicy"
    event_field = "account"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="newmedia_accounts",
        verbose_name=_("operating agency"),
        help_text=_("主办单位: the agency that runs the account."),
    )  # fmt: skip
    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices)
    platform_name = models.CharField(
        _("name of the platform"), max_length=50, blank=True,
        help_text=_("For another platform: its name, e.g. 视频号 or 百家号."),
    )  # fmt: skip
    name = models.CharField(_("account name"), max_length=100)
    handle = models.CharField(
        _("account ID"), max_length=100, blank=True,
        help_text=_("The account's ID or handle on the platform (微信号, 抖音号, …)."),
    )  # fmt: skip
    link = models.URLField(
        _("address"), max_length=300, blank=True,
        help_text=_("The account's page or the app's download page, if it has one."),
    )  # fmt: skip
    description = models.CharField(
        _("what the account publishes"), max_length=300, blank=True,
        help_text=_("A sentence on what the account is for."),
    )  # fmt: skip
    verification = models.CharField(
        _("verification"), max_length=12, choices=Verification.choices,
        default=Verification.VERIFIED,
        help_text=_("认证: whether the platform has verified the account as the agency's."),
    )  # fmt: skip
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True,
        help_text=_("关停: a closed account keeps its record, marked as closed."),
    )  # fmt: skip
    closure_reason = models.CharField(_("reason for the closure"), max_length=300, blank=True)
    last_updated_on = models.DateField(
        _("last updated on"), null=True, blank=True,
        help_text=_("The day the account last published something."),
    )  # fmt: skip
    inspection_status = models.CharField(
        _("inspection"), max_length=14, choices=InspectionStatus.choices,
        default=InspectionStatus.NOT_INSPECTED,
    )  # fmt: skip
    inspected_on = models.DateField(_("inspected on"), null=True, blank=True)

    qr_code = models.FileField(_("QR code"), upload_to=_qr_path, max_length=200, blank=True)
    qr_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    qr_content_type = models.CharField(max_length=100, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the site search last indexed the account (portal.search.registry).
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("new media account")
        verbose_name_plural = _("new media accounts")
        ordering = ["agency__path", "platform", "name", "id"]
        indexes = [models.Index(fields=["status", "platform"], name="nm_account_status_platform")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "platform", "name"], name="nm_account_unique_name",
                violation_error_message=_(
                    "This agency already has an account of this name on this platform."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="nm_account_closed_after_opened",
                violation_error_message=_("An account cannot close before it opened."),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.name}（{self.platform_label}）"

    @property
    def event_model(self) -> type[models.Model]:
        return AccountEvent

    @property
    def platform_label(self) -> str:
        if self.platform == Platform.OTHER and self.platform_name:
            return self.platform_name
        return str(self.get_platform_display())

    @property
    def safe_link(self) -> str:
        """The address, only when it is a web address (the form accepts no other; a value that
        reached the column another way is never made a link)."""
        return self.link if self.link.lower().startswith(("https://", "http://")) else ""

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def alt_text(self) -> str:
        """What the QR code is, for people who cannot see it."""
        return str(_("QR code of “%(name)s” (%(platform)s)")) % {
            "platform": self.platform_label,
            "name": self.name,
        }

    def get_absolute_url(self) -> str:
        return reverse("newmedia:detail", args=[self.pk])

    def get_qr_url(self) -> str:
        return reverse("newmedia:qr", args=[self.pk])


class AccountEvent(WorkflowEvent):
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="events", verbose_name=_("account")
    )

    class Meta(WorkflowEvent.Meta):
        pass
