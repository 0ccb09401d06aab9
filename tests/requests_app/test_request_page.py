"""The request on one page in the back office: what each role sees in each state (the
applicant's request masked as the role requires, the deadline in words, only the sections with
content, the actions the state machine allows with their consequence, no save button), and the
answer form's letter preview, which is the letter the applicant then receives."""

from __future__ import annotations

import re

import pytest

from django.utils import timezone, translation

from portal import admin_marks, workdays
from portal.models import StaffRole
from requests_app import deadlines, handling, privacy
from requests_app.admin import page
from requests_app.models import (
    Answer,
    InformationRequest,
    Outcome,
    PersonalDataAccess,
    RequestEvent,
    Status,
)
from tests.factories import staff
from tests.requests_app.conftest import enter

pytestmark = pytest.mark.django_db

NAME, PHONE, ID_NUMBER = "王某某", "13812345678", "440524198001010013"
DESCRIPTION = "请公开2025年本市城乡居民最低生活保障资金使用情况"


def url(info_request: InformationRequest, suffix: str = "change/") -> str:
    return f"/admin/requests_app/informationrequest/{info_request.pk}/{suffix}"


def days_ago(n: int):
    return workdays.add_workdays(timezone.localdate(), -n)


@pytest.fixture
def in_progress(agency_a, handler_a):
    received = enter(agency_a, handler_a, days_ago(3))
    return handling.request_start(info_request=received, user=handler_a)


def shown(response, text) -> str:
    """``text`` in the language the page was rendered in."""
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return str(text)


def section_ids(html: str) -> set[str]:
    return set(re.findall(r'aria-labelledby="([\w-]+)-heading"', html))


def workflow_actions(html: str) -> set[str]:
    return set(re.findall(r'href="[^"]*/workflow/(\w+)/"', html))


# --- What the page shows ---------------------------------------------------------------------


def test_the_page_starts_with_the_applicants_request_then_state_actions_and_timeline(
    client, in_progress, handler_a
):
    client.force_login(handler_a)
    html = client.get(url(in_progress)).content.decode()
    positions = [html.index(marker) for marker in (
        DESCRIPTION, NAME, 'id="request-state-heading"', 'id="request-actions-heading"',
        'id="timeline-heading"',
    )]  # fmt: skip
    assert positions == sorted(positions)
    assert in_progress.get_delivery_method_display() in html


def test_no_save_button_and_no_input_on_the_request_page(client, in_progress, handler_a):
    client.force_login(handler_a)
    html = client.get(url(in_progress)).content.decode()
    assert 'name="_save"' not in html and "_continue" not in html
    assert "保存" not in html
    content = html[html.index('id="content-main"') :]  # not the sidebar's filter box
    assert "<textarea" not in content and "<select" not in content
    inputs = re.findall(r"<input[^>]*>", content)
    assert [tag for tag in inputs if 'type="hidden"' not in tag] == []


def test_posting_to_the_request_page_changes_nothing(client, in_progress, handler_a):
    client.force_login(handler_a)
    response = client.post(url(in_progress), {"status": Status.CLOSED, "description": "改"})
    assert response.status_code == 403
    in_progress.refresh_from_db()
    assert (in_progress.status, in_progress.description) == (Status.IN_PROGRESS, DESCRIPTION)
    assert not PersonalDataAccess.objects.filter(user=handler_a).exists()  # nothing was shown


def test_only_sections_with_content_are_shown(client, in_progress, handler_a):
    client.force_login(handler_a)
    html = client.get(url(in_progress)).content.decode()
    # No correction, pause, fee, extension, review, file or answer yet: no table for them.
    assert "inline-group" not in html
    assert section_ids(html) >= {"request-state", "request-actions", "timeline"}
    assert "answer" not in section_ids(html)
    handling.request_correction(
        info_request=in_progress, user=handler_a, notified_on=timezone.localdate(),
        what_to_supplement="请说明所需资金的年份。", period_workdays=15,
    )  # fmt: skip
    html = client.get(url(in_progress)).content.decode()
    assert html.count('inline-group"') == 1
    assert "请说明所需资金的年份。" in html
    # Yes/no in words, not the admin's icon with English alternative text ("False").
    assert 'alt="False"' not in html and 'alt="True"' not in html


def test_an_answered_request_shows_the_answer_and_its_letter(client, in_progress, handler_a):
    answered = handling.request_answer(
        info_request=in_progress, user=handler_a, outcome=Outcome.DISCLOSED,
        reasons="经审查，该信息属于公开范围。",
    )  # fmt: skip
    client.force_login(handler_a)
    html = client.get(url(answered)).content.decode()
    assert "answer" in section_ids(html)
    assert answered.answer.letter_html.strip()[:40] in html
    assert workflow_actions(html) >= {"close"}
    assert "answer" not in workflow_actions(html)


def test_the_timeline_lists_every_step_in_order(client, in_progress, handler_a):
    client.force_login(handler_a)
    html = client.get(url(in_progress)).content.decode()
    timeline = html[html.index('id="timeline-heading"') :]
    steps = [str(handling.TRANSITIONS["start"].label)]
    assert RequestEvent.objects.filter(request=in_progress).count() == timeline.count("<time ")
    for label in steps:
        assert label in timeline


# --- The deadline, in words ------------------------------------------------------------------


@pytest.mark.parametrize(("received_workdays_ago", "state"), [(30, "overdue"), (3, "ontime")])
def test_the_deadline_is_said_in_words(client, agency_a, handler_a, received_workdays_ago, state):
    info_request = enter(agency_a, handler_a, days_ago(received_workdays_ago))
    client.force_login(handler_a)
    response = client.get(url(info_request))
    html = response.content.decode()
    left = deadlines.workdays_left(info_request.due_date, timezone.localdate())
    assert (left < 0) == (state == "overdue")
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        assert admin_marks.request_deadline(left) in html
    assert f"deadline-{state}" in html
    assert info_request.due_date.isoformat() in html


def test_a_paused_request_says_the_clock_is_stopped(client, in_progress, handler_a):
    handling.request_consult_third_party(
        info_request=in_progress, user=handler_a, sent_on=timezone.localdate(), party="某公司",
    )  # fmt: skip
    client.force_login(handler_a)
    response = client.get(url(in_progress))
    deadline = response.context["deadline"]
    assert deadline.stopped
    assert (
        "deadline-mark"
        not in response.content.decode().split('id="request-state-heading"')[1][:2000]
    )
    assert any("某公司" in period.detail for period in deadline.periods)


def test_an_extension_is_listed_with_the_state(client, in_progress, head_a):
    handling.request_extend(
        info_request=in_progress, user=head_a, workdays=10, reason="需要逐项核对。",
        applicant_informed_on=timezone.localdate(),
    )  # fmt: skip
    client.force_login(head_a)
    response = client.get(url(in_progress))
    assert [p.detail for p in response.context["deadline"].periods if "需要逐项核对" in p.detail]


# --- The actions ------------------------------------------------------------------------------


def test_every_move_of_the_state_machine_has_its_consequence():
    assert set(handling.TRANSITIONS) <= set(page.CONSEQUENCES)


def test_the_handler_is_offered_the_moves_the_machine_allows_with_their_consequence(
    client, in_progress, handler_a
):
    client.force_login(handler_a)
    response = client.get(url(in_progress))
    html = response.content.decode()
    allowed = {name for name, _label in handling.available_actions(in_progress, handler_a)}
    assert workflow_actions(html) == allowed
    assert {"answer", "request_correction", "consult_third_party", "fee_notice"} <= allowed
    assert "extend" not in allowed  # the office head's move
    for action in response.context["actions"]:
        assert shown(response, action.consequence) in html
    assert html.count('class="request-consequence"') == len(response.context["actions"])


def test_the_office_head_is_offered_the_extension(client, in_progress, head_a):
    client.force_login(head_a)
    html = client.get(url(in_progress)).content.decode()
    assert "extend" in workflow_actions(html)
    assert "answer" not in workflow_actions(html)


def test_a_submitted_request_offers_registration(client, agency_a, handler_a):
    info_request = InformationRequest.objects.create(
        agency=agency_a, tracking_number="2026-900009", access_code_hash="-", channel="online",
        status=Status.SUBMITTED, applicant_type="person", name=NAME, phone=PHONE,
        description=DESCRIPTION, delivery_method="online", delivery_form="electronic",
    )  # fmt: skip
    client.force_login(handler_a)
    html = client.get(url(info_request)).content.decode()
    assert url(info_request, "register/") in html
    assert workflow_actions(html) <= {"withdraw"}


def test_a_role_that_only_reads_gets_no_action(client, in_progress, drafter_a):
    client.force_login(drafter_a)
    response = client.get(url(in_progress))
    assert response.context["actions"] == []
    assert "/workflow/" not in response.content.decode()


def test_every_action_on_the_page_is_a_move_with_a_handling_service(client, in_progress, handler_a):
    client.force_login(handler_a)
    html = client.get(url(in_progress)).content.decode()
    for name in workflow_actions(html):
        assert TRANSITION_SERVICE.match(handling.TRANSITIONS[name].service), name


TRANSITION_SERVICE = re.compile(r"^requests_app\.handling\.request_\w+$")


def test_an_action_goes_through_its_handling_service(client, in_progress, handler_a):
    client.force_login(handler_a)
    response = client.post(url(in_progress, "workflow/consult_agency/"), {
        "sent_on": timezone.localdate().isoformat(), "party": "丽水市财政局",
    })  # fmt: skip
    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert in_progress.status == Status.AGENCY_CONSULT
    event = in_progress.events.order_by("-id").first()
    assert (event.action, event.actor, event.to_status) == (
        "consult_agency", handler_a, Status.AGENCY_CONSULT,
    )  # fmt: skip


# --- Masking ----------------------------------------------------------------------------------


def test_the_assigned_handler_sees_the_applicant_in_full_and_it_is_logged(
    client, in_progress, handler_a
):
    client.force_login(handler_a)
    html = client.get(url(in_progress)).content.decode()
    assert NAME in html and PHONE in html and ID_NUMBER in html
    assert PersonalDataAccess.objects.filter(user=handler_a, request=in_progress).exists()


@pytest.mark.parametrize("role", [StaffRole.Role.DRAFTER, StaffRole.Role.HANDLER])
def test_a_role_that_sees_masked_data_sees_it_masked_on_the_page_and_the_forms(
    client, in_progress, agency_a, role
):
    """A drafter, and a handler who is not the request's handler, see the applicant masked
    (requests_app.access.can_see_personal_data), on the request page and on a step form."""
    viewer = staff(f"viewer_{role}", agency_a, role)
    client.force_login(viewer)
    pages = [client.get(url(in_progress)).content.decode()]
    if role == StaffRole.Role.HANDLER:
        pages.append(client.get(url(in_progress, "workflow/answer/")).content.decode())
    for html in pages:
        assert NAME not in html and PHONE not in html and ID_NUMBER not in html
        assert privacy.mask_name(NAME) in html
        assert privacy.mask_phone(PHONE) in html
        assert DESCRIPTION in html  # what was asked for is no personal data
    assert not PersonalDataAccess.objects.filter(user=viewer).exists()


def test_the_answer_form_shows_the_applicants_request_beside_it(client, in_progress, handler_a):
    client.force_login(handler_a)
    response = client.get(url(in_progress, "workflow/answer/"))
    html = response.content.decode()
    aside = html[html.index('id="step-request-heading"') :]
    assert DESCRIPTION in aside and NAME in aside
    assert in_progress.get_delivery_method_display() in aside
    assert shown(response, page.CONSEQUENCES["answer"]) in html


# --- The letter preview -----------------------------------------------------------------------

ANSWER = {"outcome": Outcome.DISCLOSED, "reasons": "经审查，该信息属于公开范围。"}


def test_the_preview_is_the_letter_that_is_sent_and_records_nothing(client, in_progress, handler_a):
    client.force_login(handler_a)
    form = {**ANSWER, "answered_on": timezone.localdate().isoformat()}
    response = client.post(url(in_progress, "workflow/answer/"), {**form, "_preview": "1"})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert DESCRIPTION in preview and NAME in preview
    assert preview in response.content.decode()
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS
    assert not Answer.objects.exists()
    assert not in_progress.events.filter(action="answer").exists()

    response = client.post(url(in_progress, "workflow/answer/"), form)
    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert in_progress.status == Status.ANSWERED
    assert in_progress.answer.letter_html == preview


def test_the_preview_refuses_an_incomplete_answer_like_sending_does(client, in_progress, handler_a):
    client.force_login(handler_a)
    response = client.post(url(in_progress, "workflow/answer/"), {
        "outcome": Outcome.PARTIAL, "reasons": "部分涉及", "_preview": "1",
        "answered_on": timezone.localdate().isoformat(),
    })  # fmt: skip
    assert response.status_code == 200
    assert "withheld_parts" in response.context["form"].errors
    assert not response.context["preview"]


def test_no_preview_for_a_handler_who_may_not_see_the_applicant(client, in_progress, agency_a):
    other = staff("other_handler", agency_a, StaffRole.Role.HANDLER)
    client.force_login(other)
    form = {**ANSWER, "answered_on": timezone.localdate().isoformat(), "_preview": "1"}
    response = client.post(url(in_progress, "workflow/answer/"), form)
    assert response.status_code == 200
    assert not response.context["can_preview"] and not response.context["preview"]
    assert NAME not in response.content.decode()
    assert not Answer.objects.exists()
