"""The staff back office for requests: scoping, workflow pages, registration, offline entry,
masking in lists, and the inbox."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import workdays
from portal.models import CalendarDay
from requests_app import deadlines, handling, inbox, intake
from requests_app.models import (
    Answer,
    ApplicantType,
    Channel,
    Correction,
    DeliveryForm,
    DeliveryMethod,
    Extension,
    IdType,
    InformationRequest,
    Outcome,
    Pause,
    RequestEvent,
    Review,
    Status,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


def resident_id(body17: str) -> str:
    """A fake resident ID with a valid check digit (area 331199 is not assigned)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body17, weights, strict=True))
    return body17 + "10X98765432"[total % 11]


FAKE_ID = resident_id("33119919850312123")
PHONE = "13812345678"


def applicant(**fields) -> dict:
    return {
        "applicant_type": ApplicantType.PERSON,
        "name": "王某某",
        "id_type": IdType.RESIDENT_ID,
        "id_number": FAKE_ID,
        "phone": PHONE,
        "email": "wang.applicant@example.com",
        "address": "丽水市莲都区某某路1号",
        "description": "请公开丽水市2026年城市道路改造项目的预算安排。",
        "document_title": "丽水市2026年城市道路改造项目预算",
        "delivery_method": DeliveryMethod.EMAIL,
        "delivery_form": DeliveryForm.ELECTRONIC,
        **fields,
    }


def enter(agency, handler, *, received_on: dt.date | None = None, **fields) -> InformationRequest:
    """A request received in person, entered by the handler (Art 29)."""
    received = received_on or workdays.add_workdays(timezone.localdate(), -3)
    request = InformationRequest(agency=agency, **applicant(**fields))
    return intake.request_enter_offline(
        info_request=request, user=handler, channel=Channel.IN_PERSON, received_on=received
    ).request


def submitted_online(agency, submitted_at: dt.datetime, number: str = "2026-900001"):
    return InformationRequest.objects.create(
        agency=agency,
        tracking_number=number,
        access_code_hash="-",
        channel=Channel.ONLINE,
        submitted_at=submitted_at,
        status=Status.SUBMITTED,
        **applicant(),
    )


def url(info_request: InformationRequest, suffix: str = "change/") -> str:
    return f"/admin/requests_app/informationrequest/{info_request.pk}/{suffix}"


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def received(agency_a, handler_a):
    return enter(agency_a, handler_a)


@pytest.fixture
def in_progress(received, handler_a):
    return handling.request_start(info_request=received, user=handler_a)


# --- Scoping ---------------------------------------------------------------------------------


def test_staff_of_another_agency_get_404_on_every_request_page(client, in_progress, staff_b):
    client.force_login(staff_b)
    for suffix in ("change/", "history/", "register/", "workflow/start/", "workflow/extend/",
                   "letter.pdf", "released-files/", "publish/"):  # fmt: skip
        assert client.get(url(in_progress, suffix)).status_code == 404, suffix
    assert client.post(url(in_progress, "workflow/answer/"), {}).status_code == 404
    assert client.post(url(in_progress, "workflow/withdraw/"), {}).status_code == 404
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS


def test_requests_of_another_agency_are_absent_from_the_list(client, in_progress, staff_b):
    client.force_login(staff_b)
    page = client.get("/admin/requests_app/informationrequest/").content.decode()
    assert in_progress.tracking_number not in page


# --- Workflow pages ----------------------------------------------------------------------------


def test_handler_starts_handling_from_its_page(client, received, handler_a):
    client.force_login(handler_a)
    response = client.post(url(received, "workflow/start/"))
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.status == Status.IN_PROGRESS


def test_change_page_offers_the_moves_the_user_may_make(client, in_progress, handler_a):
    client.force_login(handler_a)
    page = client.get(url(in_progress)).content.decode()
    for action in ("request_correction", "consult_third_party", "fee_notice", "answer", "withdraw"):
        assert f"workflow/{action}/" in page, action
    assert "workflow/extend/" not in page  # the office head's move
    assert "workflow/start/" not in page  # already started


def test_correction_page_stops_the_clock(client, in_progress, handler_a):
    client.force_login(handler_a)
    today = timezone.localdate()
    form = client.get(url(in_progress, "workflow/request_correction/")).content.decode()
    assert today.isoformat() in form  # the notice date defaults to today
    response = client.post(
        url(in_progress, "workflow/request_correction/"),
        {"notified_on": today, "what_to_supplement": "请写明文件的文号。", "period_workdays": 10},
    )
    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert in_progress.status == Status.CORRECTION
    assert in_progress.correction.due_on == deadlines.correction_due(today, 10)


def test_third_party_consultation_pages_pause_and_resume(client, in_progress, handler_a):
    client.force_login(handler_a)
    today = timezone.localdate()
    client.post(
        url(in_progress, "workflow/consult_third_party/"),
        {"sent_on": today, "party": "丽水某某建设有限公司"},
    )
    in_progress.refresh_from_db()
    assert in_progress.status == Status.THIRD_PARTY
    response = client.post(
        url(in_progress, "workflow/third_party_replied/"), {"ended_on": today, "result": "consent"}
    )
    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS
    assert Pause.objects.get(request=in_progress).ended_on == today


def test_refused_move_leaves_nothing_half_saved(client, in_progress, handler_a):
    # The service closes the pause, then refuses "no reply" before the reply is due: the
    # whole move is rolled back and the pause stays open.
    client.force_login(handler_a)
    today = timezone.localdate()
    handling.request_consult_third_party(
        info_request=in_progress, user=handler_a, sent_on=today, party="某某公司"
    )
    response = client.post(
        url(in_progress, "workflow/third_party_replied/"), {"ended_on": today, "result": "no_reply"}
    )
    assert response.status_code == 200
    pause = Pause.objects.get(request=in_progress)
    assert any(pause.reply_due.isoformat() in text for text in texts(response))
    in_progress.refresh_from_db()
    assert in_progress.status == Status.THIRD_PARTY
    assert pause.ended_on is None


def test_handler_cannot_extend_the_period(client, in_progress, handler_a):
    client.force_login(handler_a)
    page = client.get(url(in_progress, "workflow/extend/"))
    assert not page.context["allowed"]
    assert 'name="workdays"' not in page.content.decode()
    response = client.post(
        url(in_progress, "workflow/extend/"), {"workdays": 10, "reason": "需要调取档案"}
    )
    assert response.status_code == 200
    assert texts(response)  # the service's refusal: the role it needs
    assert not Extension.objects.exists()


def test_office_head_extends_the_period(client, in_progress, head_a):
    client.force_login(head_a)
    before = in_progress.due_date
    response = client.post(
        url(in_progress, "workflow/extend/"), {"workdays": 10, "reason": "需要调取档案"}
    )
    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert in_progress.due_date == workdays.add_workdays(before, 10)
    assert Extension.objects.get().approved_by == head_a


def test_illegal_move_shows_the_error_and_changes_nothing(client, received, handler_a):
    client.force_login(handler_a)
    events = RequestEvent.objects.count()
    response = client.post(
        url(received, "workflow/close/"),
        {"delivery_method": DeliveryMethod.EMAIL, "delivered_on": timezone.localdate()},
    )
    assert response.status_code == 200
    assert texts(response)  # the service's refusal, as an admin error message
    received.refresh_from_db()
    assert received.status == Status.RECEIVED
    assert RequestEvent.objects.count() == events


def test_incomplete_answer_shows_the_field_error_and_saves_nothing(client, in_progress, handler_a):
    client.force_login(handler_a)
    response = client.post(
        url(in_progress, "workflow/answer/"),
        {"outcome": Outcome.PARTIAL, "answered_on": timezone.localdate(), "reasons": "部分涉及"},
    )
    assert response.status_code == 200
    assert "withheld_parts" in response.context["form"].errors
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS
    assert not Answer.objects.exists()


def test_answer_page_records_the_answer_and_shows_the_letter(client, in_progress, handler_a):
    client.force_login(handler_a)
    response = client.post(
        url(in_progress, "workflow/answer/"),
        {"outcome": Outcome.DISCLOSED, "answered_on": timezone.localdate(),
         "reasons": "经审查，该信息属于公开范围。"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    in_progress.refresh_from_db()
    assert in_progress.status == Status.ANSWERED
    page = client.get(url(in_progress)).content.decode()
    assert in_progress.answer.letter_html.strip()[:40] in page
    assert "workflow/close/" in page


def test_answer_page_offers_only_the_agencys_negative_list(
    client, in_progress, handler_a, agency_b
):
    from disclosure.models import LegalGround, NegativeCategory, NegativeListEntry

    def entry(agency, matter):
        return NegativeListEntry.objects.create(
            agency=agency, matter=matter, category=NegativeCategory.SECURITY,
            legal_ground=LegalGround.STATE_SECRET, basis="《保守国家秘密法》",
            effective_date=D(2026, 1, 1),
        )  # fmt: skip

    own = entry(in_progress.agency, "本机关涉密事项")
    other = entry(agency_b, "他机关涉密事项")
    client.force_login(handler_a)
    choices = (
        client.get(url(in_progress, "workflow/answer/"))
        .context["form"]
        .fields["negative_entry"]
        .queryset
    )
    assert own in choices and other not in choices


def test_withdrawal_closes_the_request(client, in_progress, handler_a):
    client.force_login(handler_a)
    response = client.post(url(in_progress, "workflow/withdraw/"), {"reason": "申请人电话撤回"})
    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert (in_progress.status, in_progress.outcome) == (Status.CLOSED, Outcome.OTHER)


def test_fee_pages_send_a_notice_and_record_the_payment(client, in_progress, handler_a):
    client.force_login(handler_a)
    today = timezone.localdate()
    client.post(
        url(in_progress, "workflow/fee_notice/"),
        {"method": "by_volume", "pages": 50, "sent_on": today},
    )
    in_progress.refresh_from_db()
    assert in_progress.status == Status.FEE_PENDING
    assert in_progress.fees.get().amount == 200
    client.post(url(in_progress, "workflow/fee_paid/"), {"paid_on": today})
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS


def test_abandon_is_offered_only_after_the_correction_period(client, agency_a, handler_a):
    today = timezone.localdate()
    received = workdays.add_workdays(today, -40)
    request = handling.request_start(
        info_request=enter(agency_a, handler_a, received_on=received), user=handler_a
    )
    handling.request_correction(
        info_request=request, user=handler_a, notified_on=workdays.add_workdays(received, 2),
        what_to_supplement="请写明文号。", period_workdays=5,
    )  # fmt: skip
    client.force_login(handler_a)
    assert "workflow/abandon/" in client.get(url(request)).content.decode()
    response = client.post(url(request, "workflow/abandon/"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.outcome == Outcome.OTHER_NO_CORRECTION


def test_abandon_is_not_offered_while_the_correction_period_runs(client, in_progress, handler_a):
    handling.request_correction(
        info_request=in_progress, user=handler_a, notified_on=timezone.localdate(),
        what_to_supplement="请写明文号。",
    )  # fmt: skip
    client.force_login(handler_a)
    page = client.get(url(in_progress)).content.decode()
    assert "workflow/receive_correction/" in page
    assert "workflow/abandon/" not in page


def test_drafter_of_the_agency_sees_the_request_without_workflow_buttons(
    client, in_progress, drafter_a
):
    client.force_login(drafter_a)
    page = client.get(url(in_progress)).content.decode()
    assert "workflow/" not in page
    response = client.post(url(in_progress, "workflow/withdraw/"), {"reason": "试图撤回"})
    assert response.status_code == 200
    assert texts(response)
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS


# --- Registration (Art 31) and offline entry (Art 29) -------------------------------------------


def test_registration_proposes_the_next_working_day_for_a_saturday_submission(
    client, agency_a, handler_a
):
    saturday = timezone.make_aware(dt.datetime(2026, 11, 14, 10, 30))
    request = submitted_online(agency_a, saturday)
    client.force_login(handler_a)
    page = client.get(url(request, "register/")).content.decode()
    assert 'value="2026-11-16"' in page  # Monday
    response = client.post(url(request, "register/"), {"received_on": "2026-11-16"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    assert request.received_on == D(2026, 11, 16)
    assert request.due_date == deadlines.answer_due(received=D(2026, 11, 16))


def test_registration_on_a_day_off_proposes_a_date_it_accepts(client, agency_a, handler_a):
    today = timezone.localdate()
    CalendarDay.objects.update_or_create(date=today, defaults={"is_workday": False})
    workdays.forget_loaded()
    request = submitted_online(agency_a, timezone.now())
    client.force_login(handler_a)
    page = client.get(url(request, "register/")).content.decode()
    assert f'value="{today.isoformat()}"' in page
    response = client.post(url(request, "register/"), {"received_on": today.isoformat()})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.received_on == today


def test_register_button_shows_on_a_submitted_request(client, agency_a, handler_a):
    request = submitted_online(agency_a, timezone.now() - dt.timedelta(days=1))
    client.force_login(handler_a)
    assert url(request, "register/") in client.get(url(request)).content.decode()


OFFLINE_FORM = {
    "channel": Channel.SIGNED_POST,
    "applicant_type": ApplicantType.PERSON,
    "name": "李某某",
    "id_type": IdType.RESIDENT_ID,
    "id_number": FAKE_ID,
    "phone": PHONE,
    "address": "丽水市莲都区某某街2号",
    "description": "请提供2025年度丽水市政府信息公开工作年度报告的纸质版。",
    "delivery_method": DeliveryMethod.POST,
    "delivery_form": DeliveryForm.PAPER,
    "note": "挂号信，收件人签收。",
}


def test_offline_entry_creates_a_received_request_with_its_due_date(client, agency_a, handler_a):
    client.force_login(handler_a)
    received = workdays.add_workdays(timezone.localdate(), -2)
    response = client.post(
        "/admin/requests_app/informationrequest/add/",
        {**OFFLINE_FORM, "agency": agency_a.pk, "received_on": received},
    )
    assert response.status_code == 302, response.context["form"].errors
    request = InformationRequest.objects.get()
    assert (request.status, request.channel) == (Status.RECEIVED, Channel.SIGNED_POST)
    assert request.due_date == deadlines.answer_due(received=received)
    assert request.handler == handler_a


def test_offline_entry_shows_the_access_code_once(client, agency_a, handler_a):
    client.force_login(handler_a)
    response = client.post(
        "/admin/requests_app/informationrequest/add/",
        {**OFFLINE_FORM, "agency": agency_a.pk, "received_on": timezone.localdate()},
        follow=True,
    )
    request = InformationRequest.objects.get()
    page = response.content.decode()
    assert request.tracking_number in page
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", page).group(0)
    assert intake.access_code_matches(request, code)
    assert code not in client.get(url(request)).content.decode()


def test_offline_entry_rejects_an_invalid_identity_number(client, agency_a, handler_a):
    client.force_login(handler_a)
    response = client.post(
        "/admin/requests_app/informationrequest/add/",
        {**OFFLINE_FORM, "agency": agency_a.pk, "received_on": timezone.localdate(),
         "id_number": FAKE_ID[:-1] + ("0" if FAKE_ID[-1] != "0" else "1")},
    )  # fmt: skip
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    assert not InformationRequest.objects.exists()


def test_offline_entry_does_not_offer_the_online_channel(client, handler_a):
    client.force_login(handler_a)
    form = client.get("/admin/requests_app/informationrequest/add/").context["form"]
    assert Channel.ONLINE not in dict(form.fields["channel"].choices)


def test_staff_of_another_agency_cannot_enter_requests_for_it(client, agency_a, staff_b):
    client.force_login(staff_b)
    response = client.post(
        "/admin/requests_app/informationrequest/add/",
        {**OFFLINE_FORM, "agency": agency_a.pk, "received_on": timezone.localdate()},
    )
    assert "agency" in response.context["form"].errors
    assert not InformationRequest.objects.exists()


# --- Personal data ----------------------------------------------------------------------------


def test_changelist_masks_names_and_never_shows_id_numbers_or_phones(
    client, in_progress, handler_a
):
    client.force_login(handler_a)
    page = client.get("/admin/requests_app/informationrequest/").content.decode()
    assert in_progress.tracking_number in page
    assert "王*" in page
    assert "王某某" not in page
    assert FAKE_ID not in page and FAKE_ID[:6] + "*" not in page
    assert PHONE not in page


def test_search_finds_by_tracking_number_not_by_personal_data(client, in_progress, handler_a):
    client.force_login(handler_a)
    changelist = "/admin/requests_app/informationrequest/"
    found = client.get(changelist, {"q": in_progress.tracking_number}).context["cl"]
    assert list(found.result_list) == [in_progress]
    assert list(client.get(changelist, {"q": "王某某"}).context["cl"].result_list) == []


def test_agency_staff_see_full_personal_data_on_the_request(client, in_progress, handler_a):
    client.force_login(handler_a)
    page = client.get(url(in_progress)).content.decode()
    assert "王某某" in page and FAKE_ID in page and PHONE in page


def test_superuser_without_a_role_sees_the_applicant_masked(client, in_progress):
    root = UserFactory(username="root", is_superuser=True)
    client.force_login(root)
    page = client.get(url(in_progress)).content.decode()
    assert in_progress.tracking_number in page
    assert "王某某" not in page and FAKE_ID not in page and PHONE not in page


# --- Reviews (行政复议/行政诉讼) ------------------------------------------------------------------


def test_review_is_recorded_from_the_request_page(client, in_progress, handler_a):
    client.force_login(handler_a)
    add_url = f"/admin/requests_app/review/add/?request={in_progress.pk}"
    assert add_url in client.get(url(in_progress)).content.decode()
    form = client.get(add_url)
    assert form.context["adminform"].form.initial["request"] == str(in_progress.pk)
    response = client.post(add_url, {
        "request": in_progress.pk,
        "kind": Review.Kind.RECONSIDERATION,
        "filed_on": "2026-11-02",
        "body": "丽水市人民政府行政复议办公室",
        "case_number": "丽政复〔2026〕15号",
        "result": Review.Result.PENDING,
    })  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == url(in_progress)
    review = Review.objects.get()
    assert (review.request, review.case_number) == (in_progress, "丽政复〔2026〕15号")
    assert "丽政复〔2026〕15号" in client.get(url(in_progress)).content.decode()
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS


def test_staff_of_another_agency_cannot_record_a_review_of_it(client, in_progress, staff_b):
    client.force_login(staff_b)
    response = client.post("/admin/requests_app/review/add/", {
        "request": in_progress.pk, "kind": Review.Kind.RECONSIDERATION, "filed_on": "2026-11-02",
        "result": Review.Result.PENDING,
    })  # fmt: skip
    assert response.status_code in (200, 403)
    assert not Review.objects.exists()


def test_review_admin_lists_only_own_agency_reviews(client, in_progress, staff_b):
    Review.objects.create(
        request=in_progress, kind=Review.Kind.LITIGATION_DIRECT, filed_on=D(2026, 11, 3),
        case_number="(2026)浙1102行初88号",
    )  # fmt: skip
    client.force_login(staff_b)
    page = client.get("/admin/requests_app/review/").content.decode()
    assert "行初88号" not in page
    review = Review.objects.get()
    assert client.get(f"/admin/requests_app/review/{review.pk}/change/").status_code == 404


# --- Inbox ------------------------------------------------------------------------------------


@pytest.fixture
def inbox_requests(agency_a, handler_a):
    """Four open requests: two overdue, one running, one paused for a correction."""
    today = timezone.localdate()

    def running(workdays_ago: int) -> InformationRequest:
        received = workdays.add_workdays(today, -workdays_ago)
        request = enter(agency_a, handler_a, received_on=received)
        return handling.request_start(info_request=request, user=handler_a)

    very_late, late, on_time = running(30), running(22), running(5)
    paused = running(3)
    handling.request_correction(
        info_request=paused, user=handler_a, notified_on=today, what_to_supplement="请写明文号。"
    )
    return [very_late, late, on_time, paused]


def test_inbox_orders_by_urgency(client, inbox_requests, agency_a, handler_a):
    very_late, late, on_time, paused = inbox_requests
    submitted = submitted_online(agency_a, timezone.now() - dt.timedelta(hours=3))
    client.force_login(handler_a)
    response = client.get("/admin/requests_app/informationrequest/inbox/")
    rows = response.context["rows"]
    assert [row.info_request for row in rows] == [very_late, late, on_time, submitted, paused]
    assert [row.overdue for row in rows[:3]] == [True, True, False]
    assert rows[4].paused and rows[4].deadline == Correction.objects.get().due_on


def test_inbox_shows_the_next_deadline_of_each_kind(inbox_requests, handler_a):
    on_time, paused = inbox_requests[2], inbox_requests[3]
    rows = {row.info_request: row for row in inbox.inbox_rows(handler_a)}
    assert rows[on_time].deadline == on_time.due_date
    assert str(rows[on_time].deadline_kind) == "answer due"
    assert str(rows[paused].deadline_kind) == "correction due"


def test_inbox_tab_mine_shows_only_requests_assigned_to_me(inbox_requests, agency_a):
    from portal.models import StaffRole
    from tests.factories import staff

    colleague = staff("handler_a2", agency_a, StaffRole.Role.HANDLER)
    mine = enter(agency_a, colleague)
    assert [row.info_request for row in inbox.inbox_rows(colleague, inbox.TAB_MINE)] == [mine]
    assert len(inbox.inbox_rows(colleague, inbox.TAB_AGENCY)) == 5


def test_inbox_runs_a_constant_number_of_queries(
    client, inbox_requests, agency_a, handler_a, django_assert_num_queries
):
    client.force_login(handler_a)
    inbox_url = "/admin/requests_app/informationrequest/inbox/"
    client.get(inbox_url)  # what every request shares (the site's host table)
    with CaptureQueriesContext(connection) as few:
        client.get(inbox_url)
    for days in (4, 8, 12):
        received = workdays.add_workdays(D(2026, 11, 20), -days)
        request = enter(agency_a, handler_a, received_on=received)
        handling.request_consult_agency(
            info_request=request, user=handler_a, sent_on=request.received_on, party="丽水市财政局"
        )
    with django_assert_num_queries(len(few)):
        response = client.get(inbox_url)
    assert len(response.context["rows"]) == 7


def test_inbox_is_linked_from_the_changelist(client, handler_a):
    client.force_login(handler_a)
    page = client.get("/admin/requests_app/informationrequest/").content.decode()
    assert "/admin/requests_app/informationrequest/inbox/" in page


# --- After the answer: letter PDF, released files, Art 44 --------------------------------------


@pytest.fixture
def answered(in_progress, handler_a):
    return handling.request_answer(
        info_request=in_progress, user=handler_a, outcome=Outcome.DISCLOSED,
        reasons="经审查，该信息属于公开范围。",
    )  # fmt: skip


def test_answer_page_links_the_letter_pdf_and_released_files(client, answered, handler_a):
    client.force_login(handler_a)
    page = client.get(url(answered)).content.decode()
    assert url(answered, "letter.pdf") in page
    assert url(answered, "released-files/") in page
    response = client.get(url(answered, "letter.pdf"))
    if response.status_code == 302:  # WeasyPrint's system libraries are missing here
        assert texts(response)
    else:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response).startswith(b"%PDF")


def test_handler_uploads_a_released_file(client, answered, handler_a):
    from tests.disclosure.conftest import pdf_upload

    client.force_login(handler_a)
    response = client.post(url(answered, "released-files/"), {"file": pdf_upload("公开信息.pdf")})
    assert response.status_code == 302
    released = answered.answer.files.get()
    assert released.original_name == "公开信息.pdf"
    download = client.get(f"/admin/requests_app/informationrequest/released-file/{released.pk}/")
    assert download.status_code == 200


def test_drafter_turns_the_answer_into_a_proactive_disclosure_draft(client, answered, drafter_a):
    client.force_login(drafter_a)
    assert url(answered, "publish/") in client.get(url(answered)).content.decode()
    response = client.post(url(answered, "publish/"))
    answered.answer.refresh_from_db()
    document = answered.answer.published_as
    assert document is not None and document.status == "draft"
    assert response["Location"] == f"/admin/disclosure/document/{document.pk}/change/"


def test_inbox_shows_subjects_requested_by_several_applicants(client, agency_a, handler_a):
    enter(agency_a, handler_a)
    enter(agency_a, handler_a, name="赵某某", id_number=resident_id("33119919900101456"))
    client.force_login(handler_a)
    response = client.get("/admin/requests_app/informationrequest/inbox/")
    (subject,) = response.context["repeated_subjects"]
    assert subject.applicants == 2
    assert subject.latest_tracking_number in response.content.decode()


def test_the_deadline_filter_lists_overdue_and_soon_due_requests(client, agency_a, handler_a):
    today = timezone.localdate()
    overdue = enter(agency_a, handler_a, received_on=workdays.add_workdays(today, -25))
    soon = enter(agency_a, handler_a, received_on=workdays.add_workdays(today, -17))
    later = enter(agency_a, handler_a, received_on=today)
    client.force_login(handler_a)
    listed = {}
    for due in ("overdue", "soon", ""):
        page = client.get("/admin/requests_app/informationrequest/", {"due": due} if due else {})
        text = page.content.decode()
        listed[due] = {r for r in (overdue, soon, later) if r.tracking_number in text}
    assert listed == {"overdue": {overdue}, "soon": {soon}, "": {overdue, soon, later}}
