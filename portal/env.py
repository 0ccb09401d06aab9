"""Strict parsers for settings read from the environment.

Every setting that comes from the environment goes through one of these, so a typo such as
``DEBUG=ture`` stops the process instead of silently meaning something else. A secret may be
given as ``NAME_FILE`` (a path to a file holding it), which is how container secrets arrive.
"""

import ipaddress
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str | None = None) -> str | None:
    """Return the variable, or the contents of the file named by ``NAME_FILE``."""
    value = os.environ.get(name)
    if value is not None:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from exc
    return default


def envbool(name: str, default: bool) -> bool:
    value = envstr(name)
    if value is None:
        return default
    normalised = value.strip().lower()
    if normalised in _TRUE:
        return True
    if normalised in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no or on/off)"
    )


def envint(name: str, default: int) -> int:
    value = envstr(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not an integer (use a whole number such as {default})"
        ) from exc


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    """Comma-separated list; blank items are dropped."""
    value = envstr(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def envjson_object(name: str) -> dict[str, Any]:
    """A JSON object (``{"bucket_name": "portal"}``); an unset or blank variable is ``{}``."""
    import json

    value = envstr(name)
    if value is None or not value.strip():
        return {}
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {exc}") from None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f'{name} must be a JSON object ({{"option": "value"}})')
    return parsed


def envnetworks(name: str) -> list[str]:
    """Comma-separated IP networks or addresses (``10.0.0.0/8, 192.0.2.7``), each checked."""
    values = envlist(name)
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not an IP address or network ({exc})"
            ) from None
    return values


# The databases the portal runs on: PostgreSQL (production, CI) and SQLite (development).
_DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql", "postgis", "sqlite")
_DATABASE_EXAMPLE = "postgres://user:password@host:5432/name or sqlite:////path/to/file.sqlite3"


def envdatabase(name: str, **options: Any) -> dict[str, Any] | None:
    """A database URL parsed into Django's ``DATABASES`` entry, or None when the variable is
    unset or blank. A scheme other than PostgreSQL's or SQLite's, or a URL that does not parse
    (a port that is not a number), stops the process naming the variable."""
    value = envstr(name)
    if not value or not value.strip():
        return None
    return _database(name, value, options)


def envdatabases(name: str, **options: Any) -> list[dict[str, Any]]:
    """Comma-separated database URLs (read replicas), each parsed and checked as
    ``envdatabase`` does; an unset or blank variable is an empty list."""
    return [_database(name, value, options) for value in envlist(name)]


def _database(name: str, value: str, options: dict[str, Any]) -> dict[str, Any]:
    import dj_database_url

    scheme = urlsplit(value.strip()).scheme
    if scheme not in _DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"{name}={_hide_password(value)!r} is not a PostgreSQL or SQLite URL "
            f"(use {_DATABASE_EXAMPLE})"
        )
    try:
        return dict(dj_database_url.parse(value.strip(), **options))
    except (ValueError, dj_database_url.ParseError):
        # A port that is not a number, or characters that should have been %-quoted.
        raise ImproperlyConfigured(
            f"{name}={_hide_password(value)!r} is not a valid URL (use {_DATABASE_EXAMPLE}; "
            "%-quote special characters in the password)"
        ) from None


def envredis(name: str) -> str | None:
    """A Redis URL (``redis://``, ``rediss://`` or ``unix://``), or None when unset or blank."""
    value = envstr(name)
    if not value or not value.strip():
        return None
    parts = urlsplit(value.strip())
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = parts._replace(scheme="")
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(
            f"{name}={_hide_password(value)!r} is not a Redis URL "
            "(use redis://host:6379/0, rediss://… or unix:///path/to/socket)"
        )
    return value.strip()


# Django REST framework's throttle rates: a count per second, minute, hour or day.
# Each reads the unit's first letter, so 120/m and 120/minute are the same.
_DRF_RATE = re.compile(r"\d+/[smhd][a-z]*")
# django-ratelimit's rates may also count per several units: 10/h, 5/15m.
_RATELIMIT_RATE = re.compile(r"\d+/\d*[smhd][a-z]*")


def envrate(name: str, default: str, *, per_several_units: bool = False) -> str:
    """A rate limit such as ``120/minute``; with ``per_several_units``, also ``5/15m``."""
    value = (envstr(name) or "").strip() or default
    pattern = _RATELIMIT_RATE if per_several_units else _DRF_RATE
    if not pattern.fullmatch(value):
        example = "10/h or 5/15m" if per_several_units else "120/minute or 10/s"
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate (use a count per s, m, h or d, e.g. {example})"
        )
    return value


def _hide_password(url: str) -> str:
    """The URL for an error message, its password (if any) replaced by ***."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)
