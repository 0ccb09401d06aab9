"""The demo has messages in every state for 丽水市人民政府 and its departments."""

from __future__ import annotations

from io import StringIO

import pytest

from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from interaction.models import Message, MessageStatus, OfficeRole
from publishing.models import Status

pytestmark = pytest.mark.django_db


def test_the_demo_has_messages_in_every_state(client):
    call_command("load_demo", "--allow-production", stdout=StringIO())
    messages = Message.objects.all()
    states = set(messages.values_list("status", flat=True))
    assert states == set(MessageStatus.values)
    assert messages.filter(to_leader=True).exists()
    assert messages.exclude(first_agency=F("agency")).exists()  # routed
    assert messages.filter(offices__role=OfficeRole.ASSIST).exists()
    assert messages.filter(extension_workdays__gt=0).exists()
    assert messages.filter(reopened_on__isnull=False).exists()
    assert messages.filter(replies__status=Status.IN_REVIEW).exists()
    assert messages.filter(document__isnull=False, correction_confirmed_at__isnull=False).exists()
    assert messages.open().filter(due_on__lt=timezone.localdate()).exists()  # overdue
    published = Message.objects.published()
    assert published.count() >= 3
    page = client.get(reverse("interaction:messages")).content.decode()
    for message in published:
        assert message.public_subject in page
        assert message.name not in page and message.mobile not in page
    call_command("load_demo", "--allow-production", stdout=StringIO())
    assert Message.objects.count() == messages.count()  # loading again adds nothing
