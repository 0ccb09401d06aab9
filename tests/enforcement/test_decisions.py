"""行政执法公示: a natural person is public only as 张* and the ID number never; organisations are
public with their credit code (checked by GB 32100) and legal representative; the 公示期 ends a
decision's public life exactly on its day, everywhere; the workflow and the filters."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from enforcement import expiry
from enforcement.models import Decision, DecisionKind
from portal.search import indexing, query
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.enforcement.conftest import (
    COMPANY_CODE,
    PERSON_ID,
    PERSON_NAME,
    company,
    publish,
    record,
)
from tests.search.conftest import search_index  # noqa: F401 - the index fixture

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def public_outputs(client, decision: Decision) -> dict[str, str]:
    """Every public output a decision can appear in, by name."""
    cache.clear()  # cached pages and the sitemap's cache_page, between pinned days
    return {
        "list": body(client.get(reverse("enforcement:list"))),
        "detail": body(client.get(reverse("enforcement:detail", args=[decision.pk]))),
        "api list": body(client.get("/api/v1/enforcement-decisions/")),
        "api detail": body(client.get(f"/api/v1/enforcement-decisions/{decision.pk}/")),
        "csv": body(client.get("/data/enforcement-decisions.csv")),
        "json": body(client.get("/data/enforcement-decisions.json")),
        "agency csv": body(client.get(f"/data/{decision.agency.code}/enforcement-decisions.csv")),
        "rss": body(client.get("/feeds/enforcement.rss")),
        "atom": body(client.get("/feeds/enforcement.atom")),
        "sitemap": body(client.get("/sitemap-enforcement.xml")),
        "column": body(client.get(reverse("portal:agency_column", args=[decision.agency.code]))),
    }


@time_machine.travel(NOW, tick=False)
def test_a_natural_person_is_public_only_masked_and_the_id_number_never(
    client, agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = publish(record(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
    indexing.reconcile()
    outputs = public_outputs(client, decision)
    for name, text in outputs.items():
        assert PERSON_NAME not in text, name
        assert PERSON_ID not in text, name
        assert PERSON_ID[:6] + "*" not in text, name  # not even masked
    for name in ("list", "detail", "api list", "api detail", "csv", "json", "rss", "column"):
        assert "张*" in outputs[name], name
    assert decision.get_absolute_url() in outputs["sitemap"]
    api = json.loads(outputs["api detail"])
    assert api["subject_name"] == "张*"
    assert "id_number" not in api and PERSON_ID not in json.dumps(api)
    hits = query.search(query.parse_params({"q": "占道经营"})).hits
    assert [hit.url for hit in hits] == [decision.get_absolute_url()]
    assert not query.search(query.parse_params({"q": PERSON_NAME})).hits
    assert not query.search(query.parse_params({"q": PERSON_ID})).hits


def test_the_name_and_id_number_are_encrypted_at_rest(agency_a, drafter_a):
    from django.db import connection

    decision = record(agency_a, drafter_a)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT subject_name, id_number, public_subject_name FROM enforcement_decision "
            "WHERE id = %s",
            [decision.pk],
        )
        stored_name, stored_id, public = cursor.fetchone()
    assert PERSON_NAME not in stored_name and PERSON_ID not in stored_id
    assert public == "张*"
    assert Decision.objects.get(pk=decision.pk).subject_name == PERSON_NAME


def test_a_long_name_is_still_masked_as_its_first_character_and_one_star(agency_a, drafter_a):
    assert record(agency_a, drafter_a, subject_name="欧阳 小明").public_subject_name == "欧*"


@time_machine.travel(NOW, tick=False)
def test_an_organisation_is_public_with_its_credit_code_and_legal_representative(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    decision = publish(company(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
    page = body(client.get(decision.get_absolute_url()))
    assert "丽水市示例食品有限公司" in page and COMPANY_CODE in page and "李四" in page
    api = client.get(f"/api/v1/enforcement-decisions/{decision.pk}/").json()
    assert (api["subject_name"], api["credit_code"], api["legal_representative"]) == (
        "丽水市示例食品有限公司", COMPANY_CODE, "李四",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", "check character"),
        ("91350100M00010", "18 characters"),
        ("91350100M000100O43", "capital letters"),
        ("", "Give the unified social credit code"),
    ],
)
def test_an_organisations_credit_code_is_checked_by_gb_32100(agency_a, drafter_a, code, message):
    with pytest.raises(ValidationError) as error:
        company(agency_a, drafter_a, credit_code=code)
    assert message in str(error.value.message_dict["credit_code"])
    assert not Decision.objects.exists()  # nothing half-saved


def test_a_lower_case_credit_code_with_spaces_is_accepted_and_normalised(agency_a, drafter_a):
    decision = company(agency_a, drafter_a, credit_code=" 91350100m000100y43 ")
    assert decision.credit_code == COMPANY_CODE


def test_a_persons_id_number_is_checked(agency_a, drafter_a):
    with pytest.raises(ValidationError) as error:
        record(agency_a, drafter_a, id_number="440524198001010014")
    assert "check digit" in str(error.value.message_dict["id_number"])


def test_a_person_has_no_credit_code(agency_a, drafter_a):
    with pytest.raises(ValidationError) as error:
        record(agency_a, drafter_a, credit_code=COMPANY_CODE)
    assert "credit_code" in error.value.message_dict


def test_the_full_name_in_a_public_text_stops_the_submission(agency_a, drafter_a):
    decision = record(agency_a, drafter_a, summary=f"当事人{PERSON_NAME}违规占道经营。")
    with pytest.raises(ValidationError) as error:
        workflow.submit(obj=decision, user=drafter_a)
    assert "full name" in str(error.value) and "张*" in str(error.value)
    assert Decision.objects.get(pk=decision.pk).status == Status.DRAFT


def test_the_id_number_in_a_public_text_stops_the_submission(agency_a, drafter_a):
    decision = record(agency_a, drafter_a, decision_text=f"身份证号{PERSON_ID}，罚款五百元。")
    with pytest.raises(ValidationError, match="ID number"):
        workflow.submit(obj=decision, user=drafter_a)


def test_a_phone_number_in_the_summary_is_caught_by_the_screening_at_approval(
    agency_a, drafter_a, reviewer_a
):
    decision = record(agency_a, drafter_a, summary="当事人张*（电话13812345678）占道经营。")
    workflow.submit(obj=decision, user=drafter_a)
    with pytest.raises(ValidationError, match="screening"):
        workflow.approve(obj=decision, user=reviewer_a, review_result=ReviewResult.CLEAR)


@time_machine.travel(NOW, tick=False)
def test_draft_review_publish_and_only_then_public(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    decision = record(agency_a, drafter_a)
    url = decision.get_absolute_url()
    assert client.get(url).status_code == 404
    workflow.submit(obj=decision, user=drafter_a)
    with pytest.raises(PermissionDenied):
        workflow.approve(obj=decision, user=drafter_a, review_result=ReviewResult.CLEAR)
    workflow.approve(obj=decision, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert client.get(url).status_code == 404
    workflow.publish(obj=decision, user=publisher_a)
    assert client.get(url).status_code == 200
    actions = list(decision.events.values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "publish"]
    workflow.withdraw(obj=decision, user=publisher_a, reason="决定已被撤销")
    cache.clear()
    assert client.get(url).status_code == 404


def test_a_published_decision_cannot_be_edited(agency_a, drafter_a, reviewer_a, publisher_a):
    decision = publish(record(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
    from enforcement import drafting

    decision.summary = "改过的内容"
    with pytest.raises(ValidationError, match="Only a draft"):
        drafting.decision_save(decision=decision, user=drafter_a)


def test_a_drafter_of_another_agency_cannot_record_for_agency_a(agency_a, staff_b):
    with pytest.raises(ValidationError):
        record(agency_a, staff_b)


# --- The 公示期 ---------------------------------------------------------------------------


def _expiring(agency_a, drafter_a, reviewer_a, publisher_a) -> Decision:
    """A penalty decided 2023-01-10: 1095 days, shown until 2026-01-09 inclusive."""
    with time_machine.travel(dt.datetime(2023, 1, 11, 9, tzinfo=dt.UTC), tick=False):
        decision = record(agency_a, drafter_a, decision_date=dt.date(2023, 1, 10))
        return publish(decision, drafter_a, reviewer_a, publisher_a)


def _index_while_shown() -> None:
    with time_machine.travel(dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        indexing.reconcile()


def test_the_publication_period_ends_the_decision_everywhere_public_on_its_day(
    client, agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = _expiring(agency_a, drafter_a, reviewer_a, publisher_a)
    assert decision.public_until == dt.date(2026, 1, 9)
    _index_while_shown()
    last_day = dt.datetime(2026, 1, 9, 12, 0, tzinfo=dt.UTC)  # 20:00 in Shanghai
    with time_machine.travel(last_day, tick=False):
        shown = public_outputs(client, decision)
        assert query.search(query.parse_params({"q": "占道经营"})).hits
    assert all(decision.number in text or name == "sitemap" for name, text in shown.items())
    assert decision.get_absolute_url() in shown["sitemap"]
    with time_machine.travel(last_day + dt.timedelta(days=1), tick=False):
        gone = public_outputs(client, decision)
        assert not query.search(query.parse_params({"q": "占道经营"})).hits
        assert client.get(decision.get_absolute_url()).status_code == 404
        api = client.get(f"/api/v1/enforcement-decisions/{decision.pk}/")
        assert api.status_code == 404
    for name, text in gone.items():
        assert decision.number not in text, name
        # (The 404 page names its own address, in its language switch.)
        assert name == "detail" or decision.get_absolute_url() not in text, name
    # Still there for staff and the annual report.
    assert Decision.objects.filter(pk=decision.pk, status=Status.PUBLISHED).exists()


def test_the_daily_task_removes_expired_decisions_from_the_index_and_is_idempotent(
    agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = _expiring(agency_a, drafter_a, reviewer_a, publisher_a)
    _index_while_shown()
    key = f"enforcement_decision:{decision.pk}"
    assert key in {f"{t}:{pk}" for t, pks in indexing.indexed_ids().items() for pk in pks}
    assert expiry.remove_expired_from_search(dt.date(2026, 1, 9)) == 0  # still its last day
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert expiry.remove_expired_from_search(dt.date(2026, 1, 10)) == 1
        indexed = {f"{t}:{pk}" for t, pks in indexing.indexed_ids().items() for pk in pks}
        assert key not in indexed


def test_the_daily_task_is_scheduled_and_runs(agency_a, drafter_a, reviewer_a, publisher_a):
    from django.conf import settings

    from enforcement import tasks

    _expiring(agency_a, drafter_a, reviewer_a, publisher_a)
    schedule = settings.CELERY_BEAT_SCHEDULE["enforcement-expire-decisions"]
    assert schedule["task"] == "enforcement.tasks.expire_decisions"
    with time_machine.travel(dt.datetime(2026, 1, 10, 1, tzinfo=dt.UTC), tick=False):
        assert tasks.expire_decisions.delay().get() == 1


def test_each_kind_has_its_own_period(settings, agency_a, drafter_a):
    settings.ENFORCEMENT_PUBLICATION_DAYS = {**settings.ENFORCEMENT_PUBLICATION_DAYS,
                                             "coercion": 30}  # fmt: skip
    coercion = record(agency_a, drafter_a, kind=DecisionKind.COERCION)
    penalty = record(agency_a, drafter_a, number="丽市监处罚〔2026〕9号")
    assert coercion.public_until == dt.date(2026, 4, 1)
    assert penalty.public_until == dt.date(2029, 3, 1)
    Decision.objects.update(status=Status.PUBLISHED)
    on_display = Decision.objects.on_display(dt.date(2026, 4, 2))
    assert list(on_display) == [penalty]
