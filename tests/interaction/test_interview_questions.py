"""Questions for an online interview are collected through the message box beforehand and shown
on the interview's page once published with their answers (the masked question only)."""

from __future__ import annotations

import datetime as dt

import pytest

from django.urls import reverse
from django.utils import timezone

from interaction.models import Message, MessageKind
from tests.interaction.events.conftest import make_interview, published
from tests.interaction.test_handling import publish_reply

pytestmark = pytest.mark.django_db


def question(interview_pk: int, **changes: str) -> dict[str, str]:
    return {
        "kind": str(MessageKind.objects.get(code="consult").pk),
        "subject": "政务公开专栏何时上线",
        "text": "请问各部门政务公开专栏何时统一上线？我是李四，电话13911112222。",
        "name": "李四",
        "mobile": "13911112222",
        "email": "",
        "publication_consent": "yes",
        "step": "submit",
        **changes,
    }


def test_a_question_for_an_upcoming_interview_is_answered_on_its_page(
    client, desk_a, agency_a, drafter_a, reviewer_a, publisher_a
):
    interview = published(make_interview(agency_a, drafter_a))
    page = client.get(interview.get_absolute_url()).content.decode()
    url = f"{reverse('interaction:write')}?interview={interview.pk}"
    assert url in page
    form = client.get(url).content.decode()
    assert interview.title in form and 'name="addressee"' not in form
    assert client.post(url, question(interview.pk)).status_code == 302
    message = Message.objects.get()
    assert message.interview == interview and message.agency == agency_a
    publish_reply(message, drafter_a, reviewer_a, publisher_a, text="预计下月上线。")
    message.refresh_from_db()
    page = client.get(interview.get_absolute_url()).content.decode()
    assert message.public_subject in page and message.get_absolute_url() in page
    assert "李四" not in page and "13911112222" not in page


def test_an_ended_interview_takes_no_more_questions(client, desk_a, agency_a, drafter_a):
    start = timezone.now() - dt.timedelta(days=2)
    interview = published(make_interview(agency_a, drafter_a, start=start))
    url = f"{reverse('interaction:write')}?interview={interview.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, question(interview.pk)).status_code == 404
    assert client.get(f"{reverse('interaction:write')}?interview=abc").status_code == 404
    assert not Message.objects.exists()
