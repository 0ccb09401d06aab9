"""Admin sign-in throttling (django-axes): a user name is locked per address after repeated
failures, the right password included, until the cool-off has passed."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from portal.client_address import client_ip

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
HOME = "203.0.113.10"
ELSEWHERE = "198.51.100.20"
LIMIT = 5  # the default AXES_FAILURE_LIMIT


@pytest.fixture
def clerk(db):
    return get_user_model().objects.create_user("clerk", password="right-pw-123", is_staff=True)


@pytest.fixture
def colleague(db):
    return get_user_model().objects.create_user("colleague", password="other-pw-456", is_staff=True)


def sign_in(client: Client, username: str, password: str, address: str = HOME, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client: Client, times: int, username: str = "clerk", address: str = HOME) -> list[int]:
    return [sign_in(client, username, "wrong", address).status_code for _ in range(times)]


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_default_limit_is_five_failures_for_one_hour():
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert datetime.timedelta(hours=1) == settings.AXES_COOLOFF_TIME


def test_the_fifth_failure_locks_the_user_name(client, clerk):
    assert fail(client, LIMIT - 1) == [200] * (LIMIT - 1)  # the login form again, with an error
    response = sign_in(client, "clerk", "wrong")
    assert response.status_code == 429
    assert "admin/login_locked.html" in [template.name for template in response.templates]


def test_the_right_password_is_refused_during_the_lock(client, clerk):
    fail(client, LIMIT)
    response = sign_in(client, "clerk", "right-pw-123")
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lock_ends_after_the_cool_off(client, clerk):
    fail(client, LIMIT)
    # An hour and a minute later (the lock runs from the last failed attempt).
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    )
    response = sign_in(client, "clerk", "right-pw-123")
    assert response.status_code == 302
    assert signed_in(client)


def test_a_failure_during_the_lock_starts_the_cool_off_again(client, clerk):
    fail(client, LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=59))
    assert fail(client, 1) == [429]
    # Two minutes later: an hour after the lock began, but not after the last try.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=2))
    assert sign_in(client, "clerk", "right-pw-123").status_code == 429


def test_another_user_name_from_the_same_address_is_not_locked(client, clerk, colleague):
    fail(client, LIMIT)
    response = sign_in(client, "colleague", "other-pw-456")
    assert response.status_code == 302
    assert signed_in(client)


def test_the_same_user_name_from_another_address_is_not_locked(client, clerk):
    fail(client, LIMIT)
    other = Client()
    response = sign_in(other, "clerk", "right-pw-123", address=ELSEWHERE)
    assert response.status_code == 302
    assert signed_in(other)


def test_a_successful_sign_in_resets_the_count(client, clerk):
    fail(client, LIMIT - 1)
    assert sign_in(client, "clerk", "right-pw-123").status_code == 302
    client.logout()
    # Without the reset the first of these would be the fifth failure and lock.
    assert fail(client, LIMIT - 1) == [200] * (LIMIT - 1)
    assert sign_in(client, "clerk", "right-pw-123").status_code == 302


def test_failures_are_recorded_for_the_user_name_and_address(client, clerk):
    fail(client, 2)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "clerk",
        HOME,
        2,
    )


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_address_is_the_one_the_proxy_saw(client, clerk):
    # Everyone arrives from the proxy (REMOTE_ADDR); it appends the client to X-Forwarded-For.
    for n in range(LIMIT):
        forged = f"192.0.2.{n}, {HOME}"  # what the client wrote itself is ignored
        sign_in(client, "clerk", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR=forged)
    assert AccessAttempt.objects.get().ip_address == HOME
    other = Client()
    response = sign_in(
        other, "clerk", "right-pw-123", address="10.0.0.1", HTTP_X_FORWARDED_FOR=ELSEWHERE
    )
    assert response.status_code == 302
    response = sign_in(
        client, "clerk", "right-pw-123", address="10.0.0.1", HTTP_X_FORWARDED_FOR=HOME
    )
    assert response.status_code == 429


def test_sign_in_counts_the_same_address_as_the_other_limits():
    assert settings.AXES_CLIENT_IP_CALLABLE == settings.RATELIMIT_IP_META_KEY
    assert import_string(settings.AXES_CLIENT_IP_CALLABLE) is client_ip


def has_chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


@override_settings(ADMINS=[("Portal admin", "gk-admin@example.gov.cn")])
def test_the_lockout_page_says_in_chinese_when_to_try_again_and_whom_to_ask(client, clerk):
    before = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    response = sign_in(client, "clerk", "wrong")
    for _ in range(LIMIT - 1):
        response = sign_in(client, "clerk", "wrong")
    after = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    assert response.status_code == 429
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    with translation.override("zh-hans"):
        expected = [
            gettext("Sign-in temporarily locked"),
            gettext(
                "There were too many failed sign-in attempts with this user name from your "
                "network address, so signing in is locked for a while. During the lock even "
                "the right password is refused."
            ),
            gettext(
                "If you have forgotten your password, if you need to sign in sooner, or if "
                "these attempts were not yours, contact the portal administrator, who can "
                "unlock your account."
            ),
        ]
        try_again = [
            gettext("You can try again after %(time)s.")
            % {"time": moment.strftime("%Y-%m-%d %H:%M")}
            for moment in (before, after)
        ]
    for text in expected:
        assert has_chinese(text), f"no Chinese translation for {text!r}"
        assert text in html
    assert any(text in html for text in try_again), try_again
    assert has_chinese(try_again[0])
    assert 'href="mailto:gk-admin@example.gov.cn"' in html
    # The page is the site's: the portal's policy applies to it like to the login form.
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def settings_with(**variables: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AXES_")}
    environment.update(DEBUG="1", **variables)
    code = "import portal.settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_limit_and_cool_off_come_from_the_environment():
    result = settings_with(AXES_FAILURE_LIMIT="3", AXES_COOLOFF_HOURS="24")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "1", "day,", "0:00:00"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("AXES_FAILURE_LIMIT", "five", "is not an integer"),
        ("AXES_FAILURE_LIMIT", "0", "must be at least 1"),
        ("AXES_COOLOFF_HOURS", "0", "must be at least 1"),
    ],
)
def test_a_wrong_limit_or_cool_off_refuses_to_start(name, value, message):
    result = settings_with(**{name: value})
    assert result.returncode != 0
    assert message in result.stderr
