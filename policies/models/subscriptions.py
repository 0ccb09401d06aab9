"""Subscriptions to new and changed policies (政策找人 by e-mail, issue 20).

Double opt-in: a subscription is made unconfirmed and mails nothing but the confirmation link
until its owner follows it; an unconfirmed one is deleted when the link expires. The address
is personal data (个人信息保护法): stored encrypted, found again only through its keyed hash,
and the row is deleted, not flagged, on unsubscribe. A saved 政策找人 profile (age, household
status …) can be sensitive too, so it is encrypted as well.

``DigestSent`` is the sent-marker of the daily digest: one row per subscription and day,
written before the mail goes out, so that a digest is never sent twice (``policies.digest``).
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedEmailField, EncryptedJSONField

from disclosure.models import Theme
from policies.models.items import Audience
from portal.models import Agency, Site


class SubscriptionKind(models.TextChoices):
    AGENCY = "agency", _("An agency")
    THEME = "theme", _("A theme")
    AUDIENCE = "audience", _("A target group")
    PROFILE = "profile", _("A saved policy-finder profile")


def new_key() -> str:
    return secrets.token_urlsafe(16)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)


class Subscription(models.Model):
    email = EncryptedEmailField(_("e-mail"))
    # Finds the subscriptions of an address without decrypting them (requests_app.privacy).
    email_hash = models.CharField(max_length=64, db_index=True, editable=False)
    kind = models.CharField(_("subscribed to"), max_length=10, choices=SubscriptionKind.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("agency"),
    )  # fmt: skip
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("theme"),
    )  # fmt: skip
    audience = models.CharField(
        _("target group"), max_length=12, choices=Audience.choices, blank=True
    )
    # The site it was made on (portal.sites): its digest holds that site's agencies' policies
    # and links there. Empty: the whole installation (no sites, or the site was removed).
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("site"),
    )  # fmt: skip
    # The policy-finder's query (``policies.matching.Profile.as_query``), encrypted.
    profile = EncryptedJSONField(_("profile"), null=True, blank=True)
    # Part of every token: a token stops working once the row is gone (or the key changes).
    key = models.CharField(max_length=32, default=new_key, editable=False)
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Changes after this moment go into the next digest.
    covered_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy subscription")
        verbose_name_plural = _("policy subscriptions")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="agency", agency__isnull=False)
                    | Q(kind="theme", theme__isnull=False)
                    | (Q(kind="audience") & ~Q(audience=""))
                    | Q(kind="profile", profile__isnull=False)
                ),
                name="subscription_has_its_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class DigestSent(models.Model):
    """The marker of one subscription's digest of one day: written (in its own transaction)
    before the mail is sent, so a run after a crash skips it rather than send it again."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="digests")
    period = models.DateField()
    items = models.PositiveIntegerField(default=0)
    documents = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period"], name="digestsent_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.period}"
