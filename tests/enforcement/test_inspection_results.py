"""The results of random inspections: drafted per drawn subject, reviewed and published through
the shared workflow, and only then on the plan's page, in the API, the export and search; a
withdrawn plan takes its draw and results out of every public output."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from enforcement import inspections
from enforcement.models import InspectionOutcome, InspectionResult
from portal.search import indexing, query
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.enforcement.plans import drawn_plan, make_plan, publish, record_result
from tests.search.conftest import search_index  # noqa: F401 - the index fixture

pytestmark = pytest.mark.django_db

FINDINGS = "进货查验记录不全，已责令限期整改。"


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def public_outputs(client, plan) -> dict[str, str]:
    cache.clear()
    return {
        "page": body(client.get(plan.get_absolute_url())),
        "api detail": body(client.get(f"/api/v1/inspection-plans/{plan.pk}/")),
        "api results": body(client.get("/api/v1/inspection-results/")),
        "csv": body(client.get("/data/inspection-results.csv")),
        "json": body(client.get("/data/inspection-results.json")),
        "agency csv": body(client.get(f"/data/{plan.agency.code}/inspection-results.csv")),
    }


@pytest.fixture
def drawn(agency_a, drafter_a, reviewer_a, publisher_a):
    return drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a)


def test_a_result_is_public_only_once_published(
    client, drawn, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    result = record_result(drawn, drafter_a)
    assert result.agency == drawn.plan.agency and result.status == Status.DRAFT
    for name, text in public_outputs(client, drawn.plan).items():
        assert FINDINGS not in text, name
    workflow.submit(obj=result, user=drafter_a)
    workflow.approve(obj=result, user=reviewer_a, review_result=ReviewResult.CLEAR)
    for name, text in public_outputs(client, drawn.plan).items():
        assert FINDINGS not in text, name
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(obj=result, user=publisher_a)
    outputs = public_outputs(client, drawn.plan)
    for name, text in outputs.items():
        assert FINDINGS in text, name
    subject = drawn.drawn.get(position=1).subject
    assert subject.name in outputs["csv"] and subject.credit_code in outputs["csv"]
    api = json.loads(outputs["api detail"])
    assert api["draw"]["drawn"][0]["result"]["outcome"] == InspectionOutcome.RECTIFY
    assert api["draw"]["drawn"][1]["result"] is None


def test_publishing_a_result_updates_the_plan_and_its_search_entry(
    drawn, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    before = drawn.plan.updated_at
    result = record_result(drawn, drafter_a, summary="冷库温度记录缺失，已责令整改。")
    with django_capture_on_commit_callbacks(execute=True):
        publish(result, drafter_a, reviewer_a, publisher_a)
    drawn.plan.refresh_from_db()
    assert drawn.plan.updated_at > before
    indexing.reconcile()
    hits = query.search(query.parse_params({"q": "冷库温度记录"})).hits
    assert [hit.url for hit in hits] == [drawn.plan.get_absolute_url()]


def test_one_result_per_drawn_subject(drawn, drafter_a):
    record_result(drawn, drafter_a)
    with pytest.raises(ValidationError, match="already recorded"):
        record_result(drawn, drafter_a)
    assert InspectionResult.objects.count() == 1


def test_a_result_is_dated_between_the_draw_and_today(drawn, drafter_a):
    drawn_on = timezone.localdate(drawn.drawn_at)
    with pytest.raises(ValidationError, match="before the draw"):
        record_result(drawn, drafter_a, inspected_on=drawn_on - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="in the future"):
        record_result(drawn, drafter_a, inspected_on=timezone.localdate() + dt.timedelta(days=1))
    assert not InspectionResult.objects.exists()


def test_another_agencys_drafter_cannot_record_a_result(drawn, staff_b):
    with pytest.raises(ValidationError, match="only draft for an agency"):
        record_result(drawn, staff_b)
    assert not InspectionResult.objects.exists()


def test_a_phone_number_in_the_findings_is_caught_at_approval(drawn, drafter_a, reviewer_a):
    result = record_result(drawn, drafter_a, summary="负责人电话13812345678，已责令整改。")
    workflow.submit(obj=result, user=drafter_a)
    with pytest.raises(ValidationError):
        workflow.approve(obj=result, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert InspectionResult.objects.get().status == Status.IN_REVIEW


def test_a_withdrawn_plan_takes_its_draw_and_results_out_of_every_public_output(
    client, drawn, drafter_a, reviewer_a, publisher_a
):
    publish(record_result(drawn, drafter_a), drafter_a, reviewer_a, publisher_a)
    workflow.withdraw(obj=drawn.plan, user=publisher_a, reason="计划调整")
    outputs = public_outputs(client, drawn.plan)
    assert client.get(drawn.plan.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/inspection-plans/{drawn.plan.pk}/").status_code == 404
    for name, text in outputs.items():
        assert FINDINGS not in text and drawn.seed not in text, name
    # A result still in review is not published with a withdrawn plan.
    second = record_result(drawn, drafter_a, position=2)
    workflow.submit(obj=second, user=drafter_a)
    workflow.approve(obj=second, user=reviewer_a, review_result=ReviewResult.CLEAR)
    with pytest.raises(ValidationError, match="只能随已发布的计划公示"):
        workflow.publish(obj=second, user=publisher_a)


@override_settings(PAGE_CACHE_SECONDS=300)
def test_the_cached_plan_page_follows_the_draw_and_a_published_result(
    client, agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = publish(make_plan(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
    url = plan.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"  # an anonymous page shared from the cache
    with django_capture_on_commit_callbacks(execute=True):
        record = inspections.plan_draw(plan=plan, user=drafter_a)
    assert record.seed in body(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        publish(record_result(record, drafter_a), drafter_a, reviewer_a, publisher_a)
    assert FINDINGS in body(client.get(url))
