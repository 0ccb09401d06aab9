"""Personas and helpers for the enforcement tests: decisions recorded and published through
the services, as staff do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from enforcement import drafting
from enforcement.models import Decision, DecisionKind, SubjectType
from portal.models import AgencyKind, StaffRole
from publishing import workflow
from publishing.models import ReviewResult
from tests.factories import AgencyFactory, staff

Role = StaffRole.Role

PERSON_NAME = "张三丰"
PERSON_ID = "440524198001010013"
COMPANY_CODE = "91350100M000100Y43"


@pytest.fixture
def department_a(agency_a):
    return AgencyFactory(
        parent=agency_a, name="丽水市市场监督管理局", code="331100009", kind=AgencyKind.DEPARTMENT
    )


@pytest.fixture
def drafter_dept(department_a):
    return staff("drafter_dept", department_a, Role.DRAFTER)


def record(agency: Any, drafter: Any, **fields: Any) -> Decision:
    values: dict[str, Any] = {
        "agency": agency,
        "kind": DecisionKind.PENALTY,
        "number": "丽市监处罚〔2026〕1号",
        "subject_type": SubjectType.PERSON,
        "subject_name": PERSON_NAME,
        "id_number": PERSON_ID,
        "summary": "当事人张*在城区道路违规占道经营。",
        "legal_basis": "《城市市容和环境卫生管理条例》第三十六条",
        "decision_text": "罚款人民币伍佰元。",
        "amount": Decimal("500.00"),
        "decision_date": dt.date(2026, 3, 2),
    }
    values.update(fields)
    return drafting.decision_save(decision=Decision(**values), user=drafter)


def company(agency: Any, drafter: Any, **fields: Any) -> Decision:
    values: dict[str, Any] = {
        "subject_type": SubjectType.ORGANISATION,
        "subject_name": "丽水市示例食品有限公司",
        "id_number": None,
        "credit_code": COMPANY_CODE,
        "legal_representative": "李四",
        "summary": "该公司销售过期食品。",
        "number": "丽市监处罚〔2026〕2号",
    }
    values.update(fields)
    return record(agency, drafter, **values)


def publish(decision: Decision, drafter: Any, reviewer: Any, publisher: Any) -> Decision:
    workflow.submit(obj=decision, user=drafter)
    workflow.approve(obj=decision, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=decision, user=publisher)
