"""Access codes, API tokens and sealed values never reach a log line: the log handlers and the
console mail backend blank them."""

from __future__ import annotations

import io
import logging
import re

import pytest

from django.core import mail
from django.utils.translation import gettext_lazy
from rest_framework.authtoken.models import Token

from portal.celery import _redact_secrets
from portal.redaction import REDACTED, RedactSecretsFilter, redact
from requests_app import intake, privacy
from tests.requests_app.conftest import new_request

CODE = "ABCD-EFGH-JKMN"


@pytest.mark.parametrize(
    "secret",
    [
        CODE,
        "ABCDEFGHJKMN",
        "abcd" * 10,  # a DRF token
        "gAAAAABnZ3J5dGhpbmdfc2VhbGVkX3dpdGhfZmVybmV0X2tleQ==",
    ],
)
def test_secrets_are_blanked(secret):
    assert redact(f"receipt for 2026-000123 with {secret}, sent") == (
        f"receipt for 2026-000123 with {REDACTED}, sent"
    )


def test_an_authorization_header_is_blanked_whatever_the_token():
    assert redact("Authorization: Token short-one") == f"Authorization: Token {REDACTED}"


def test_ordinary_lines_are_left_alone():
    line = "GET /requests/track/2026-000123/ 302 2026-11-22 HTTP_X_FORWARDED_FOR PDFDOCUMENTS"
    assert redact(line) == line


def test_the_pattern_follows_the_access_code_alphabet():
    code_character = re.compile(r"[2-9A-HJKMNP-Z]")
    allowed = {c for c in map(chr, range(33, 127)) if code_character.fullmatch(c)}
    assert allowed == set(intake._CODE_ALPHABET)
    assert redact(intake.format_access_code(intake.new_access_code())) == REDACTED


def test_a_sealed_code_is_blanked():
    assert redact(f"task args: (42, '{privacy.seal(CODE)}')") == f"task args: (42, '{REDACTED}')"


@pytest.fixture
def console_output():
    """What the configured console handler writes (settings.LOGGING)."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactSecretsFilter) for f in handler.filters)
    ]
    assert handlers, "no log handler blanks secrets"
    stream = io.StringIO()
    previous = handlers[0].setStream(stream)
    yield stream
    handlers[0].setStream(previous)


def test_a_logged_access_code_is_blanked(console_output):
    # ERROR: another test module's import may raise the root logger's level.
    logging.getLogger("requests_app").error("lookup of %s with %s", "2026-000123", CODE)
    line = console_output.getvalue()
    assert "2026-000123" in line
    assert CODE not in line and REDACTED in line


def test_a_traceback_with_a_token_is_blanked(console_output):
    token = "0123456789abcdef0123456789abcdef01234567"
    try:
        raise ValueError(f"bad token {token}")
    except ValueError:
        logging.getLogger("portal").exception("failed")
    text = console_output.getvalue()
    assert "ValueError: bad token" in text
    assert token not in text


def test_a_worker_blanks_secrets_in_its_own_handlers():
    logger = logging.getLogger("celery.test-worker")
    handler = logging.StreamHandler(io.StringIO())
    logger.addHandler(handler)
    try:
        _redact_secrets(logger=logger)
        logger.error("Task failed: args=(7, %r)", privacy.seal(CODE))
    finally:
        logger.removeHandler(handler)
    assert "gAAAAA" not in handler.stream.getvalue()


@pytest.mark.django_db
def test_the_console_mail_backend_prints_no_access_code(
    settings, agency_a, capsys, django_capture_on_commit_callbacks
):
    """Finding: without EMAIL_HOST the console backend printed the receipt, access code
    included, into the gunicorn log."""
    settings.EMAIL_BACKEND = "portal.mail.ConsoleBackend"
    with django_capture_on_commit_callbacks(execute=True):
        submission = intake.request_submit_online(info_request=new_request(agency_a))
    printed = capsys.readouterr().out
    assert submission.request.tracking_number in printed  # the receipt was printed
    assert intake.format_access_code(submission.access_code) not in printed
    assert submission.access_code not in printed
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_api_token_is_never_printed(settings, capsys, staff_b):
    settings.EMAIL_BACKEND = "portal.mail.ConsoleBackend"
    token = Token.objects.create(user=staff_b).key
    mail.send_mail("token", f"your token is {token}", None, ["staff@example.gov.cn"])
    assert token not in capsys.readouterr().out


def test_the_console_mail_backend_prints_a_lazily_translated_body(settings, capsys):
    """Found by mypy: a body that is a lazy translation could not be joined (TypeError)."""
    settings.EMAIL_BACKEND = "portal.mail.ConsoleBackend"
    body = gettext_lazy("Reason")
    mail.EmailMessage("subject", body, None, ["staff@example.gov.cn"]).send()
    assert str(body) in capsys.readouterr().out
