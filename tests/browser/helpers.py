"""What the journeys share: demo logins, identity numbers, the request form, the admin login."""

from __future__ import annotations

import base64
import re
import time
import warnings

from django_otp.oath import totp
from playwright.sync_api import Page, expect

# portal/demo.py: every demo login has this password; staff of 丽水市人民政府 are "lishui-<role>".
DEMO_PASSWORD = "demo-2026-portal"
AGENCY_NAME = "丽水市人民政府"
AGENCY_OPTION = re.compile(rf"^\s*{AGENCY_NAME}$")
DRAFTER, REVIEWER, PUBLISHER = "lishui-drafter", "lishui-reviewer", "lishui-publisher"
HANDLER, HEAD = "lishui-handler", "lishui-head"

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def resident_id(birth: str = "19850412", sequence: str = "123") -> str:
    """A resident ID number (GB 11643) with a correct check digit, in the unassigned area
    331199 that the demo data uses, so it is nobody's."""
    body = f"331199{birth}{sequence}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def wrong_check_digit(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def choose_agency(page: Page) -> None:
    option = page.locator("#id_agency option").filter(has_text=AGENCY_OPTION)
    page.select_option("#id_agency", value=option.get_attribute("value"))


def fill_request(page: Page, *, name: str, id_number: str, description: str) -> None:
    """The request form as a person applying online and reading the answer online."""
    choose_agency(page)
    page.check("#id_applicant_type_0")
    page.fill("#id_person_name", name)
    page.fill("#id_id_number", id_number)
    page.fill("#id_phone", "13905781234")
    page.fill("#id_description", description)
    page.check("#id_delivery_method_3")  # 网上下载
    page.check("#id_delivery_form_1")  # 电子
    page.check("#id_consent")


def read_receipt(page: Page) -> tuple[str, str]:
    """The tracking number and access code from the confirmation page."""
    expect(page.locator("h1")).to_have_text("您的申请已提交")
    number = page.locator(".tracking-number").inner_text().strip()
    code = page.locator(".access-code").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{6,}", number), number
    assert code, "the confirmation page shows no access code"
    return number, code


def track(page: Page, number: str, code: str) -> None:
    page.goto("/requests/track/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.locator("main")).to_contain_text(number)


# Authenticator keys of the demo users who set up two-factor sign-in during this run (office
# heads must, portal.two_factor), with the last time step whose code was used: a code is
# accepted once, so a second sign-in within the same 30 seconds uses the next step's code
# (django-otp accepts one step of clock drift). Nobody has a known key: each enrols here, as a
# person does with a phone, reading the key the set-up page shows.
_AUTHENTICATORS: dict[str, tuple[bytes, int]] = {}
TOTP_STEP = 30


def _next_code(username: str) -> str:
    key, last_step = _AUTHENTICATORS[username]
    now = int(time.time()) // TOTP_STEP
    step = max(now, last_step + 1)
    _AUTHENTICATORS[username] = (key, step)
    return f"{totp(key, drift=step - now):06d}"


def _enrol(page: Page, username: str) -> None:
    """Set up two-factor sign-in the way a person does: the key from the set-up page into
    an authenticator (here RFC 6238 computed by django-otp's oath module), then its code."""
    expect(page.locator("h1")).to_have_text("设置两步验证")
    key_text = page.locator(".otp-key").inner_text().replace(" ", "")
    key = base64.b32decode(key_text + "=" * (-len(key_text) % 8))
    _AUTHENTICATORS[username] = (key, -1)
    page.get_by_label("验证器应用显示的验证码").fill(_next_code(username))
    page.get_by_role("button", name="确认").click()
    expect(page.locator(".otp-recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="继续").click()


def _open_sign_in_form(page: Page) -> None:
    """The sign-in page with its form, signed out.

    Once in a few hundred runs the page answered with the back office of the user signed in
    before: a step's form posted just before signing in was still in flight when the cookies
    were cleared, and its response set the session cookie again (the session's last activity
    is saved on every response). Waiting for the page to load first closes most of that window;
    if the form is still missing, the cookies are cleared again and the page loaded once more,
    with what was shown reported as a warning; a second miss fails the step."""
    for attempt in (1, 2):
        page.context.clear_cookies()
        response = page.goto("/admin/login/?next=/admin/")
        if page.locator("#id_username").count():
            return
        shown = (
            f"/admin/login/ answered {response.status if response else 'nothing'} at {page.url}"
            f" ({page.title()!r}): {page.locator('body').inner_text()[:300]!r}"
        )
        if attempt == 2:
            raise AssertionError(f"no sign-in form twice; {shown}")
        warnings.warn(f"no sign-in form, loading it again; {shown}", stacklevel=2)


def admin_login(page: Page, username: str) -> None:
    """Log in to the back office (logging out whoever was logged in), with the second factor
    where the user has set one up, setting it up where the user's role requires it."""
    page.wait_for_load_state()
    _open_sign_in_form(page)
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    if username in _AUTHENTICATORS:
        page.fill("#id_otp_token", _next_code(username))
    page.locator("#login-form [type=submit]").click()
    landed = page.locator("#user-tools, .otp-key").first
    expect(landed).to_be_visible()
    if page.locator(".otp-key").count():
        _enrol(page, username)
    expect(page.locator("#user-tools")).to_be_visible()
