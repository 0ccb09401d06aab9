"""Staff are signed out after STAFF_IDLE_TIMEOUT_MINUTES (30) without a request (等保2.0
level 3); applicants' tracking sessions keep their usual lifetime."""

from __future__ import annotations

import time

import pytest

from django.conf import settings
from django.test import override_settings

from portal.staff_sessions import SEEN_KEY
from requests_app import intake
from tests.requests_app.conftest import new_request

pytestmark = pytest.mark.django_db

INBOX = "/admin/requests_app/informationrequest/inbox/"


def idle_for(client, minutes: float) -> None:
    """As if the last request of this session was ``minutes`` ago."""
    session = client.session
    session[SEEN_KEY] = int(time.time() - minutes * 60)
    session.save()


def test_the_default_idle_time_is_thirty_minutes():
    assert settings.STAFF_IDLE_TIMEOUT_MINUTES == 30


def test_a_staff_session_idle_too_long_is_signed_out(client, handler_a):
    client.force_login(handler_a)
    assert client.get(INBOX).status_code == 200
    idle_for(client, 31)
    client.cookies["django_language"] = "en"  # chosen with the switch
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/?next=")
    assert "_auth_user_id" not in client.session
    login = client.get(response.url).content.decode()
    assert "signed out after 30 minutes without activity" in login


def test_activity_keeps_the_session_alive(client, handler_a):
    client.force_login(handler_a)
    idle_for(client, 29)
    assert client.get(INBOX).status_code == 200
    assert time.time() - client.session[SEEN_KEY] < 60  # the clock starts again


def test_the_stored_session_and_cookie_expire_after_the_idle_time(client, handler_a):
    client.force_login(handler_a)
    response = client.get(INBOX)
    assert client.session.get_expiry_age() == 30 * 60
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60


@override_settings(STAFF_IDLE_TIMEOUT_MINUTES=10)
def test_the_idle_time_is_configurable(client, handler_a):
    client.force_login(handler_a)
    idle_for(client, 11)
    assert client.get(INBOX).status_code == 302


def test_an_applicants_tracking_session_keeps_its_lifetime(client, agency_a):
    submission = intake.request_submit_online(info_request=new_request(agency_a))
    client.post(
        "/requests/track/",
        {
            "tracking_number": submission.request.tracking_number,
            "access_code": submission.access_code,
        },
    )
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert SEEN_KEY not in client.session
