"""Helpers of the 双随机、一公开 tests: plans recorded, published, drawn and their results
published through the services, as staff do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from enforcement import inspections
from enforcement.demo import credit_code
from enforcement.models import (
    InspectionDraw,
    InspectionItem,
    InspectionOutcome,
    InspectionPlan,
    InspectionResult,
    PlanInspector,
    PlanSubject,
)
from publishing import workflow
from publishing.models import ReviewResult

START = dt.date(2026, 3, 1)


def company(n: int) -> str:
    return f"丽水市示例{n:02d}号食品有限公司"


def certificate(n: int) -> str:
    return f"3311002{n:04d}"


def make_plan(
    agency: Any,
    drafter: Any,
    *,
    subjects: int = 20,
    inspectors: int = 5,
    first_code: int = 100,
    **fields: Any,
) -> InspectionPlan:
    """A draft plan with two items, ``subjects`` companies and ``inspectors`` officers."""
    values: dict[str, Any] = {
        "agency": agency,
        "title": "2026年度食品经营者“双随机、一公开”抽查计划",
        "year": 2026,
        "description": "对辖区内食品经营者随机抽查。",
        "subject_ratio": Decimal("10"),
        "subject_count": None,
        "inspectors_per_subject": 2,
        "planned_start": START,
        "planned_end": START + dt.timedelta(days=90),
    }
    values.update(fields)
    plan = inspections.plan_save(plan=InspectionPlan(**values), user=drafter)
    InspectionItem.objects.create(
        plan=plan, name="食品经营许可情况", basis="《中华人民共和国食品安全法》第三十五条", order=1
    )
    InspectionItem.objects.create(
        plan=plan, name="进货查验记录", basis="《中华人民共和国食品安全法》第五十三条", order=2
    )
    PlanSubject.objects.bulk_create(
        PlanSubject(plan=plan, name=company(i), credit_code=credit_code(first_code + i))
        for i in range(subjects)
    )
    PlanInspector.objects.bulk_create(
        PlanInspector(plan=plan, name=f"检查员{i}", certificate_number=certificate(i))
        for i in range(inspectors)
    )
    return plan


def publish(obj: Any, drafter: Any, reviewer: Any, publisher: Any) -> Any:
    workflow.submit(obj=obj, user=drafter)
    workflow.approve(obj=obj, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=obj, user=publisher)


def drawn_plan(
    agency: Any, drafter: Any, reviewer: Any, publisher: Any, **fields: Any
) -> InspectionDraw:
    plan = publish(make_plan(agency, drafter, **fields), drafter, reviewer, publisher)
    return inspections.plan_draw(plan=plan, user=drafter)


def record_result(
    record: InspectionDraw, drafter: Any, position: int = 1, **fields: Any
) -> InspectionResult:
    values: dict[str, Any] = {
        "drawn_subject": record.drawn.get(position=position),
        "outcome": InspectionOutcome.RECTIFY,
        "summary": "进货查验记录不全，已责令限期整改。",
        "inspected_on": timezone.localdate(),
    }
    values.update(fields)
    return inspections.result_save(result=InspectionResult(**values), user=drafter)
