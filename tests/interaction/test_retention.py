"""The citizen's name, contacts and files leave a message MESSAGE_RETENTION_YEARS after the
last reply; the statistics and the published reply stay."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from interaction import retention, statistics
from interaction.models import Message, MessageFile, MessageStatus
from tests.interaction.conftest import at, submit
from tests.interaction.test_handling import publish_reply

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_citizen_leaves_the_message_after_the_retention_period(
    settings, desk_a, agency_a, drafter_a, reviewer_a, publisher_a, client
):
    settings.MESSAGE_RETENTION_YEARS = 3
    message = submit(
        agency_a,
        when=at(2026, 11, 2),
        text="我是张三丰，身份证330102199001011234，电话13800138000。",
    ).message
    MessageFile.objects.create(
        message=message, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), original_name="身份证.pdf",
        content_type="application/pdf", size=8,
    )  # fmt: skip
    publish_reply(message, drafter_a, reviewer_a, publisher_a, text="已收悉。")
    Message.objects.filter(pk=message.pk).update(replied_on=D(2026, 11, 4))
    before = statistics.year_summary(2026)
    assert retention.pseudonymise_expired(D(2029, 11, 3)) == 0  # not yet three years
    assert retention.pseudonymise_expired(D(2029, 11, 5)) == 1
    message.refresh_from_db()
    assert message.name == retention.PSEUDONYM and message.mobile == retention.REMOVED
    assert message.email is None
    assert "张三丰" not in message.text and "13800138000" not in message.text
    assert "330102199001011234" not in message.text
    assert not message.files.exists()
    assert message.status == MessageStatus.REPLIED
    assert statistics.year_summary(2026).replied == before.replied
    page = client.get(message.get_absolute_url())
    assert page.status_code == 200 and "已收悉" in page.content.decode()
    assert retention.pseudonymise_expired(D(2029, 11, 6)) == 0  # once
