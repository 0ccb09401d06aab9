"""Public tracking (快递式查询): tracking number and access code open a request in one browser
session, which then sees the status, the due date, the public timeline, the answer and the
released files, and may withdraw an open request. Nothing personal beyond a masked name."""

from __future__ import annotations

import pytest
import time_machine

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from requests_app import handling, intake, letters, tracking
from requests_app.models import (
    Answer,
    InformationRequest,
    Outcome,
    ReleasedFile,
    RequestEvent,
    Status,
)
from requests_app.timeline import record_event
from tests.requests_app.conftest import new_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _still_clock():
    """The hourly lookup limits count in windows of the clock: a test that ran across a
    window's end (a slow machine) would see its counters start again half-way."""
    with time_machine.travel(timezone.now(), tick=False):
        yield


TRACK = "/requests/track/"
GENERIC_FAILURE = "申请编号或查询码不正确"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
APPLICANT = {
    "name": "王某某",
    "id_number": "440524198001010013",
    "phone": "13812345678",
    "email": "applicant@example.com",
    "address": "浙江省丽水市莲都区花园路88号",
}


@pytest.fixture
def submission(agency_a):
    return intake.request_submit_online(info_request=new_request(agency_a, **APPLICANT))


@pytest.fixture
def registered(submission, handler_a):
    intake.request_register(
        info_request=submission.request, user=handler_a, received_on=timezone.localdate()
    )
    return submission


def detail_url(submission) -> str:
    return reverse(
        "requests_app:track_detail", kwargs={"tracking_number": submission.request.tracking_number}
    )


def look_up(client, submission, code: str | None = None, **extra):
    data = {
        "tracking_number": submission.request.tracking_number,
        "access_code": submission.access_code if code is None else code,
    }
    return client.post(TRACK, data, **extra)


def opened(client, submission) -> str:
    """The tracking page after a successful lookup."""
    response = look_up(client, submission, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def answer(request, handler, letter_html: str = "<p>答复告知书……</p>") -> Answer:
    today = timezone.localdate()
    InformationRequest.objects.filter(pk=request.pk).update(
        status=Status.ANSWERED, outcome=Outcome.DISCLOSED, answered_on=today
    )
    return Answer.objects.create(
        request=request,
        outcome=Outcome.DISCLOSED,
        letter_html=letter_html,
        answered_on=today,
        answered_by=handler,
    )


def chinese(text) -> str:
    with translation.override("zh-hans"):
        return str(text)


# --- Looking a request up -----------------------------------------------------------------


def test_the_right_number_and_code_open_the_request(client, registered):
    response = look_up(client, registered)

    assert response.status_code == 302
    assert response["Location"] == detail_url(registered)
    page = client.get(detail_url(registered)).content.decode()
    assert registered.request.tracking_number in page
    assert chinese(Status.RECEIVED.label) in page


def test_the_code_is_accepted_in_lower_case_without_hyphens(client, registered):
    response = look_up(client, registered, code=registered.access_code.lower())

    assert response.status_code == 302


def test_the_tracking_page_shows_the_due_date_and_the_agency_contacts(client, registered, agency_a):
    page = opened(client, registered)
    request = InformationRequest.objects.get(pk=registered.request.pk)

    assert request.due_date.strftime("%Y-%m-%d") in page
    assert agency_a.name in page
    assert agency_a.office_phone in page


def test_a_provisional_due_date_carries_the_note(client, registered):
    InformationRequest.objects.filter(pk=registered.request.pk).update(due_provisional=True)

    assert "该期限依据尚未公布的节假日安排推算" in opened(client, registered)


def test_the_timeline_shows_public_notes_but_not_staff_notes(client, registered, handler_a):
    request = registered.request
    record_event(
        info_request=request, user=handler_a, action="note", note="内部意见：请法制科先行审核",
    )  # fmt: skip
    record_event(
        info_request=request, user=handler_a, action="note", note="经办人备注：需核实申请人身份",
        public_note="您的申请已转交业务科室办理。", visible=True,
    )  # fmt: skip

    page = opened(client, registered)

    assert "您的申请已转交业务科室办理。" in page
    assert "内部意见" not in page
    assert "经办人备注" not in page
    assert handler_a.username not in page


def test_a_wrong_code_gets_the_generic_message(client, registered):
    response = look_up(client, registered, code="ABCD-EFGH-JKMN")

    assert response.status_code == 200
    assert GENERIC_FAILURE in response.content.decode()
    assert client.get(detail_url(registered)).status_code == 302  # still not authorised


def test_an_unknown_number_gets_the_same_generic_message(client, registered):
    data = {"tracking_number": "2026-999999", "access_code": registered.access_code}
    response = client.post(TRACK, data)

    assert response.status_code == 200
    assert GENERIC_FAILURE in response.content.decode()


def wrong_codes(number_of_addresses: int, submission, per_address: int = 1) -> list[int]:
    """Wrong codes for the request's number from many addresses; their answers' statuses."""
    statuses = []
    for n in range(number_of_addresses):
        for _attempt in range(per_address):
            response = look_up(
                Client(), submission, code="ABCD-EFGH-JKMN", REMOTE_ADDR=f"10.8.0.{n}"
            )
            statuses.append(response.status_code)
    return statuses


def test_wrong_codes_from_anywhere_never_lock_the_owner_out(client, registered):
    """Finding: ten wrong codes for a (sequential, guessable) tracking number used to refuse
    even the right code for an hour, from every address."""
    wrong_codes(30, registered)
    wrong_codes(2, registered, per_address=10)

    response = look_up(client, registered, REMOTE_ADDR="10.9.9.9")

    assert response.status_code == 302
    assert client.get(detail_url(registered)).status_code == 200


def test_during_an_attack_on_a_number_each_address_gets_two_wrong_codes(client, registered):
    # Ten wrong codes put the number under attack (from ten addresses: no address's own limit).
    assert wrong_codes(10, registered) == [200] * 10
    attacker = "10.7.0.1"
    statuses = [
        look_up(client, registered, code="ABCD-EFGH-JKMN", REMOTE_ADDR=attacker).status_code
        for _attempt in range(3)
    ]
    assert statuses == [200, 200, 429]
    # Barred for the hour, even with the right code: it is this address that guessed.
    assert look_up(client, registered, REMOTE_ADDR=attacker).status_code == 429
    # The owner, elsewhere, is not.
    assert look_up(Client(), registered, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_an_address_with_wrong_codes_for_a_quiet_number_is_not_barred(client, registered):
    statuses = [
        look_up(client, registered, code="ABCD-EFGH-JKMN", REMOTE_ADDR="10.7.0.1").status_code
        for _attempt in range(5)
    ]
    assert statuses == [200] * 5
    assert look_up(client, registered, REMOTE_ADDR="10.7.0.1").status_code == 302


def per_hour(rate: str) -> int:
    count, period = rate.split("/")
    assert period == "h"
    return int(count)


def test_guessing_a_code_stays_infeasible_with_a_million_addresses(settings):
    """The arithmetic of requests_app/tracking.py's docstring, from the live constants."""
    codes = len(intake._CODE_ALPHABET) ** intake.ACCESS_CODE_LENGTH
    addresses, hours_a_year = 1_000_000, 24 * 365
    at_one_number = per_hour(tracking.FAILURES_PER_NUMBER) + addresses * per_hour(
        tracking.WRONG_CODES_PER_ADDRESS_UNDER_ATTACK
    )
    at_any_number = addresses * per_hour(settings.TRACKING_RATE_PER_IP)
    assert codes > 7.8e17
    assert at_one_number * hours_a_year / codes < 1e-7
    assert at_any_number * hours_a_year / codes < 1e-6


def test_lookups_are_rate_limited_per_ip_even_with_the_right_code(client, registered, settings):
    settings.TRACKING_RATE_PER_IP = "3/h"
    for number in ("2026-900001", "2026-900002", "2026-900003"):
        client.post(TRACK, {"tracking_number": number, "access_code": "ABCD-EFGH-JKMN"})

    response = look_up(client, registered)

    assert response.status_code == 429


def test_the_tracking_page_needs_the_lookup_first(client, registered):
    response = client.get(detail_url(registered))

    assert response.status_code == 302
    assert response["Location"].startswith(TRACK)
    assert registered.access_code not in response["Location"]


def test_ending_tracking_forgets_the_requests(client, registered):
    look_up(client, registered)

    client.post(reverse("requests_app:track_end"))

    assert client.get(detail_url(registered)).status_code == 302


# --- Privacy ------------------------------------------------------------------------------


def test_no_personal_data_appears_on_the_tracking_page(client, registered):
    page = opened(client, registered)

    for value in APPLICANT.values():
        assert value not in page, value
    assert "王**" in page


# --- The answer ---------------------------------------------------------------------------


def test_the_answer_letter_shows_when_answered(client, registered, handler_a):
    answer(registered.request, handler_a)

    page = opened(client, registered)

    assert "<p>答复告知书……</p>" in page
    assert chinese(Status.ANSWERED.label) in page


def test_the_answer_letter_masks_the_applicants_name(client, registered, handler_a):
    answer(registered.request, handler_a, letter_html="<p>王某某：</p><p>您的申请已收悉。</p>")

    page = opened(client, registered)

    assert "<p>王**：</p>" in page
    assert "王某某" not in page


def test_a_released_file_downloads_only_in_the_authorised_session(client, registered, handler_a):
    released = ReleasedFile.objects.create(
        answer=answer(registered.request, handler_a),
        file=SimpleUploadedFile("公开信息.pdf", PDF),
        original_name="公开信息.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    url = reverse(
        "requests_app:released_file",
        kwargs={"tracking_number": registered.request.tracking_number, "pk": released.pk},
    )
    assert url in opened(client, registered)

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]

    assert Client().get(url).status_code == 404


def test_the_letter_pdf_comes_from_the_renderer(client, registered, handler_a, monkeypatch):
    monkeypatch.setattr(letters, "render_letter_pdf", lambda answer: PDF)
    answer(registered.request, handler_a)
    look_up(client, registered)
    url = reverse("requests_app:letter_pdf", args=[registered.request.tracking_number])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == PDF
    assert Client().get(url).status_code == 404


# --- Withdrawal ---------------------------------------------------------------------------


def withdraw_url(submission) -> str:
    return reverse(
        "requests_app:withdraw", kwargs={"tracking_number": submission.request.tracking_number}
    )


def test_withdrawal_asks_for_confirmation_first(client, registered):
    look_up(client, registered)

    response = client.get(withdraw_url(registered))

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert InformationRequest.objects.get(pk=registered.request.pk).status == Status.RECEIVED


def test_withdrawal_closes_the_request_with_a_visible_event(client, registered):
    look_up(client, registered)

    response = client.post(withdraw_url(registered), {"reason": "已通过其他渠道获得"}, follow=True)

    request = InformationRequest.objects.get(pk=registered.request.pk)
    assert request.status == Status.CLOSED
    event = RequestEvent.objects.get(request=request, action="withdraw")
    assert event.visible_to_applicant
    page = response.content.decode()
    assert event.public_note in page
    assert "已通过其他渠道获得" not in page  # the reason is for the agency's records


def test_withdrawal_emails_the_applicant(client, registered, django_capture_on_commit_callbacks):
    look_up(client, registered)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(withdraw_url(registered), {"reason": ""})

    message = mail.outbox[-1]
    event = RequestEvent.objects.get(request=registered.request, action="withdraw")
    assert registered.request.tracking_number in message.subject
    assert event.public_note in message.body
    assert "/requests/track/" in message.body


def test_another_session_cannot_withdraw(client, registered):
    look_up(client, registered)

    Client().post(withdraw_url(registered), {"reason": ""})

    assert InformationRequest.objects.get(pk=registered.request.pk).status == Status.RECEIVED


def test_a_closed_request_offers_no_withdrawal(client, registered):
    handling.request_withdraw(info_request=registered.request, user=None)

    page = opened(client, registered)

    assert withdraw_url(registered) not in page
