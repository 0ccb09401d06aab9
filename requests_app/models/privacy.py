"""Who saw an applicant's personal data (个人信息保护法 Art 51, 54: the handler of personal
information records how it is processed, so that access can be audited)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.models.requests import InformationRequest, RequestFile


class PersonalDataAccess(models.Model):
    """One view of an applicant's personal data in full: the details on the request's page or
    in the staff API, the answer letter (it names the applicant), or one of the applicant's
    files. Written only by ``requests_app.access.personal_data_access_record``; never edited."""

    class What(models.TextChoices):
        DETAILS = "details", _("Applicant's details")
        LETTER = "letter", _("Answer letter")
        FILE = "file", _("Applicant's file")

    # PROTECT: an audit record outlives neither its request nor its reader silently (requests
    # are never deleted; staff accounts are deactivated, not deleted).
    request = models.ForeignKey(
        InformationRequest, on_delete=models.PROTECT, related_name="personal_data_accesses",
        verbose_name=_("information request"),
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    what = models.CharField(_("what was seen"), max_length=8, choices=What.choices)
    # Deleted with its file by the retention sweep; the record stays.
    file = models.ForeignKey(
        RequestFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("applicant's file"),
    )  # fmt: skip
    page = models.CharField(_("page"), max_length=300)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("personal-data access")
        verbose_name_plural = _("personal-data access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["request", "-at"])]

    def __str__(self) -> str:
        return f"{self.request_id} {self.what} {self.at:%Y-%m-%d %H:%M}"
