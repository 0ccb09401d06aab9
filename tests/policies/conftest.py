"""Personas and helpers for the policy tests: documents as the disclosure workflow leaves them,
policy items recorded and published through the services, as staff do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from django.utils import timezone

from disclosure.models import Document, Theme, Validity
from policies import drafting
from policies.drafting import Criterion
from policies.models import CriterionType, Delivery, PolicyItem
from portal.models import AgencyKind
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.factories import AgencyFactory

T = CriterionType
_counter = iter(range(1, 10**6))


def published_document(agency: Any, **fields: Any) -> Document:
    n = next(_counter)
    day = fields.pop("day", dt.date(2026, 3, 1))
    values = {
        "agency": agency,
        "title": f"关于印发惠企惠民政策措施的通知（{n}）",
        "date_formed": day,
        "date_published": day,
        "published_at": timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
        "status": Status.PUBLISHED,
        "index_number": f"{agency.code}/2026-{n:05d}",
        "body": "<p>第一条 为支持企业发展，制定本措施。</p>",
        "validity": Validity.VALID,
        **fields,
    }
    return Document.objects.create(**values)


def record(
    document: Document, drafter: Any, conditions: list[Criterion] | None = None, **fields: Any
) -> PolicyItem:
    values: dict[str, Any] = {
        "document": document,
        "name": "小微企业创新补助",
        "summary": "对符合条件的小微企业给予创新补助。",
        "audience": "businesses",
        "benefit_amount": Decimal("100000"),
        "benefit_text": "最高10万元",
        "delivery": Delivery.APPLY,
        "guide_url": "https://www.zjzwfw.gov.cn/guide/1",
        "time_limit": "20个工作日",
        "contact_office": "丽水市经济和信息化局",
        "contact_phone": "0578-2091566",
        "article_ref": "第五条",
    }
    values.update(fields)
    return drafting.item_save(item=PolicyItem(**values), user=drafter, conditions=conditions or [])


def publish(item: PolicyItem, drafter: Any, reviewer: Any, publisher: Any) -> PolicyItem:
    workflow.submit(obj=item, user=drafter)
    workflow.approve(obj=item, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=item, user=publisher)


@pytest.fixture
def county_a(agency_a):
    return AgencyFactory(
        parent=agency_a, name="丽水市莲都区人民政府", code="331102000", kind=AgencyKind.GOVERNMENT
    )


@pytest.fixture
def other_county(agency_a):
    return AgencyFactory(
        parent=agency_a, name="缙云县人民政府", code="331122000", kind=AgencyKind.GOVERNMENT
    )


@pytest.fixture
def theme():
    parent, _made = Theme.objects.get_or_create(name="政策测试主题", parent=None)
    return Theme.objects.create(name="中小企业扶持", parent=parent)


@pytest.fixture
def document_a(agency_a, theme):
    return published_document(agency_a, theme=theme, doc_number="丽政发〔2026〕5号")


@pytest.fixture
def people(drafter_a, reviewer_a, publisher_a):
    return drafter_a, reviewer_a, publisher_a


def item_on(document: Document, people: tuple[Any, Any, Any], **fields: Any) -> PolicyItem:
    """A published item of ``document`` by agency A's staff."""
    drafter, reviewer, publisher = people
    conditions = fields.pop("conditions", [])
    return publish(record(document, drafter, conditions, **fields), drafter, reviewer, publisher)
