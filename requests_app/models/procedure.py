"""The steps that stop or move a request's answer clock: correction notices (Art 30), pauses
(Art 32, Art 34, fees), extensions (Art 33) and fee notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_app.models.requests import InformationRequest


class Correction(models.Model):
    """Art 30: one notice to supplement an unclear request, with a reasonable period."""

    request = models.OneToOneField(
        InformationRequest, on_delete=models.CASCADE, related_name="correction"
    )
    notified_on = models.DateField(_("notified on"))
    what_to_supplement = models.TextField(_("what to supplement"))
    period_workdays = models.PositiveSmallIntegerField(_("period (working days)"), default=15)
    due_on = models.DateField(_("correction due"))
    received_on = models.DateField(_("correction received"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction notice")
        verbose_name_plural = _("correction notices")

    def __str__(self) -> str:
        return f"{self.request_id} correction"


class Pause(models.Model):
    """A stretch of time not counted in the answer period (Art 32, Art 34, fee rules)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("Third-party consultation (Art 32)")
        AGENCY = "agency", _("Consultation of another agency (Art 34)")
        FEE = "fee", _("Fee notice")

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    started_on = models.DateField(_("paused from"))
    ended_on = models.DateField(_("paused until"), null=True, blank=True)
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    party = models.CharField(_("consulted party"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}–{self.ended_on or ''}"


class Extension(models.Model):
    """Art 33: at most 20 more working days, approved by the office head."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="extensions"
    )
    workdays = models.PositiveSmallIntegerField(_("working days"))
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_on = models.DateField(_("approved on"))
    applicant_informed_on = models.DateField(_("applicant informed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return f"+{self.workdays}"


class FeeNotice(models.Model):
    class Method(models.TextChoices):
        BY_COUNT = "by_count", _("By count (per request in the month)")
        BY_VOLUME = "by_volume", _("By volume (pages)")

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="fees")
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    quantity = models.PositiveIntegerField(
        _("basis"), help_text=_("By count: the request's number in the applicant's month; by "
                                "volume: the number of pages.")
    )  # fmt: skip
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    sent_on = models.DateField(_("sent on"))
    received_on = models.DateField(_("received by the applicant on"))
    pay_by = models.DateField(_("pay by"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    waived = models.BooleanField(_("waived"), default=False)
    waiver_reason = models.TextField(_("waiver decision"), blank=True)

    class Meta:
        verbose_name = _("fee notice")
        verbose_name_plural = _("fee notices")

    def __str__(self) -> str:
        return f"{self.request_id} ¥{self.amount}"
