"""Applicants' personal data are erased a set number of days after the meeting, once; the
public record of decisions stays."""

from __future__ import annotations

import datetime as dt

import pytest

from django.test import override_settings
from django.utils import timezone

from interaction import events, tasks_events
from interaction.models.events import Decision, MeetingApplication
from tests.interaction.events.conftest import APPLICANT_NAME, apply, make_meeting, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(published_meeting, officer_a):
    application = apply(published_meeting)
    events.application_decide(application=application, user=officer_a, decision=Decision.ACCEPTED)
    return application


@override_settings(MEETING_APPLICATION_RETENTION_DAYS=30)
def test_applicants_data_are_erased_after_the_retention_period(decided, published_meeting):
    after = published_meeting.ends_at + dt.timedelta(days=30, hours=1)
    assert (
        events.anonymise_past_applications(now=published_meeting.ends_at + dt.timedelta(days=29))
        == 0
    )
    assert MeetingApplication.objects.get().name == APPLICANT_NAME
    assert events.anonymise_past_applications(now=after) == 1
    application = MeetingApplication.objects.get()
    assert not any(
        [application.name, application.id_number, application.mobile, application.email,
         application.reason, application.decision_note]
    )  # fmt: skip
    assert application.anonymised_at == after
    # The public record keeps the number and the decision.
    assert (application.number, application.decision) == (1, Decision.ACCEPTED)


@override_settings(MEETING_APPLICATION_RETENTION_DAYS=0)
def test_the_sweep_is_idempotent(agency_a, drafter_a):
    now = timezone.now()
    meeting = published(
        make_meeting(agency_a, drafter_a, opens=now - dt.timedelta(hours=5),
                     closes=now + dt.timedelta(hours=1), start=now + dt.timedelta(hours=2))
    )  # fmt: skip
    apply(meeting)
    MeetingApplication.objects.update()  # nothing else
    meeting.starts_at, meeting.ends_at = now - dt.timedelta(days=2), now - dt.timedelta(days=1)
    meeting.applications_open_at = now - dt.timedelta(days=5)
    meeting.applications_close_at = now - dt.timedelta(days=3)
    meeting.save()
    assert tasks_events.anonymise_meeting_applications() == 1
    first = MeetingApplication.objects.get().anonymised_at
    assert tasks_events.anonymise_meeting_applications() == 0
    assert MeetingApplication.objects.get().anonymised_at == first


def test_an_erased_application_cannot_be_decided_again(decided, published_meeting, officer_a):
    events.anonymise_past_applications(now=published_meeting.ends_at + dt.timedelta(days=400))
    with pytest.raises(Exception, match="erased"):
        events.application_decide(application=decided, user=officer_a, decision=Decision.DECLINED,
                                  decline_reason="other")  # fmt: skip


def test_the_sweep_is_scheduled_daily():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["interaction-anonymise-meeting-applications"]
    assert entry["task"] == tasks_events.anonymise_meeting_applications.name
