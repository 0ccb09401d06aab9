"""Personas and helpers for the 回应关切 tests: concerns registered and responses published
through the services, as staff do; times in Beijing time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from concerns import drafting
from concerns.models import Concern, Response, ResponseKind, Severity, Source
from portal.models import Agency, AgencyKind, StaffRole
from publishing import workflow
from publishing.models import ReviewResult
from tests.factories import AgencyFactory, staff

Role = StaffRole.Role
BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BEIJING)  # type: ignore[misc]


@pytest.fixture
def department_a(agency_a) -> Agency:
    """A department of 丽水市人民政府: its concerns escalate to the city's office."""
    return AgencyFactory(parent=agency_a, name="丽水市水利局", code="331100009")


@pytest.fixture
def head_province(province):
    user = staff("head_province", province, Role.OFFICE_HEAD)
    user.email = "head-province@example.gov.cn"
    user.save()
    return user


def register(
    agency: Agency, user, *, severity: str, aware_at: dt.datetime, subject: str = "城区自来水浑浊"
) -> Concern:
    return drafting.concern_save(
        concern=Concern(
            agency=agency,
            source=Source.HOTLINE,
            severity=severity,
            subject=subject,
            summary="多名居民来电反映早晨自来水发黄。",
            aware_at=aware_at,
        ),
        user=user,
    )


def publish_response(
    concern: Concern,
    *,
    drafter,
    reviewer,
    at: dt.datetime | None = None,
    kind: str = ResponseKind.AUTHORITATIVE,
    press: bool = False,
    title: str = "关于城区自来水水质的情况通报",
) -> Response:
    response = drafting.response_save(
        response=Response(
            agency=concern.agency, concern=concern, kind=kind, at_press_conference=press,
            title=title, text="经检测，出厂水各项指标符合国家标准。",
        ),
        user=drafter,
    )  # fmt: skip
    workflow.submit(obj=response, user=drafter)
    workflow.approve(obj=response, user=reviewer, review_result=ReviewResult.CLEAR)
    workflow.publish(obj=response, user=reviewer)
    if at is not None:
        Response.objects.filter(pk=response.pk).update(published_at=at)
        response.refresh_from_db()
    return response


@pytest.fixture
def approver_a(agency_a):
    return staff("approver_a", agency_a, Role.REVIEWER, Role.PUBLISHER)


__all__ = ["AgencyKind", "Severity", "beijing", "publish_response", "register"]
