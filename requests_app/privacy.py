"""Applicants' personal data: keyed hashes for lookups, masks for lists.

Identity numbers and contacts are stored encrypted (see models); wherever a list shows them to
the handling agency's staff, they are masked; they never reach public pages, the public API,
search, logs or error reports.
"""

from __future__ import annotations

import base64
import hashlib
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from django.conf import settings
from django.utils.crypto import salted_hmac

_HASH_SALT = "requests_app.privacy"
_SEAL_SALT = "requests_app.privacy.seal"
# A sealed value is opened within this time or not at all (a task's retries take minutes).
SEAL_MAX_AGE = 7 * 24 * 3600


class Unsealable(ValueError):
    """The token was not sealed with this SECRET_KEY (or a fallback), was altered, or is too
    old."""


def hash_keys() -> list[str]:
    """HASH_KEY, then its fallbacks: values hashed before a rotation are found with those."""
    return [settings.HASH_KEY, *settings.HASH_KEY_FALLBACKS]


def key_id(key: str) -> str:
    """A short name for a hash key, stored with access-code hashes: which key made a hash, so
    that ``rekey_hashes`` can tell when an old key is no longer needed. Reveals nothing."""
    return hashlib.sha256(f"requests_app.privacy.key-id:{key}".encode()).hexdigest()[:8]


def keyed_hash(value: str, *, key: str | None = None) -> str:
    """A stable, keyed digest (HASH_KEY unless ``key`` is given): equal inputs match, but the
    digest does not reveal the value."""
    normalised = re.sub(r"\s+", "", value or "").upper()
    if not normalised:
        return ""
    secret = key if key is not None else settings.HASH_KEY
    return salted_hmac(_HASH_SALT, normalised, secret=secret, algorithm="sha256").hexdigest()


def keyed_hashes(value: str) -> list[str]:
    """The digest under HASH_KEY and under each fallback, current first: what a value stored
    before a rotation may carry."""
    return [keyed_hash(value, key=key) for key in hash_keys()]


def mask_id(value: str | None) -> str:
    if not value:
        return ""
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 1)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_email(value: str | None) -> str:
    if not value or "@" not in value:
        return ""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_name(value: str | None) -> str:
    if not value:
        return ""
    return value[:1] + "*" * max(len(value) - 1, 1)


def _fernet(secret: str) -> Fernet:
    key = salted_hmac(_SEAL_SALT, "fernet", secret=secret, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _fernets() -> MultiFernet:
    """Sealed with SECRET_KEY; opened with it or a fallback, so that a rotation does not lose
    the receipts still waiting in the broker."""
    assert settings.SECRET_KEY  # the settings refuse to start without one
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([_fernet(secret) for secret in secrets])


def seal(value: str) -> str:
    """Encrypt a secret for a trip through the task broker (Redis keeps messages in clear and
    may be shared): only processes holding SECRET_KEY can open it."""
    return _fernets().encrypt(value.encode()).decode("ascii")


def unseal(token: str, *, max_age: int = SEAL_MAX_AGE) -> str:
    try:
        return _fernets().decrypt(token.encode("ascii"), ttl=max_age).decode()
    except (InvalidToken, UnicodeError) as error:
        raise Unsealable(str(error) or "invalid token") from None
