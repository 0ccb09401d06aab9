"""Personas and helpers for the tests of 权力清单 and 责任清单: items drafted, revised, reviewed
and published through the services, as staff do."""

from __future__ import annotations

from typing import Any

import pytest

from portal.models import AgencyKind, StaffRole
from powers import drafting
from powers.models import Category, PowerItem, Responsibility
from publishing import workflow
from publishing.models import ReviewResult
from tests.factories import AgencyFactory, staff

Role = StaffRole.Role

BASIS = "《中华人民共和国行政许可法》第十二条；《食品经营许可和备案管理办法》第二条"
DUTIES = [
    ("受理责任：公示应当提交的材料，一次性告知补正材料。", "《行政许可法》第七十二条"),
    ("审查责任：对申请材料进行审查，提出审查意见。", "《行政许可法》第七十三条"),
]


@pytest.fixture
def department_a(agency_a):
    return AgencyFactory(
        parent=agency_a, name="丽水市市场监督管理局", code="331100009", kind=AgencyKind.DEPARTMENT
    )


@pytest.fixture
def dept_drafter(department_a):
    return staff("dept_drafter", department_a, Role.DRAFTER)


@pytest.fixture
def dept_editor(department_a):
    """Reviews and publishes for the department."""
    return staff("dept_editor", department_a, Role.REVIEWER, Role.PUBLISHER)


def draft(agency: Any, drafter: Any, *, duties: list[tuple[str, str]] | None = None,
          **fields: Any) -> PowerItem:  # fmt: skip
    values: dict[str, Any] = {
        "agency": agency,
        "code": "许可-00001-000",
        "name": "食品经营许可",
        "category": Category.LICENSING,
        "basis": BASIS,
        "office": "食品经营监管科",
        "contact_phone": "0578-2091599",
        "supervision_phone": "0578-12345",
        "accountability_cases": "对符合法定条件的申请不予受理的。",
    }
    values.update(fields)
    item = drafting.power_item_save(item=PowerItem(**values), user=drafter)
    for order, (duty, basis) in enumerate(DUTIES if duties is None else duties, start=1):
        Responsibility.objects.create(
            power_item=item, order=order, duty=duty, accountability_basis=basis
        )
    return item


def publish(item: PowerItem, drafter: Any, reviewer: Any, publisher: Any) -> PowerItem:
    workflow.submit(obj=item, user=drafter)
    workflow.approve(obj=item, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=item, user=publisher)


def published(agency: Any, drafter: Any, reviewer: Any, publisher: Any, **fields: Any) -> PowerItem:
    return publish(draft(agency, drafter, **fields), drafter, reviewer, publisher)


def revise(item: PowerItem, drafter: Any, *, reason: str = "法律修订，更新设定依据。",
           **fields: Any) -> PowerItem:  # fmt: skip
    """A draft revision of ``item`` with ``fields`` changed (not yet submitted)."""
    revision = drafting.power_item_revise(item=item, user=drafter)
    for name, value in fields.items():
        setattr(revision, name, value)
    revision.change_reason = reason
    return drafting.power_item_save(item=revision, user=drafter)


@pytest.fixture
def item_a(agency_a, drafter_a, reviewer_a, publisher_a) -> PowerItem:
    """A published licensing item of agency A (version 1)."""
    return published(agency_a, drafter_a, reviewer_a, publisher_a)
