from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from django.utils import timezone

from interaction import intake
from interaction.models import Message, MessageDesk, MessageKind
from portal.models import AgencyKind, StaffRole
from tests.factories import AgencyFactory, staff

Role = StaffRole.Role
BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def desk_a(agency_a):
    return MessageDesk.objects.create(agency=agency_a, leader_box="市长信箱")


@pytest.fixture
def desk_b(agency_b):
    return MessageDesk.objects.create(agency=agency_b)


@pytest.fixture
def office_a(agency_a):
    """A department of agency A (a sub-agency), which may lead or assist."""
    return AgencyFactory(parent=agency_a, name="丽水市住房和城乡建设局", code="331100101",
                         kind=AgencyKind.DEPARTMENT)  # fmt: skip


@pytest.fixture
def office_staff(office_a):
    return staff("office_staff", office_a, Role.DRAFTER, Role.HANDLER)


def kind(code: str) -> MessageKind:
    return MessageKind.objects.get(code=code)


def submit(
    agency,
    *,
    when: dt.datetime | None = None,
    kind_code: str = "consult",
    consent: bool = True,
    **fields: object,
) -> intake.Submission:
    """A message as the public form sends it, at ``when`` (Beijing time)."""
    values: dict[str, object] = {
        "subject": "公积金贷款额度如何计算",
        "text": "请问丽水市住房公积金贷款最高额度是多少，夫妻双方缴存如何计算？",
        "name": "张三丰",
        "mobile": "13800138000",
        "email": "zhang@example.com",
        "publication_consent": consent,
        **fields,
    }
    message = Message(kind=kind(kind_code), agency=agency, **values)
    if when is None:
        return intake.message_submit(message=message)
    with time_machine.travel(when, tick=False):
        return intake.message_submit(message=message)


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=BEIJING)


def today() -> dt.date:
    return timezone.localdate()
