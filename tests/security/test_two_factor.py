"""Two-factor sign-in for staff (等保2.0 level 3): TOTP authenticator apps and recovery codes,
required for office heads, privacy officers and superusers; enrolment in the back office;
wrong codes count towards django-axes' lock like wrong passwords."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from portal import two_factor
from portal.models import StaffRole
from tests.factories import UserFactory, staff
from tests.portal.test_settings import settings_in_subprocess

pytestmark = pytest.mark.django_db

Role = StaffRole.Role
PASSWORD = "Right-pw-2026"
HOME = "203.0.113.10"
ENROL = "/admin/two-factor/enrol/"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def head(agency_a):
    user = staff("head", agency_a, Role.OFFICE_HEAD)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def handler(agency_a):
    user = staff("handler", agency_a, Role.HANDLER)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client: Client, username: str, password: str = PASSWORD, code: str = ""):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "otp_token": code, "next": "/admin/"},
        REMOTE_ADDR=HOME,
    )


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    return f"{totp(device.bin_key, drift=steps_ahead):06d}"


def can_use_the_back_office(client: Client) -> bool:
    return client.get("/admin/requests_app/informationrequest/").status_code == 200


# --- Who must use it ------------------------------------------------------------------------


def test_an_office_head_without_an_authenticator_is_sent_to_set_it_up(head):
    client = Client()
    response = sign_in(client, "head")
    assert response.status_code == 302
    landing = client.get("/admin/", follow=True)
    assert landing.redirect_chain[-1][0].startswith(ENROL)
    assert not can_use_the_back_office(client)
    assert client.get("/admin/requests_app/informationrequest/").url.startswith("/admin/login/")


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.OFFICE_HEAD])
def test_office_heads_and_privacy_officers_need_it(agency_a, role):
    assert two_factor.required_for(staff(f"r_{role}", agency_a, role))


def test_superusers_need_it(db):
    assert two_factor.required_for(UserFactory(username="root", is_superuser=True))


def test_handlers_do_not_need_it_by_default(handler):
    client = Client()
    assert sign_in(client, "handler").status_code == 302
    assert can_use_the_back_office(client)


@override_settings(OTP_REQUIRED_ROLES=["handler"])
def test_the_setting_makes_it_required_for_more_roles(handler):
    client = Client()
    sign_in(client, "handler")
    assert not can_use_the_back_office(client)
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith(ENROL)


def test_a_password_only_session_of_an_enrolled_user_is_not_enough(handler):
    """Say a session from before the user enrolled: it must sign in again, with the code."""
    enrolled(handler)
    client = Client()
    client.force_login(handler)
    assert not can_use_the_back_office(client)


# --- Enrolment ------------------------------------------------------------------------------


def test_the_set_up_page_shows_a_server_made_svg_qr_code_and_the_key(head):
    client = Client()
    sign_in(client, "head")
    page = client.get(ENROL)
    text = page.content.decode()
    assert 'class="otp-qr" src="data:image/svg+xml' in text
    device = TOTPDevice.objects.get(user=head, confirmed=False)
    key = re.search(r'class="otp-key">([A-Z2-7 ]+)<', text)[1].replace(" ", "")
    assert key == base64.b32encode(device.bin_key).decode().rstrip("=")
    # Strict CSP: nothing inline on the page.
    assert "style=" not in text and not re.search(r"<script(?![^>]*\bsrc=)", text)
    assert page["Cache-Control"].startswith("max-age=0")


def test_confirming_with_the_apps_code_enrols_and_shows_ten_recovery_codes_once(head):
    client = Client()
    sign_in(client, "head")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=head, confirmed=False)
    response = client.post(ENROL, {"token": code_of(device), "next": "/admin/"})
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    device.refresh_from_db()
    assert device.confirmed
    assert can_use_the_back_office(client)  # this session is verified
    status = client.get("/admin/two-factor/").content.decode()
    assert "10" in status and not any(code in status for code in codes)


def test_a_wrong_code_does_not_enrol(head):
    client = Client()
    sign_in(client, "head")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=head)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"
    client.cookies["django_language"] = "en"  # chosen with the switch
    response = client.post(ENROL, {"token": wrong})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=head, confirmed=True).exists()
    assert not can_use_the_back_office(client)


def test_a_user_who_must_enrol_can_sign_out_instead(head):
    client = Client()
    sign_in(client, "head")
    assert 'action="/admin/logout/"' in client.get(ENROL).content.decode()
    client.post("/admin/logout/")
    assert "_auth_user_id" not in client.session


def test_nobody_signed_out_reaches_the_set_up_page(db):
    assert Client().get(ENROL).url.startswith("/admin/login/")


# --- Signing in with the code ---------------------------------------------------------------


def test_an_enrolled_user_signs_in_only_with_the_right_code(head):
    device = enrolled(head)
    client = Client()
    without = sign_in(client, "head")
    assert without.status_code == 200 and "_auth_user_id" not in client.session
    assert sign_in(client, "head", code=code_of(device)).status_code == 302
    assert can_use_the_back_office(client)


def test_a_wrong_code_gets_the_same_answer_as_a_wrong_password(head):
    device = enrolled(head)
    wrong_code = sign_in(Client(), "head", code=f"{(int(code_of(device)) + 1) % 10**6:06d}")
    wrong_password = sign_in(Client(), "head", password="wrong-Password-1", code=code_of(device))
    assert wrong_code.context["form"].non_field_errors() == (
        wrong_password.context["form"].non_field_errors()
    )


def test_a_code_is_accepted_only_once(head):
    device = enrolled(head)
    code = code_of(device)
    assert sign_in(Client(), "head", code=code).status_code == 302
    assert sign_in(Client(), "head", code=code).status_code == 200


def test_a_recovery_code_signs_in_once(head):
    enrolled(head)
    codes = two_factor.recovery_codes_replace(user=head)
    assert sign_in(Client(), "head", code=codes[0]).status_code == 302
    assert sign_in(Client(), "head", code=codes[0]).status_code == 200
    assert two_factor.recovery_codes_left(head) == 9


def test_new_recovery_codes_replace_the_old_ones(client, head):
    enrolled(head)
    old = two_factor.recovery_codes_replace(user=head)
    client.force_login(head)
    page = client.post("/admin/two-factor/").content.decode()
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert sign_in(Client(), "head", code=old[1]).status_code == 200


# --- Throttling (django-axes) ---------------------------------------------------------------


def test_wrong_codes_count_towards_the_sign_in_lock(head):
    device = enrolled(head)
    wrong = f"{(int(code_of(device)) + 1) % 10**6:06d}"
    client = Client()
    statuses = [sign_in(client, "head", code=wrong).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # During the lock even the password and the right code are refused.
    assert sign_in(client, "head", code=code_of(device, steps_ahead=1)).status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_still_lock_as_before(head):
    client = Client()
    statuses = [sign_in(client, "head", password="Wrong-pw-2026").status_code for _ in range(5)]
    assert statuses[-1] == 429


# --- Operations and settings ----------------------------------------------------------------


def test_the_reset_command_removes_a_lost_authenticator(head):
    enrolled(head)
    two_factor.recovery_codes_replace(user=head)
    out = io.StringIO()
    call_command("two_factor_reset", "head", stdout=out)
    assert "2 two-factor devices removed" in out.getvalue()
    head = type(head).objects.get(pk=head.pk)
    assert not two_factor.is_enrolled(head)
    client = Client()
    sign_in(client, "head")
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith(ENROL)


def test_the_settings_know_every_staff_role():
    assert set(settings.OTP_REQUIRED_ROLES) <= set(Role.values)
    result = settings_in_subprocess(DEBUG="1", OTP_REQUIRED_ROLES="all")
    assert result.returncode == 0


def test_an_unknown_role_in_the_setting_stops_the_start():
    result = settings_in_subprocess(DEBUG="1", OTP_REQUIRED_ROLES="handler,boss")
    assert result.returncode != 0 and "OTP_REQUIRED_ROLES" in result.stderr


def test_the_settings_role_list_matches_the_model():
    from portal import settings as portal_settings

    assert set(Role.values) == portal_settings._ROLES
