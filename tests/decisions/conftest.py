"""Personas, records and helpers for the major-decision tests: catalogs and steps drafted and
published through the services, as staff do; the consultation, document and interpretation
they link are published records of the other apps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from django.utils import timezone

from decisions import drafting
from decisions.models import Decision, DecisionCatalog, DecisionStep, StepKind
from disclosure.models import Document
from interpretation.models import Consultation, Interpretation
from publishing import workflow
from publishing.models import Publishable, ReviewResult, Status

YEAR = timezone.localdate().year


def mark_published(obj: Publishable) -> None:
    obj.status = Status.PUBLISHED
    obj.review_result = ReviewResult.CLEAR
    obj.published_at = timezone.now()


def publish(obj: Any, drafter: Any, reviewer: Any, publisher: Any) -> Any:
    workflow.submit(obj=obj, user=drafter)
    workflow.approve(obj=obj, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=obj, user=publisher)


def make_catalog(agency: Any, drafter: Any, *decisions: dict[str, Any]) -> DecisionCatalog:
    catalog = drafting.catalog_save(
        catalog=DecisionCatalog(agency=agency, year=YEAR, notes="经市政府常务会议审议通过。"),
        user=drafter,
    )
    for number, fields in enumerate(decisions or ({},), start=1):
        values = {
            "title": f"丽水市第{number}项重大行政决策",
            "lead_agency": "丽水市发展和改革委员会",
            "legal_basis": "《重大行政决策程序暂行条例》",
            "planned_start": dt.date(YEAR, 3, 1),
            "planned_end": dt.date(YEAR, 11, 30),
            **fields,
        }
        drafting.decision_save(
            decision=Decision(catalog=catalog, number=number, **values), user=drafter
        )
    return catalog


def make_step(decision: Decision, kind: StepKind, drafter: Any, **fields: Any) -> DecisionStep:
    values: dict[str, Any] = {"summary": f"{kind.value}：已按规定开展。"}
    if kind in (StepKind.HEARING, StepKind.COLLECTIVE):
        values["held_on"] = timezone.localdate()
    if kind == StepKind.COLLECTIVE:
        values["meeting"] = "市政府第45次常务会议"
    if kind == StepKind.LEGALITY:
        values["conclusion"] = "符合法定权限和程序。"
    values.update(fields)
    step = DecisionStep(decision=decision, kind=kind, **values)
    return drafting.step_save(step=step, user=drafter)


@pytest.fixture
def team(drafter_a, reviewer_a, publisher_a):
    return drafter_a, reviewer_a, publisher_a


@pytest.fixture
def consultation(agency_a) -> Consultation:
    today = timezone.localdate()
    item = Consultation(
        agency=agency_a, title="丽水市公共停车收费标准调整方案（征求意见稿）",
        draft_text="第一条 …", basis="《中华人民共和国价格法》", explanation="起草说明",
        opens_on=today - dt.timedelta(days=60), closes_on=today - dt.timedelta(days=31),
    )  # fmt: skip
    mark_published(item)
    item.save()
    return item


@pytest.fixture
def document(agency_a) -> Document:
    item = Document(
        agency=agency_a, title="丽水市人民政府关于调整公共停车收费标准的通知",
        date_formed=timezone.localdate(), date_published=timezone.localdate(),
    )  # fmt: skip
    mark_published(item)
    item.save()
    return item


@pytest.fixture
def interpretation(agency_a, document) -> Interpretation:
    item = Interpretation(
        agency=agency_a, title="《关于调整公共停车收费标准的通知》政策解读", department="市发改委"
    )
    mark_published(item)
    item.save()
    item.documents.add(document)
    return item


@pytest.fixture
def catalog(agency_a, team) -> DecisionCatalog:
    """A published catalog of two decisions; the second requires a hearing."""
    drafter, reviewer, publisher = team
    found = make_catalog(agency_a, drafter, {}, {"hearing_required": True})
    return publish(found, drafter, reviewer, publisher)


@pytest.fixture
def decision(catalog) -> Decision:
    return catalog.decisions.get(number=1)


@pytest.fixture
def with_hearing(catalog) -> Decision:
    return catalog.decisions.get(number=2)


@pytest.fixture
def advance(team, consultation, document, interpretation):
    """Publish the steps of a decision, in order, up to and including ``last`` (optional
    steps not named in ``done`` marked not applicable)."""
    drafter, reviewer, publisher = team

    def advance(decision: Decision, last: StepKind, done: tuple[StepKind, ...] = ()) -> None:
        from decisions import lifecycle

        for kind in lifecycle.ORDER[: lifecycle.POSITION[last] + 1]:
            fields: dict[str, Any] = {}
            if kind == StepKind.PRE_DISCLOSURE:
                fields["consultation"] = consultation
            if kind == StepKind.DECISION:
                fields.update(document=document, interpretation=interpretation)
            if lifecycle.may_be_not_applicable(kind, decision) and kind not in done:
                fields = {"not_applicable": True, "not_applicable_reason": "不涉及此情形。"}
            publish(make_step(decision, kind, drafter, **fields), drafter, reviewer, publisher)

    return advance
