"""The back office: drafting with guests, uploading pictures checked by content, the preview,
and recording decisions on applications."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from interaction.models.events import Decision, Interview, InterviewMedia, MeetingApplication
from tests.factories import StaffClient
from tests.interaction.events.conftest import (
    APPLICANT_NAME,
    apply,
    make_interview,
    make_record,
    published,
)
from tests.interaction.events.test_security import PNG

pytestmark = pytest.mark.django_db


def _signed_in(user) -> StaffClient:
    browser = StaffClient()
    browser.force_login(user)
    return browser


def _inline(prefix: str, total: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000",
    }  # fmt: skip


def test_a_drafter_announces_an_interview_with_its_guests(agency_a, drafter_a):
    browser = _signed_in(drafter_a)
    start = timezone.localtime() + dt.timedelta(days=3)
    data = {
        "agency": agency_a.pk, "title": "12345热线在线访谈", "summary": "",
        "starts_at_0": start.strftime("%Y-%m-%d"), "starts_at_1": "15:00",
        "ends_at_0": start.strftime("%Y-%m-%d"), "ends_at_1": "16:30",
        **_inline("guests", 1), "guests-0-name": "陈国强", "guests-0-post": "市民政局局长",
        "guests-0-order": "0", **_inline("events"),
    }  # fmt: skip
    response = browser.post(reverse("admin:interaction_interview_add"), data)
    assert response.status_code == 302, re.findall(
        r"errorlist[^<]*<li>([^<]*)", response.content.decode()
    )
    interview = Interview.objects.get()
    assert interview.drafter == drafter_a
    assert list(interview.guests.values_list("name", flat=True)) == ["陈国强"]
    preview = browser.get(reverse("admin:interaction_interview_preview", args=[interview.pk]))
    assert preview.status_code == 200 and "陈国强" in preview.content.decode()


def _record_form(record, upload, kind="image", alt="访谈现场") -> dict:
    return {
        "interview": record.interview_id, "transcript": record.transcript,
        **_inline("media", 1), "media-0-kind": kind, "media-0-file": upload,
        "media-0-title": "", "media-0-alt_text": alt, "media-0-order": "0", **_inline("events"),
    }  # fmt: skip


def test_pictures_are_checked_by_their_content(agency_a, drafter_a):
    past = timezone.now() - dt.timedelta(days=1)
    record = make_record(published(make_interview(agency_a, drafter_a, start=past)), drafter_a)
    browser = _signed_in(drafter_a)
    url = reverse("admin:interaction_interviewrecord_change", args=[record.pk])
    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>" * 10)
    response = browser.post(url, _record_form(record, fake))
    assert response.status_code == 200
    assert not InterviewMedia.objects.exists()
    response = browser.post(url, _record_form(record, SimpleUploadedFile("现场.png", PNG)))
    assert response.status_code == 302
    media = InterviewMedia.objects.get()
    assert (media.content_type, media.original_name) == ("image/png", "现场.png")
    preview = browser.get(reverse("admin:interaction_interviewrecord_preview", args=[record.pk]))
    assert "访谈现场" in preview.content.decode()


def test_an_officer_records_a_decision_in_the_admin(published_meeting, officer_a):
    application = apply(published_meeting)
    browser = _signed_in(officer_a)
    url = reverse("admin:interaction_meetingapplication_change", args=[application.pk])
    assert APPLICANT_NAME in browser.get(url).content.decode()
    response = browser.post(
        url, {"decision": "declined", "decline_reason": "", "decision_note": ""}
    )
    assert response.status_code == 200  # declining needs a reason
    response = browser.post(
        url, {"decision": "declined", "decline_reason": "seats", "decision_note": "电话告知"}
    )
    assert response.status_code == 302
    application = MeetingApplication.objects.get()
    assert (application.decision, application.decided_by) == (Decision.DECLINED, officer_a)
    assert published_meeting.events.filter(action="application_declined").exists()


def test_accepting_beyond_the_seats_is_refused_on_the_form(agency_a, drafter_a, officer_a):
    from tests.interaction.events.conftest import make_meeting

    meeting = published(make_meeting(agency_a, drafter_a, seats=2))
    first = apply(meeting)
    second = apply(meeting, mobile="13900000002", id_number="")
    MeetingApplication.objects.filter(pk=first.pk).update(decision=Decision.ACCEPTED)
    type(meeting).objects.filter(pk=meeting.pk).update(seats=1)  # the hall became smaller
    browser = _signed_in(officer_a)
    url = reverse("admin:interaction_meetingapplication_change", args=[second.pk])
    response = browser.post(
        url, {"decision": "accepted", "decline_reason": "", "decision_note": ""}
    )
    assert response.status_code == 200
    assert MeetingApplication.objects.get(pk=second.pk).decision == Decision.PENDING


def test_a_published_announcement_leads_to_its_transcript_and_applications(
    agency_a, drafter_a, published_meeting
):
    interview = published(make_interview(agency_a, drafter_a))
    browser = _signed_in(drafter_a)
    page = browser.get(reverse("admin:interaction_interview_change", args=[interview.pk]))
    add = reverse("admin:interaction_interviewrecord_add")
    assert f"{add}?interview={interview.pk}" in page.content.decode()
    form = browser.get(f"{add}?interview={interview.pk}").content.decode()
    assert f'<option value="{interview.pk}" selected>' in form
    page = browser.get(reverse("admin:interaction_meeting_change", args=[published_meeting.pk]))
    assert f"?meeting={published_meeting.pk}" in page.content.decode()
    assert f"?meeting__id__exact={published_meeting.pk}" in page.content.decode()


def test_the_applications_of_one_meeting_are_listed(
    published_meeting, officer_a, agency_a, drafter_a
):
    from tests.interaction.events.conftest import make_meeting

    other = published(make_meeting(agency_a, drafter_a, title="另一场会议"))
    apply(published_meeting)
    apply(other, name="另一位申请人", mobile="13900000009", id_number="")
    browser = _signed_in(officer_a)
    url = reverse("admin:interaction_meetingapplication_changelist")
    response = browser.get(url, {"meeting__id__exact": published_meeting.pk})
    assert response.status_code == 200
    assert "另一场会议" not in response.content.decode()
    assert "另一场会议" in browser.get(url).content.decode()


def test_seeing_an_applicants_data_is_logged_for_the_office_head(
    published_meeting, officer_a, head_a, drafter_a, agency_b
):
    from interaction.models import ApplicationAccess
    from portal.models import StaffRole
    from tests.factories import staff

    application = apply(published_meeting)
    officer = _signed_in(officer_a)
    officer.get(reverse("admin:interaction_meetingapplication_changelist"))
    assert not ApplicationAccess.objects.exists()  # the list shows no personal data
    url = reverse("admin:interaction_meetingapplication_change", args=[application.pk])
    assert APPLICANT_NAME in officer.get(url).content.decode()
    [seen] = ApplicationAccess.objects.all()
    assert (seen.user, seen.application, seen.page) == (officer_a, application, url)

    log = reverse("admin:interaction_applicationaccess_changelist")
    page = _signed_in(head_a).get(log).content.decode()
    assert "officer_a" in page and published_meeting.title in page
    assert APPLICANT_NAME not in page
    # Not for a drafter, nor for the head of another agency.
    assert _signed_in(drafter_a).get(log).status_code == 403
    other_head = staff("head_b", agency_b, StaffRole.Role.OFFICE_HEAD)
    assert "officer_a" not in _signed_in(other_head).get(log).content.decode()
