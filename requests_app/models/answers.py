"""The answer to a request (Art 36) and the files released with it."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.models import Document, NegativeListEntry
from portal.models import Agency
from requests_app.models.choices import DeliveryMethod, Outcome
from requests_app.models.requests import InformationRequest


def _released_file_path(instance: models.Model, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"requests/released/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Answer(models.Model):
    """The answer (Art 36): one outcome, its grounds, the letter and how it was delivered."""

    request = models.OneToOneField(
        InformationRequest, on_delete=models.CASCADE, related_name="answer"
    )
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices)
    negative_entry = models.ForeignKey(
        NegativeListEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("negative-list entry"),
    )  # fmt: skip
    published_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("where it is published"),
    )  # fmt: skip
    referred_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("the agency that holds it"),
    )  # fmt: skip
    # Art 36(五): not this agency's to disclose, whether or not the right agency can be named
    # (named: ``referred_agency``); without it, "not held" is Art 36(四), the information does
    # not exist.
    not_ours = models.BooleanField(_("not this agency's to disclose (Art 36(五))"), default=False)
    # Art 36(七): information with a procedure of its own (工商、不动产登记资料 and other
    # 行政查询事项): the procedure and the agency that runs it.
    special_procedure = models.CharField(
        _("the procedure to use (Art 36(七))"), max_length=200, blank=True
    )
    procedure_agency = models.CharField(_("the agency that runs it"), max_length=200, blank=True)
    reasons = models.TextField(_("reasons and explanation"), blank=True)
    withheld_parts = models.TextField(_("parts withheld and why (Art 37)"), blank=True)
    letter_html = models.TextField(_("answer letter"), editable=False)
    answered_on = models.DateField(_("answered on"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    delivery_method = models.CharField(
        _("delivered by"), max_length=12, choices=DeliveryMethod.choices, blank=True
    )
    delivered_on = models.DateField(
        _("delivered on"), null=True, blank=True,
        help_text=_("By post: the day handed to the postal service (交邮之日)."),
    )  # fmt: skip
    published_as = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="source_requests",
        verbose_name=_("published proactively as (Art 44)"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.request_id} {self.get_outcome_display()}"


class ReleasedFile(models.Model):
    """A file released to the applicant (e.g. a redacted copy uploaded by staff)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_released_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        verbose_name = _("released file")
        verbose_name_plural = _("released files")

    def __str__(self) -> str:
        return self.original_name
