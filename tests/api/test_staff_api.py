from __future__ import annotations

import datetime as dt

import pytest

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from requests_app.models import RequestEvent, Status
from tests.requests_app.conftest import enter

pytestmark = pytest.mark.django_db

LIST = "/api/v1/staff/requests/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def request_a(agency_a, handler_a):
    return enter(agency_a, handler_a, dt.date(2026, 9, 18))


@pytest.fixture
def request_b(agency_b, staff_b):
    return enter(agency_b, staff_b, dt.date(2026, 9, 18))


def test_anonymous_gets_401(api, request_a):
    assert api.get(LIST).status_code == 401


def test_session_login_is_not_enough(client, handler_a, request_a):
    client.force_login(handler_a)
    assert client.get(LIST).status_code == 401


def test_list_shows_own_agency_requests_with_due_dates(handler_a, request_a, request_b):
    rows = client_for(handler_a).get(LIST).json()["results"]
    assert [row["id"] for row in rows] == [request_a.pk]
    assert rows[0]["due_date"]


def test_list_masks_the_applicant(handler_a, request_a):
    text = client_for(handler_a).get(LIST).content.decode()
    assert "王某某" not in text
    assert "13812345678" not in text


def test_other_agency_request_is_404(staff_b, request_a):
    assert client_for(staff_b).get(f"{LIST}{request_a.pk}/").status_code == 404


def test_other_agency_cannot_move_the_request(staff_b, request_a):
    response = client_for(staff_b).post(f"{LIST}{request_a.pk}/start/")
    assert response.status_code == 404


def test_detail_shows_personal_data_to_the_handling_agency(handler_a, request_a):
    body = client_for(handler_a).get(f"{LIST}{request_a.pk}/").json()
    assert body["applicant"] == "王某某"
    assert body["phone"] == "13812345678"


def test_transition_changes_status_and_writes_the_timeline(handler_a, request_a):
    response = client_for(handler_a).post(f"{LIST}{request_a.pk}/start/")
    assert response.status_code == 200
    request_a.refresh_from_db()
    assert request_a.status == Status.IN_PROGRESS
    assert RequestEvent.objects.filter(request=request_a, action="start").exists()


def test_transition_not_allowed_now_is_400(handler_a, request_a):
    response = client_for(handler_a).post(f"{LIST}{request_a.pk}/close/", {
        "delivery_method": "email", "delivered_on": "2026-09-20"
    })  # fmt: skip
    assert response.status_code == 400


def test_transition_without_the_role_is_403(agency_a, request_a):
    from tests.factories import staff

    drafter = staff("drafter_only", agency_a, "drafter")
    assert client_for(drafter).post(f"{LIST}{request_a.pk}/start/").status_code == 403


def test_revoked_token_is_401(handler_a, request_a):
    client = client_for(handler_a)
    Token.objects.filter(user=handler_a).delete()
    assert client.get(LIST).status_code == 401
