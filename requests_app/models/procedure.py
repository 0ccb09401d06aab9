"""The steps that stop or move a request's answer clock: correction notices (Art 30), pauses
(Art 32, Art 34, fees), extensions (Art 33) and fee notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_app.models.choices import NoticeService
from requests_app.models.requests import InformationRequest


class Correction(models.Model):
    """Art 30: one notice to supplement an unclear request, with a reasonable period."""

    request = models.OneToOneField(
        InformationRequest, on_delete=models.CASCADE, related_name="correction"
    )
    notified_on = models.DateField(_("notified on"))
    what_to_supplement = models.TextField(_("what to supplement"))
    period_workdays = models.PositiveSmallIntegerField(_("period (working days)"), default=15)
    # The period runs from the day the applicant receives the notice (domain-spec §8): known at
    # once when it is sent electronically, on the recorded delivery date when posted.
    served_by = models.CharField(
        _("notice sent"), max_length=12, choices=NoticeService.choices,
        default=NoticeService.ELECTRONIC,
    )  # fmt: skip
    served_on = models.DateField(_("received by the applicant on"), null=True, blank=True)
    due_on = models.DateField(_("correction due"), null=True, blank=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
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
    # Art 32 / Art 34: the consulted party has 15 working days from receiving the letter, and
    # the answer period stops at most until then (domain-spec §8).
    letter_received_on = models.DateField(
        _("letter received by the party on"), null=True, blank=True
    )
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    reply_due_provisional = models.BooleanField(_("reply due provisional"), default=False)
    party = models.CharField(_("consulted party"), max_length=200, blank=True)
    # What the consulted party said: consent, objection or no_reply (``handling`` results).
    reply = models.CharField(_("reply"), max_length=12, blank=True)
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
    served_by = models.CharField(
        _("notice sent"), max_length=12, choices=NoticeService.choices,
        default=NoticeService.ELECTRONIC,
    )  # fmt: skip
    # The 20 working days to pay run from the day after the applicant receives the notice.
    received_on = models.DateField(_("received by the applicant on"), null=True, blank=True)
    pay_by = models.DateField(_("pay by"), null=True, blank=True)
    pay_by_provisional = models.BooleanField(_("pay-by date provisional"), default=False)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    waived = models.BooleanField(_("waived"), default=False)
    waiver_reason = models.TextField(_("waiver decision"), blank=True)

    class Meta:
        verbose_name = _("fee notice")
        verbose_name_plural = _("fee notices")

    def __str__(self) -> str:
        return f"{self.request_id} ¥{self.amount}"


class VolumeInquiry(models.Model):
    """Art 35: an applicant asking for clearly unreasonable numbers or frequencies of
    information is asked for reasons. Unreasonable reasons: not processed (不予处理-4);
    reasonable but not answerable in time: the office head sets a reasonable later date."""

    class Decision(models.TextChoices):
        UNREASONABLE = "unreasonable", _("The reasons are not reasonable: not processed")
        LATER_DATE = "later_date", _("The reasons are reasonable: a later answer date is set")

    request = models.OneToOneField(
        InformationRequest, on_delete=models.CASCADE, related_name="volume_inquiry"
    )
    asked_on = models.DateField(_("reasons asked for on"))
    question = models.TextField(_("what the applicant was asked"))
    reply_received_on = models.DateField(_("reasons received on"), null=True, blank=True)
    reply = models.TextField(_("the applicant's reasons"), blank=True)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    later_due_on = models.DateField(_("reasonable later answer date"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("Art 35 inquiry")
        verbose_name_plural = _("Art 35 inquiries")

    def __str__(self) -> str:
        return f"{self.request_id} Art 35"


class ThirdPartyNotice(models.Model):
    """Art 32: disclosing despite a third party's reasoned objection, because not disclosing
    would significantly affect the public interest; the third party is told in writing."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="third_party_notices"
    )
    pause = models.OneToOneField(
        Pause, on_delete=models.PROTECT, related_name="disclosure_notice",
        verbose_name=_("consultation"),
    )  # fmt: skip
    third_party = models.CharField(_("third party"), max_length=200)
    public_interest_reason = models.TextField(_("public-interest reason"))
    letter_html = models.TextField(_("notice letter"), editable=False)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("notice to a third party (Art 32)")
        verbose_name_plural = _("notices to third parties (Art 32)")

    def __str__(self) -> str:
        return f"{self.request_id} → {self.third_party}"
