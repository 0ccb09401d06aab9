"""Secrets that never reach a log line: applicants' access codes, API tokens and sealed values.

Access codes open a request and its answer; an API token acts as a member of staff; a sealed
value (Fernet) carries an access code through the task broker. Whatever logs them by mistake (an
exception message, a task's arguments, the console mail backend), the line is written with them
blanked. The patterns are wide on purpose: blanking something harmless costs little.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"

# requests_app.intake's alphabet (no 0/O, 1/I/L), 12 characters, as typed or as formatted
# (ABCD-EFGH-JKMN); tests check that the two stay in step.
_CODE = "[2-9A-HJKMNP-Z]"
_SECRETS = re.compile(
    "|".join(
        [
            # An access code, alone (not inside a longer word or number).
            rf"(?<![0-9A-Za-z]){_CODE}{{4}}[- ]?{_CODE}{{4}}[- ]?{_CODE}{{4}}(?![0-9A-Za-z])",
            # A DRF token: 40 hexadecimal digits.
            r"(?<![0-9A-Za-z])[0-9a-f]{40}(?![0-9A-Za-z])",
            # A Fernet token (requests_app.privacy.seal): version byte 0x80, base64url.
            r"gAAAAA[0-9A-Za-z_\-]{20,}={0,2}",
        ]
    )
)
# "Authorization: Token …" and the like, whatever the token looks like.
_AUTHORIZATION = re.compile(r"\b(Token|Bearer|Basic)\s+[^\s'\",]+", re.IGNORECASE)


def redact(text: str) -> str:
    """``text`` with every access code, token and sealed value replaced by ``[redacted]``."""
    text = _AUTHORIZATION.sub(lambda match: f"{match[1]} {REDACTED}", text)
    return _SECRETS.sub(REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """Rewrites the record's message and traceback with the secrets blanked (settings.LOGGING
    puts it on every handler; portal/celery.py on the worker's)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)  # arguments that do not fit: the handler reports that
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
