"""Session fixation: a session cookie planted in a browser (a shared computer in a reading room)
must not let whoever planted it see what that browser is later given access to. Every grant of
access to a request (applying, looking it up) gives the browser a new session key."""

from __future__ import annotations

import pytest

from django.conf import settings
from django.test import Client

from requests_app.models import InformationRequest
from tests.requests_app.test_application_form import person

pytestmark = pytest.mark.django_db


def planted_session() -> Client:
    """The attacker's browser, holding a session whose cookie they leave in the victim's."""
    attacker = Client()
    session = attacker.session  # a stored session with a key of its own
    session["planted"] = True
    session.save()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return attacker


def victim_with(attacker: Client) -> Client:
    victim = Client()
    victim.cookies[settings.SESSION_COOKIE_NAME] = attacker.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    return victim


def test_applying_gives_the_browser_a_new_session_key(agency_a):
    attacker = planted_session()
    victim = victim_with(attacker)
    planted_key = attacker.cookies[settings.SESSION_COOKIE_NAME].value

    assert victim.post("/requests/apply/", person(agency_a)).status_code == 302

    assert victim.cookies[settings.SESSION_COOKIE_NAME].value != planted_key
    # The victim's browser still sees its request (the confirmation and the tracking page).
    number = InformationRequest.objects.get().tracking_number
    assert victim.get("/requests/apply/done/").status_code == 200
    assert victim.get(f"/requests/track/{number}/").status_code == 200


def test_the_planted_cookie_does_not_open_the_victims_request(agency_a):
    attacker = planted_session()
    victim = victim_with(attacker)

    victim.post("/requests/apply/", person(agency_a))

    number = InformationRequest.objects.get().tracking_number
    response = attacker.get(f"/requests/track/{number}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/requests/track/?")
    # Nor the confirmation page with the access code.
    assert attacker.get("/requests/apply/done/")["Location"] == "/requests/apply/"


def test_a_lookup_with_the_code_gives_the_browser_a_new_session_key(agency_a):
    victim = Client()
    victim.post("/requests/apply/", person(agency_a))
    application = InformationRequest.objects.get()
    code = victim.session["requests_app.submitted"]["access_code"]
    attacker = planted_session()
    victim = victim_with(attacker)

    response = victim.post(
        "/requests/track/", {"tracking_number": application.tracking_number, "access_code": code}
    )

    assert response.status_code == 302
    assert attacker.get(f"/requests/track/{application.tracking_number}/").status_code == 302
    assert victim.get(f"/requests/track/{application.tracking_number}/").status_code == 200
