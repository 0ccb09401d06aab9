"""Two-factor sign-in for staff (网络安全等级保护 2.0, level 3, 身份鉴别: two or more
authentication techniques), with django-otp: a TOTP authenticator app as the second factor and
single-use recovery codes (django-otp's static tokens) for a lost phone.

Who must use it: superusers, office heads, and the roles in ``OTP_REQUIRED_ROLES`` (privacy
officers by default). Anyone else may enrol, and once enrolled always signs in with a code. A
user who must use it but has not enrolled is sent to enrolment right after the password and
can use nothing else of the back office until done.

Wrong codes count as failed sign-ins for django-axes, like wrong passwords (one lock per user
name and address); django-otp's own exponential back-off per device comes on top.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import django_otp
import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from portal import access
from portal.models import StaffRole

AnyUser = User | AnonymousUser
Role = StaffRole.Role

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"
RECOVERY_CODE_COUNT = 10
_ENROLLED_ATTR = "_portal_otp_enrolled"


def required_roles() -> set[str]:
    # Office heads always: they approve extensions (Art 33) and see every applicant's data.
    return {Role.OFFICE_HEAD, *settings.OTP_REQUIRED_ROLES}


def required_for(user: AnyUser) -> bool:
    """Whether ``user`` must sign in with a second factor."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(access.agency_ids_for(user, required_roles()))


def is_enrolled(user: AnyUser) -> bool:
    """Whether ``user`` has a confirmed authenticator (memoised per user object)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, _ENROLLED_ATTR, None)
    if cached is None:
        cached = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        setattr(user, _ENROLLED_ATTR, cached)
    return cached


def session_is_verified(request: HttpRequest) -> bool:
    """Whether this session signed in with the second factor (django-otp's OTPMiddleware)."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def session_passes(request: HttpRequest) -> bool:
    """Whether this signed-in session may use the back office: verified with a second
    factor, or the user neither has nor needs one."""
    user = request.user
    if session_is_verified(request):
        return True
    return not is_enrolled(user) and not required_for(user)


def must_enrol(request: HttpRequest) -> bool:
    user = request.user
    return user.is_authenticated and required_for(user) and not is_enrolled(user)


# --- Signing in -----------------------------------------------------------------------------


def verify(*, user: User, token: str) -> django_otp.models.Device | None:
    """The device that accepts ``token``: the authenticator's current code, or one of the
    recovery codes (used up by this). None when neither does."""
    token = "".join((token or "").split()).lower()
    if not token:
        return None
    # Six digits go to the app's device, anything else to the recovery codes (eight letters
    # and digits): a recovery code must not count as a failure of the app's code (django-otp
    # backs off after each one).
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True):
        accepted = django_otp.verify_token(user, device.persistent_id, token)
        if accepted is not None:
            return accepted
    return None


def code_failed(*, request: HttpRequest | None, username: str) -> None:
    """Count a wrong code as a failed sign-in for django-axes (its user_login_failed handler
    records it per user name and address and locks after AXES_FAILURE_LIMIT), so that a
    stolen password does not give unlimited tries at the code."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


# --- Enrolment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    key: str  # base32, in groups of four, for typing into an app
    qr_data_uri: str  # the otpauth:// address as an SVG QR code


def enrolment_start(*, user: User) -> Enrolment:
    """The user's pending authenticator (a new secret the first time), to be confirmed with a
    code. A reload shows the same secret, so a phone that already scanned it still works."""
    device = TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    qr = segno.make(device.config_url, error="m")
    return Enrolment(
        device=device,
        key=" ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        # Generated here, no external service; an <img> with a data: address passes the CSP.
        qr_data_uri=qr.svg_data_uri(scale=5, border=4, dark="#000", light="#fff"),
    )


@transaction.atomic
def enrolment_confirm(*, user: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with its current code; the user's earlier
    authenticator and recovery codes are replaced. Returns the device and the new recovery
    codes (shown once, never again)."""
    pending = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, name=AUTHENTICATOR, confirmed=False)
        .first()
    )
    code = "".join((token or "").split())
    if pending is None:
        raise ValidationError(_("Start again: the set-up page shows a new code to scan."))
    if not code.isdigit() or not pending.verify_token(code):
        raise ValidationError(
            _(
                "That code is not right. Enter the six digits the app shows now; if it keeps "
                "failing, check that the phone's clock is set automatically."
            )
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=pending.pk).delete()
    pending.confirmed = True
    pending.save(update_fields=["confirmed"])
    if hasattr(user, _ENROLLED_ATTR):
        delattr(user, _ENROLLED_ATTR)
    return pending, recovery_codes_replace(user=user)


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """New single-use recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def devices_remove(*, user: User) -> int:
    """Remove the user's authenticator and recovery codes (a lost phone and lost codes);
    returns how many devices went. Sessions verified with them are no longer verified."""
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    if hasattr(user, _ENROLLED_ATTR):
        delattr(user, _ENROLLED_ATTR)
    return removed


def session_verify(*, request: HttpRequest, device: django_otp.models.Device) -> None:
    """Mark this session as signed in with the second factor."""
    django_otp.login(request, device)
