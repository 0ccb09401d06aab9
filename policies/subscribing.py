"""Subscribing to policies by e-mail: double opt-in, signed links, deletion on unsubscribe.

- ``subscription_request`` records an unconfirmed subscription (or finds the same one again)
  and mails the confirmation link; the page says the same whatever happened, so the form tells
  no one whether an address is subscribed already.
- The confirmation link carries a token signed with SECRET_KEY and dated: it expires after
  ``POLICY_CONFIRM_HOURS``, and the unconfirmed row is then deleted (``purge_unconfirmed``).
- The unsubscribe link in every mail carries a signed token that does not expire: one click,
  no login. Unsubscribing deletes the row, its address with it.

Both tokens include the subscription's random ``key``, so a token of a deleted subscription
never works again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import Theme
from policies.models import Audience, Subscription, SubscriptionKind
from portal import emails
from portal.models import Agency
from requests_app.privacy import keyed_hash, keyed_hashes

logger = logging.getLogger(__name__)

CONFIRM_SALT = "policies.subscription.confirm"
UNSUBSCRIBE_SALT = "policies.subscription.unsubscribe"


class TokenProblem(Exception):
    """Why a link does not work: ``reason`` is "invalid", "expired" or "gone"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _token(subscription: Subscription, salt: str) -> str:
    return signing.dumps({"s": subscription.pk, "k": subscription.key}, salt=salt, compress=True)


def confirm_token(subscription: Subscription) -> str:
    return _token(subscription, CONFIRM_SALT)


def unsubscribe_token(subscription: Subscription) -> str:
    return _token(subscription, UNSUBSCRIBE_SALT)


def confirm_path(subscription: Subscription) -> str:
    return reverse("policies:confirm", kwargs={"token": confirm_token(subscription)})


def unsubscribe_path(subscription: Subscription) -> str:
    return reverse("policies:unsubscribe", kwargs={"token": unsubscribe_token(subscription)})


def _read(token: str, salt: str, max_age: dt.timedelta | None) -> Subscription:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise TokenProblem("expired") from error
    except signing.BadSignature as error:
        raise TokenProblem("invalid") from error
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise TokenProblem("invalid")
    found = Subscription.objects.filter(pk=data["s"], key=str(data.get("k", ""))).first()
    if found is None:
        raise TokenProblem("gone")
    return found


def confirm_max_age() -> dt.timedelta:
    return dt.timedelta(hours=settings.POLICY_CONFIRM_HOURS)


@dataclass(frozen=True)
class Target:
    kind: str
    agency: Agency | None = None
    theme: Theme | None = None
    audience: str = ""
    profile: dict[str, Any] | None = None
    site_id: int | None = None  # the site it is made on (None: the implicit site)

    def same_as(self, subscription: Subscription) -> bool:
        return (
            subscription.site_id == self.site_id
            and subscription.kind == self.kind
            and subscription.agency_id == (self.agency.pk if self.agency else None)
            and subscription.theme_id == (self.theme.pk if self.theme else None)
            and subscription.audience == self.audience
            and (subscription.profile or None) == (self.profile or None)
        )


def describe(subscription: Subscription) -> str:
    """What is followed, in words (no address)."""
    if subscription.kind == SubscriptionKind.AGENCY and subscription.agency:
        return _("Policies of %(agency)s") % {"agency": subscription.agency.name}
    if subscription.kind == SubscriptionKind.THEME and subscription.theme:
        return _("Policies on %(theme)s") % {"theme": str(subscription.theme)}
    if subscription.kind == SubscriptionKind.AUDIENCE:
        return _("Policies for %(group)s") % {
            "group": Audience(subscription.audience).label if subscription.audience else ""
        }
    return _("Policies matching your saved policy-finder profile")


@transaction.atomic
def subscription_request(
    *, email: str, target: Target, absolute: Callable[[str], str]
) -> Subscription:
    """Record the subscription (unconfirmed) and mail the confirmation link once the
    transaction commits. Asking again for the same thing sends a new link for the same row."""
    email = email.strip()
    hashes = keyed_hashes(email)
    existing = next(
        (
            s
            for s in Subscription.objects.filter(email_hash__in=hashes).order_by("id")
            if target.same_as(s)
        ),
        None,
    )
    subscription = existing or Subscription(
        email=email,
        email_hash=keyed_hash(email),
        kind=target.kind,
        agency=target.agency,
        theme=target.theme,
        audience=target.audience,
        profile=target.profile,
        site_id=target.site_id,
    )
    if existing is None:
        subscription.save()
    elif existing.confirmed_at is None:
        # A fresh link for a row that might otherwise be purged while they read the mail.
        existing.created_at = timezone.now()
        existing.save(update_fields=["created_at"])
    link = absolute(confirm_path(subscription))
    transaction.on_commit(lambda: _send_confirmation(subscription, link))
    return subscription


def _send_confirmation(subscription: Subscription, link: str) -> None:
    try:
        emails.send(
            "policy-subscription-confirm",
            to=[subscription.email],
            context={
                "link": link,
                "what": describe(subscription),
                "hours": settings.POLICY_CONFIRM_HOURS,
                "already": subscription.confirmed_at is not None,
            },
        )
    except OSError:
        # The page has told them to check their mailbox; they can ask again.
        logger.exception("policy subscription %s: confirmation not sent", subscription.pk)


@transaction.atomic
def subscription_confirm(*, token: str, now: dt.datetime | None = None) -> Subscription:
    """Confirm by the mailed link; raises TokenProblem. Confirming twice changes nothing."""
    subscription = _read(token, CONFIRM_SALT, confirm_max_age())
    locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if locked.confirmed_at is None:
        locked.confirmed_at = now or timezone.now()
        # The first digest covers what is new from now on, not everything ever published.
        locked.covered_until = locked.confirmed_at
        locked.save(update_fields=["confirmed_at", "covered_until"])
    return locked


def subscription_for_confirm(token: str) -> Subscription:
    return _read(token, CONFIRM_SALT, confirm_max_age())


def subscription_for_unsubscribe(token: str) -> Subscription:
    return _read(token, UNSUBSCRIBE_SALT, None)


@transaction.atomic
def subscription_delete(*, token: str) -> None:
    """Unsubscribe: the row goes, the address with it. Raises TokenProblem("gone") if it is
    already gone (the page then says they are not subscribed)."""
    subscription = subscription_for_unsubscribe(token)
    subscription.delete()


def purge_unconfirmed(now: dt.datetime | None = None) -> int:
    """Delete sign-ups whose confirmation link has expired: an address nobody confirmed is not
    kept. Safe to run twice."""
    cutoff = (now or timezone.now()) - confirm_max_age()
    deleted, _by_model = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted
