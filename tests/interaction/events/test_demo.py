"""Demo data: interviews and meetings of 丽水市人民政府, made once."""

from __future__ import annotations

from io import StringIO

import pytest

from django.utils import timezone

from interaction.demo_events import load_interviews_and_meetings
from interaction.models.events import (
    Interview,
    InterviewPhase,
    InterviewRecord,
    Meeting,
    MeetingApplication,
    MeetingMinutes,
)
from portal import demo as portal_demo
from publishing.models import Status

pytestmark = pytest.mark.django_db


def test_the_demo_has_past_and_upcoming_events_and_is_made_once(client):
    portal_demo.load(StringIO())
    load_interviews_and_meetings(StringIO())
    load_interviews_and_meetings(StringIO())
    assert Interview.objects.filter(status=Status.PUBLISHED, agency__code="331100000").count() == 2
    phases = sorted(interview.phase() for interview in Interview.objects.all())
    assert phases == sorted([InterviewPhase.ENDED, InterviewPhase.UPCOMING])
    assert InterviewRecord.objects.published().count() == 1
    assert Meeting.objects.published().count() == 2
    assert MeetingMinutes.objects.published().count() == 1
    assert MeetingApplication.objects.count() == 3
    upcoming = Meeting.objects.get(starts_at__gt=timezone.now())
    assert upcoming.application_phase() == "open"
    assert client.get(upcoming.get_absolute_url()).status_code == 200
    for interview in Interview.objects.all():
        assert client.get(interview.get_absolute_url()).status_code == 200


def test_load_demo_makes_the_interviews_and_meetings():
    from django.core.management import call_command

    call_command("load_demo", "--allow-production", stdout=StringIO())
    assert Interview.objects.published().count() == 2
    assert Meeting.objects.published().count() == 2
