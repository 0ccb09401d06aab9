"""Applying to attend a public meeting: the period, the seats (under a lock), the form's
protections, and the staff's decisions."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from interaction import events
from interaction.models.events import Decision, DeclineReason, MeetingApplication
from tests.interaction.events.conftest import (
    APPLICANT_EMAIL,
    APPLICANT_ID,
    APPLICANT_MOBILE,
    APPLICANT_NAME,
    apply,
    make_meeting,
    published,
)

pytestmark = pytest.mark.django_db

FORM = {
    "name": APPLICANT_NAME,
    "mobile": APPLICANT_MOBILE,
    "id_type": "resident_id",
    "id_number": APPLICANT_ID,
    "email": "",
    "reason": "关心民生实事",
    "website": "",
}


def test_a_citizen_applies_without_an_account(client, published_meeting):
    response = client.post(published_meeting.get_absolute_url(), FORM)
    assert response.status_code == 302
    application = MeetingApplication.objects.get()
    assert (application.number, application.decision) == (1, Decision.PENDING)
    page = client.get(response["Location"]).content.decode()
    assert "No. 1" in page or "1号" in page or "第1" in page


def test_personal_data_are_encrypted_at_rest(published_meeting):
    apply(published_meeting)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, id_number, mobile, email, reason FROM interaction_meetingapplication"
        )
        stored = " ".join(str(value) for value in cursor.fetchone())
    for value in (APPLICANT_NAME, APPLICANT_ID, APPLICANT_MOBILE, "example.com"):
        assert value not in stored


def test_a_mobile_number_alone_is_enough(published_meeting):
    application = apply(published_meeting, id_type="", id_number="", email="")
    assert application.mobile == APPLICANT_MOBILE


def test_name_and_a_way_to_identify_are_required(client, published_meeting):
    response = client.post(
        published_meeting.get_absolute_url(), {**FORM, "mobile": "", "id_number": "", "id_type": ""}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not MeetingApplication.objects.exists()
    with pytest.raises(ValidationError):
        apply(published_meeting, mobile="", id_number="")


def test_applications_before_the_period_get_a_clear_error(agency_a, drafter_a):
    now = timezone.now()
    meeting = published(make_meeting(agency_a, drafter_a, opens=now + dt.timedelta(days=1)))
    with pytest.raises(ValidationError, match="Applications open on"):
        apply(meeting)
    page = Client().get(meeting.get_absolute_url()).content.decode()
    assert "申请" in page and '<form class="application-form"' not in page


def test_applications_after_the_period_get_a_clear_error(agency_a, drafter_a):
    now = timezone.now()
    meeting = published(
        make_meeting(
            agency_a,
            drafter_a,
            opens=now - dt.timedelta(days=5),
            closes=now - dt.timedelta(hours=1),
        )
    )
    with pytest.raises(ValidationError, match="application period for this meeting has ended"):
        apply(meeting)
    response = Client().post(meeting.get_absolute_url(), FORM)
    assert response.status_code == 403
    assert not MeetingApplication.objects.exists()
    browser = Client()
    browser.cookies["django_language"] = "en"  # chosen with the switch
    page = browser.get(meeting.get_absolute_url()).content.decode()
    assert "The application period for this meeting has ended" in page


def test_the_last_seat_goes_to_one_applicant_only(client, published_meeting):
    assert published_meeting.seats == 2
    apply(published_meeting)
    apply(published_meeting, mobile="13900000002", id_number="")
    with pytest.raises(ValidationError, match="All 2 public seats"):
        apply(published_meeting, mobile="13900000003", id_number="")
    client.cookies["django_language"] = "en"  # chosen with the switch
    response = client.post(published_meeting.get_absolute_url(), {**FORM, "mobile": "13900000004"})
    assert response.status_code == 409
    assert "All 2 public seats of this meeting are taken" in response.content.decode()
    assert MeetingApplication.objects.count() == 2


def test_a_declined_application_frees_its_seat(published_meeting, officer_a):
    first = apply(published_meeting)
    apply(published_meeting, mobile="13900000002", id_number="")
    events.application_decide(
        application=first, user=officer_a, decision=Decision.DECLINED,
        decline_reason=DeclineReason.INCOMPLETE,
    )  # fmt: skip
    third = apply(published_meeting, mobile="13900000003", id_number="")
    assert third.number == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_simultaneous_last_applications_cannot_both_take_the_seat(agency_a, drafter_a):
    meeting = published(make_meeting(agency_a, drafter_a, seats=1))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(mobile: str) -> None:
        barrier.wait()
        try:
            apply(meeting, mobile=mobile, id_number="")
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.code or "")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(m,)) for m in ("13900000001", "13900000002")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full", "ok"]
    assert MeetingApplication.objects.filter(meeting=meeting).count() == 1


def test_the_bot_trap_saves_nothing(client, published_meeting):
    response = client.post(published_meeting.get_absolute_url(), {**FORM, "website": "http://spam"})
    assert response.status_code == 200
    assert not MeetingApplication.objects.exists()


@override_settings(MEETING_APPLY_RATE_PER_IP="2/h")
def test_applications_from_one_connection_are_limited(client, agency_a, drafter_a):
    meeting = published(make_meeting(agency_a, drafter_a, seats=10))
    for mobile in ("13900000001", "13900000002"):
        assert (
            client.post(meeting.get_absolute_url(), {**FORM, "mobile": mobile}).status_code == 302
        )
    response = client.post(meeting.get_absolute_url(), {**FORM, "mobile": "13900000003"})
    assert response.status_code == 429
    assert MeetingApplication.objects.count() == 2


def test_decisions_need_a_role_that_handles_the_publics_data(published_meeting, drafter_a, staff_b):
    application = apply(published_meeting)
    for user in (drafter_a, staff_b):
        with pytest.raises(PermissionDenied):
            events.application_decide(
                application=application, user=user, decision=Decision.ACCEPTED
            )


def test_declining_needs_a_reason_and_is_audited(published_meeting, officer_a):
    application = apply(published_meeting)
    with pytest.raises(ValidationError, match="reason for declining"):
        events.application_decide(
            application=application, user=officer_a, decision=Decision.DECLINED
        )
    events.application_decide(
        application=application, user=officer_a, decision=Decision.DECLINED,
        decline_reason=DeclineReason.SEATS, note="已电话告知",
    )  # fmt: skip
    event = published_meeting.events.get(action="application_declined")
    assert event.note.startswith("#1") and APPLICANT_NAME not in event.note


def test_no_more_acceptances_than_seats(agency_a, drafter_a, officer_a):
    meeting = published(make_meeting(agency_a, drafter_a, seats=1))
    first = apply(meeting)
    events.application_decide(application=first, user=officer_a, decision=Decision.ACCEPTED)
    # A seat freed by the agency's own mistake: the second may apply but not also be accepted.
    MeetingApplication.objects.filter(pk=first.pk).update(decision=Decision.ACCEPTED)
    meeting.seats = 2
    meeting.save()
    second = apply(meeting, mobile="13900000002", id_number="")
    meeting.seats = 1
    meeting.save()
    with pytest.raises(ValidationError, match="already given"):
        events.application_decide(application=second, user=officer_a, decision=Decision.ACCEPTED)


def test_the_public_page_shows_counts_and_decisions_without_names(
    client, published_meeting, officer_a
):
    first = apply(published_meeting)
    second = apply(published_meeting, name="李四", mobile="13900000002", id_number="")
    events.application_decide(application=first, user=officer_a, decision=Decision.ACCEPTED)
    events.application_decide(
        application=second, user=officer_a, decision=Decision.DECLINED,
        decline_reason=DeclineReason.DUPLICATE,
    )  # fmt: skip
    client.cookies["django_language"] = "en"  # chosen with the switch
    page = client.get(published_meeting.get_absolute_url()).content.decode()
    assert "Duplicate application" in page  # the published reason for declining
    assert "Applications received: 2; accepted: 1." in page
    for private in (APPLICANT_NAME, "李四", APPLICANT_ID, APPLICANT_MOBILE, "13900000002", "关心"):
        assert private not in page


def test_the_applicant_is_emailed_the_decision_once(
    published_meeting, officer_a, django_capture_on_commit_callbacks
):
    from django.core import mail

    from interaction import events as meeting_events

    accepted = apply(published_meeting)
    declined = apply(published_meeting, mobile="13900000003", id_number="", email="")
    with django_capture_on_commit_callbacks(execute=True):
        events.application_decide(application=accepted, user=officer_a, decision=Decision.ACCEPTED)
        events.application_decide(
            application=declined, user=officer_a, decision=Decision.DECLINED,
            decline_reason=DeclineReason.SEATS,
        )  # fmt: skip
    assert len(mail.outbox) == 1  # the second gave no e-mail address
    notice = mail.outbox[0]
    assert notice.to == [APPLICANT_EMAIL]
    assert published_meeting.title in notice.subject and published_meeting.place in notice.body
    assert meeting_events.deliver_decision_notice(accepted.pk) is False  # never twice
