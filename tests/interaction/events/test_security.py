"""Every new URL refuses what it should: the public form without a CSRF token, the back office
to anonymous visitors, another agency's records and applicants' data to editors."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interaction.models.events import InterviewMedia, MeetingApplication, MeetingAttachment
from tests.factories import StaffClient
from tests.interaction.events.conftest import (
    APPLICANT_ID,
    APPLICANT_MOBILE,
    APPLICANT_NAME,
    apply,
    make_interview,
    make_meeting,
    make_minutes,
    make_record,
    published,
)
from tests.interaction.events.test_applications import FORM

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def records(agency_a, drafter_a):
    now = timezone.now()
    interview = published(make_interview(agency_a, drafter_a, start=now - dt.timedelta(days=1)))
    record = make_record(interview, drafter_a)
    media = InterviewMedia.objects.create(
        record=record, kind="image", alt_text="访谈现场", file=SimpleUploadedFile("a.png", PNG),
        original_name="a.png", content_type="image/png", size=len(PNG),
    )  # fmt: skip
    meeting = published(make_meeting(agency_a, drafter_a))
    past = published(
        make_meeting(agency_a, drafter_a, start=now - dt.timedelta(days=2),
                     opens=now - dt.timedelta(days=9), closes=now - dt.timedelta(days=3))
    )  # fmt: skip
    minutes = make_minutes(past, drafter_a)
    attachment = MeetingAttachment.objects.create(
        minutes=minutes, file=SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n%%EOF\n"),
        original_name="纪要.pdf", content_type="application/pdf", size=15,
    )  # fmt: skip
    application = apply(meeting)
    return {
        "interview": interview, "interviewrecord": record, "media": media, "meeting": meeting,
        "meetingminutes": minutes, "attachment": attachment, "meetingapplication": application,
    }  # fmt: skip


def test_applying_without_a_csrf_token_is_refused(published_meeting):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(published_meeting.get_absolute_url(), FORM)
    assert response.status_code == 403
    assert not MeetingApplication.objects.exists()


def test_only_get_and_post_reach_the_public_pages(published_meeting):
    browser = Client()
    assert browser.put(published_meeting.get_absolute_url()).status_code == 405
    assert browser.post("/interaction/interviews/").status_code == 405
    assert browser.post("/interaction/meetings/").status_code == 405


def test_the_thank_you_page_is_only_for_the_applicant(client, published_meeting):
    url = reverse("interaction:meeting_applied", args=[published_meeting.pk])
    assert client.get(url).status_code == 302
    client.post(published_meeting.get_absolute_url(), FORM)
    assert client.get(url).status_code == 200
    assert Client().get(url)["Location"] == published_meeting.get_absolute_url()


def test_unpublished_files_are_not_public(client, records):
    assert client.get(records["media"].get_absolute_url()).status_code == 404
    assert client.get(records["attachment"].get_absolute_url()).status_code == 404


ADMIN_MODELS = ["interview", "interviewrecord", "meeting", "meetingminutes", "meetingapplication"]


def _object_urls(records) -> list[str]:
    """The back-office pages of one record of agency A."""
    urls = []
    for model in ADMIN_MODELS:
        obj = records[model]
        urls.append(reverse(f"admin:interaction_{model}_change", args=[obj.pk]))
        if model != "meetingapplication":
            urls += [
                reverse(f"admin:interaction_{model}_preview", args=[obj.pk]),
                reverse(f"admin:interaction_{model}_workflow", args=[obj.pk, "submit"]),
            ]
    return [
        *urls,
        reverse("admin:interaction_interviewrecord_media", args=[records["media"].pk]),
        reverse("admin:interaction_meetingminutes_attachment", args=[records["attachment"].pk]),
    ]


def _list_urls() -> list[str]:
    return [
        *(reverse(f"admin:interaction_{model}_changelist") for model in ADMIN_MODELS),
        *(reverse(f"admin:interaction_{model}_add") for model in ADMIN_MODELS[:-1]),
    ]


def test_the_back_office_sends_anonymous_visitors_to_sign_in(records):
    browser = Client()
    for url in [*_list_urls(), *_object_urls(records)]:
        response = browser.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
        assert browser.post(url, {})["Location"].startswith("/admin/login/"), url


def test_another_agencys_staff_reach_none_of_agency_as_records(records, staff_b):
    browser = StaffClient()
    browser.force_login(staff_b)
    for url in _object_urls(records):
        response = browser.get(url)
        hidden = response.status_code in (403, 404) or (
            response.status_code == 302 and response["Location"] == "/admin/"
        )
        assert hidden, url
    for url in _list_urls():
        assert browser.get(url).status_code == 200, url
    listing = browser.get(reverse("admin:interaction_interview_changelist")).content.decode()
    assert records["interview"].title not in listing


def test_editors_do_not_see_applicants_data(records, drafter_a, officer_a):
    editor = StaffClient()
    editor.force_login(drafter_a)
    url = reverse(
        "admin:interaction_meetingapplication_change", args=[records["meetingapplication"].pk]
    )
    response = editor.get(url)
    assert response.status_code in (302, 403, 404)
    listing = editor.get(
        reverse("admin:interaction_meetingapplication_changelist")
    ).content.decode()
    for value in (APPLICANT_NAME, APPLICANT_ID, APPLICANT_MOBILE):
        assert value not in listing
    officer = StaffClient()
    officer.force_login(officer_a)
    page = officer.get(url).content.decode()
    assert APPLICANT_NAME in page and APPLICANT_MOBILE in page


def test_a_superuser_without_a_role_does_not_see_applicants(records, admin_user):
    browser = StaffClient()
    browser.force_login(admin_user)
    listing = browser.get(reverse("admin:interaction_meetingapplication_changelist"))
    assert listing.status_code == 200
    assert APPLICANT_NAME not in listing.content.decode()
    url = reverse(
        "admin:interaction_meetingapplication_change", args=[records["meetingapplication"].pk]
    )
    response = browser.get(url)
    assert response.status_code == 302 and response["Location"] == "/admin/"
