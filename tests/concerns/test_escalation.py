"""The sweep of the response clock: the agency's office head hears when a limit nears, and
with the office head of the government above once it has passed; a rerun sends nothing twice;
e-mails and logs carry no personal data."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from django.core import mail

from concerns import escalation, tasks
from concerns.models import Escalation, Obligation, Severity, Stage
from portal.models import StaffRole
from tests.concerns.conftest import beijing, publish_response, register
from tests.factories import staff

pytestmark = pytest.mark.django_db
Role = StaffRole.Role


def _with_email(user, address):
    user.email = address
    user.save()
    return user


@pytest.fixture
def heads(agency_a, department_a, head_province):
    head_dept = staff("head_dept", department_a, Role.OFFICE_HEAD)
    head_city = staff("head_city", agency_a, Role.OFFICE_HEAD)
    drafter = staff("drafter_dept", department_a, Role.DRAFTER)
    return {
        "department": _with_email(head_dept, "head-dept@example.gov.cn"),
        "city": _with_email(head_city, "head-city@example.gov.cn"),
        "drafter": _with_email(drafter, "drafter-dept@example.gov.cn"),
    }


@pytest.fixture
def general(department_a, heads):
    found = beijing(2026, 3, 6, 18, 0)
    subject = "城区部分小区自来水发黄"
    return register(
        department_a, heads["drafter"], severity=Severity.GENERAL, aware_at=found, subject=subject
    )


def test_nothing_is_sent_while_a_limit_is_far(general):
    assert escalation.sweep(beijing(2026, 3, 8, 13, 59)) == {"reminders": 0, "escalations": 0}
    assert mail.outbox == [] and not Escalation.objects.exists()


def test_the_office_head_of_the_agency_hears_when_the_limit_nears(general):
    counts = escalation.sweep(beijing(2026, 3, 8, 14, 0))
    assert counts == {"reminders": 1, "escalations": 0}
    (message,) = mail.outbox
    assert message.to == ["head-dept@example.gov.cn"]  # not the drafter, not the city
    assert "城区部分小区自来水发黄" in message.body
    assert "2026-03-08 18:00" in message.body


def test_once_overdue_the_government_above_hears_too(general):
    counts = escalation.sweep(beijing(2026, 3, 8, 18, 1))
    assert counts == {"reminders": 0, "escalations": 1}
    (message,) = mail.outbox
    # The department's own office head and 丽水市人民政府's, not the province's.
    assert message.to == ["head-city@example.gov.cn", "head-dept@example.gov.cn"]
    row = Escalation.objects.get()
    assert (row.obligation, row.stage, row.recipients) == (Obligation.RESPONSE, Stage.OVERDUE, 2)


def test_a_government_s_own_concern_escalates_to_the_government_above(
    agency_a, heads, head_province
):
    drafter = staff("drafter_city", agency_a, Role.DRAFTER)
    register(agency_a, drafter, severity=Severity.GENERAL, aware_at=beijing(2026, 3, 6, 18, 0))
    escalation.sweep(beijing(2026, 3, 9, 8, 0))
    (message,) = mail.outbox
    assert message.to == ["head-city@example.gov.cn", "head-province@example.gov.cn"]


def test_the_sweep_is_idempotent(general):
    escalation.sweep(beijing(2026, 3, 8, 14, 0))
    escalation.sweep(beijing(2026, 3, 8, 14, 10))
    escalation.sweep(beijing(2026, 3, 8, 17, 50))
    assert len(mail.outbox) == 1
    escalation.sweep(beijing(2026, 3, 8, 18, 10))
    escalation.sweep(beijing(2026, 3, 8, 18, 20))
    tasks.sweep_response_clock.delay(beijing(2026, 3, 9, 9, 0).isoformat())
    assert len(mail.outbox) == 2
    assert sorted(Escalation.objects.values_list("stage", flat=True)) == [
        Stage.DUE_SOON,
        Stage.OVERDUE,
    ]


def test_a_failed_delivery_is_sent_by_the_next_run(general, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def broken(self, messages):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    with pytest.raises(OSError):
        escalation.sweep(beijing(2026, 3, 8, 14, 0))
    assert Escalation.objects.get().sent_at is None
    monkeypatch.undo()
    assert escalation.sweep(beijing(2026, 3, 8, 14, 10)) == {"reminders": 1, "escalations": 0}
    assert len(mail.outbox) == 1


def test_a_response_published_in_time_ends_the_reminders(general, heads, department_a):
    reviewer = staff("approver_dept", department_a, Role.REVIEWER, Role.PUBLISHER)
    publish_response(
        general, drafter=heads["drafter"], reviewer=reviewer, at=beijing(2026, 3, 8, 12, 0)
    )
    assert escalation.sweep(beijing(2026, 3, 8, 19, 0)) == {"reminders": 0, "escalations": 0}
    assert mail.outbox == []


def test_a_major_emergency_reminds_an_hour_before_five(agency_a, heads):
    drafter = staff("drafter_city", agency_a, Role.DRAFTER)
    register(agency_a, drafter, severity=Severity.MAJOR, aware_at=beijing(2026, 5, 1, 23, 0))
    # 劳动节, at night: authoritative information is due at 04:00.
    assert escalation.sweep(beijing(2026, 5, 2, 2, 59))["reminders"] == 0
    assert escalation.sweep(beijing(2026, 5, 2, 3, 0))["reminders"] == 1
    assert "04:00" in mail.outbox[0].body


def test_no_personal_data_in_mails_or_logs(general, caplog):
    with caplog.at_level(logging.DEBUG, logger="concerns"):
        escalation.sweep(beijing(2026, 3, 9, 9, 0))
    (message,) = mail.outbox
    for text in (message.body, message.alternatives[0][0], message.subject, caplog.text):
        assert "多名居民来电" not in text  # the summary stays in the back office
    assert "自来水" not in caplog.text  # the log counts, it does not describe
    assert "1 escalations" in caplog.text


def test_a_corrected_time_found_gets_its_own_notice(general):
    escalation.sweep(beijing(2026, 3, 8, 14, 0))
    general.aware_at = beijing(2026, 3, 7, 9, 0)
    general.save()
    escalation.sweep(beijing(2026, 3, 9, 5, 0))
    assert len(mail.outbox) == 2
    assert Escalation.objects.filter(due_at=beijing(2026, 3, 9, 9, 0)).exists()
    assert dt.timedelta(hours=0) <= beijing(2026, 3, 9, 9, 0) - beijing(2026, 3, 9, 5, 0)
