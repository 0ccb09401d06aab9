"""Applicants' personal data: keyed hashes for lookups, masks for lists.

Identity numbers and contacts are stored encrypted (see models); wherever a list shows them to
the handling agency's staff, they are masked; they never reach public pages, the public API,
search, logs or error reports.
"""

from __future__ import annotations

import re

from django.utils.crypto import salted_hmac

_HASH_SALT = "requests_app.privacy"


def keyed_hash(value: str) -> str:
    """A stable, keyed digest: equal inputs match, but the digest does not reveal the value."""
    normalised = re.sub(r"\s+", "", value or "").upper()
    if not normalised:
        return ""
    return salted_hmac(_HASH_SALT, normalised, algorithm="sha256").hexdigest()


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
