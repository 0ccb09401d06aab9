"""The public list's filters (kind, agency with its sub-agencies, dates, words), the API's, and
the back office: agency-scoped, with a person's name and ID number in full only for handlers,
office heads and the privacy officer."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from django.urls import reverse

from enforcement.models import DecisionKind
from portal.models import StaffRole
from tests.enforcement.conftest import PERSON_ID, PERSON_NAME, company, publish, record
from tests.factories import staff
from tests.powers.conftest import published

pytestmark = pytest.mark.django_db
Role = StaffRole.Role
NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def decisions(agency_a, agency_b, department_a, drafter_a, drafter_dept, reviewer_a,
              publisher_a, staff_b):  # fmt: skip
    with time_machine.travel(NOW, tick=False):
        found = {
            "city_penalty": record(agency_a, drafter_a, number="市处罚1号",
                                   decision_date=dt.date(2026, 1, 5)),
            "city_licence": company(agency_a, drafter_a, kind=DecisionKind.LICENSING,
                                    number="市许可1号", summary="准予食品经营许可。",
                                    decision_date=dt.date(2026, 4, 5)),
            "dept_penalty": record(department_a, drafter_dept, number="局处罚1号",
                                   summary="当事人王*无照经营。", subject_name="王五",
                                   decision_date=dt.date(2026, 3, 5)),
            "other_city": record(agency_b, staff_b, number="杭处罚1号",
                                 decision_date=dt.date(2026, 2, 5)),
        }  # fmt: skip
        other = staff("b2", agency_b, *Role.values)
        reviewers = {agency_b.pk: (other, other)}
        for decision in found.values():
            drafter = decision.drafter
            reviewer, publisher = reviewers.get(decision.agency_id, (reviewer_a, publisher_a))
            if decision.agency_id == department_a.pk:
                reviewer = publisher = staff("dept_all", department_a, Role.REVIEWER,
                                             Role.PUBLISHER)  # fmt: skip
            publish(decision, drafter, reviewer, publisher)
    return found


def _numbers(client, **params) -> set[str]:
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("enforcement:list"), params).content.decode()
    return {n for n in ("市处罚1号", "市许可1号", "局处罚1号", "杭处罚1号") if n in page}


def test_the_list_filters_by_kind_agency_with_sub_agencies_dates_and_words(
    client, decisions, agency_a, department_a
):
    assert _numbers(client) == {"市处罚1号", "市许可1号", "局处罚1号", "杭处罚1号"}
    assert _numbers(client, kind="licensing") == {"市许可1号"}
    assert _numbers(client, agency=agency_a.code) == {"市处罚1号", "市许可1号", "局处罚1号"}
    assert _numbers(client, agency=department_a.code) == {"局处罚1号"}
    assert _numbers(client, **{"from": "2026-02-01", "to": "2026-03-31"}) == {
        "局处罚1号", "杭处罚1号",
    }  # fmt: skip
    assert _numbers(client, q="无照经营") == {"局处罚1号"}
    assert _numbers(client, q="市许可") == {"市许可1号"}
    assert _numbers(client, kind="nonsense", **{"from": "garbage"}) == _numbers(client)


def test_the_api_filters_by_kind_agency_and_decision_dates(client, decisions, agency_a):
    def numbers(**params) -> set[str]:
        with time_machine.travel(NOW, tick=False):
            response = client.get("/api/v1/enforcement-decisions/", params)
        assert response.status_code == 200
        return {row["number"] for row in response.json()["results"]}

    assert numbers(kind="penalty") == {"市处罚1号", "局处罚1号", "杭处罚1号"}
    assert numbers(agency=agency_a.code) == {"市处罚1号", "市许可1号", "局处罚1号"}
    assert numbers(decided_after="2026-03-01", decided_before="2026-03-31") == {"局处罚1号"}


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/enforcement-decisions/" in schema and "decided_after" in schema


def test_the_list_pages_without_a_query_per_decision(
    client, decisions, django_assert_max_num_queries
):
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(12):
        client.get(reverse("enforcement:list"))
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(8):
        client.get("/api/v1/enforcement-decisions/")


def test_the_site_map_links_the_decisions(client):
    page = client.get(reverse("portal:sitemap")).content.decode()
    assert reverse("enforcement:list") in page and "/feeds/enforcement.atom" in page


def _change_page(client, user, decision) -> str:
    client.force_login(user)
    response = client.get(reverse("admin:enforcement_decision_change", args=[decision.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_handlers_see_the_person_in_full_and_editors_masked(client, agency_a, drafter_a):
    decision = record(agency_a, drafter_a)
    handler = staff("handler_x", agency_a, Role.HANDLER)
    full = _change_page(client, handler, decision)
    assert PERSON_NAME in full and PERSON_ID in full
    editor = staff("editor_x", agency_a, Role.DRAFTER, Role.REVIEWER, Role.PUBLISHER)
    masked = _change_page(client, editor, decision)
    assert PERSON_NAME not in masked and PERSON_ID not in masked
    assert "张*" in masked


def test_a_drafter_edits_a_draft_without_seeing_or_losing_the_persons_data(
    client, agency_a, drafter_a
):
    decision = record(agency_a, drafter_a)
    client.force_login(drafter_a)
    url = reverse("admin:enforcement_decision_change", args=[decision.pk])
    response = client.post(url, {
        "agency": agency_a.pk, "kind": "penalty", "number": "改后的文号",
        "decision_date": "2026-03-02", "subject_type": "person", "credit_code": "",
        "legal_representative": "", "summary": "当事人张*占道经营。", "legal_basis": "条例",
        "decision_text": "罚款。", "amount": "500",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    decision.refresh_from_db()
    assert decision.number == "改后的文号"
    assert (decision.subject_name, decision.id_number) == (PERSON_NAME, PERSON_ID)


def test_another_agencys_staff_cannot_open_a_decision(client, agency_a, drafter_a, staff_b):
    decision = record(agency_a, drafter_a)
    client.force_login(staff_b)
    response = client.get(reverse("admin:enforcement_decision_change", args=[decision.pk]))
    assert response.status_code in (302, 404)
    listing = client.get(reverse("admin:enforcement_decision_changelist")).content.decode()
    assert decision.number not in listing


def test_the_admin_workflow_buttons_move_a_decision(client, agency_a, drafter_a, reviewer_a):
    decision = record(agency_a, drafter_a)
    client.force_login(drafter_a)
    url = reverse("admin:enforcement_decision_workflow", args=[decision.pk, "submit"])
    assert client.post(url).status_code == 302
    client.force_login(reviewer_a)
    url = reverse("admin:enforcement_decision_workflow", args=[decision.pk, "approve"])
    assert client.post(url, {"review_result": "clear"}).status_code == 302
    decision.refresh_from_db()
    assert decision.status == "approved"


def test_a_decision_offers_only_its_own_agencys_power_items(
    client, agency_a, department_a, drafter_a, reviewer_a, publisher_a
):
    dept_staff = staff("dept_editor", department_a, Role.REVIEWER, Role.PUBLISHER)
    StaffRole.objects.create(user=drafter_a, agency=department_a, role=Role.DRAFTER)
    own = published(agency_a, drafter_a, reviewer_a, publisher_a, name="本机关的许可事项")
    other = published(department_a, drafter_a, dept_staff, dept_staff, name="部门的许可事项")
    decision = record(agency_a, drafter_a)
    page = _change_page(client, drafter_a, decision)
    # Both agencies are the drafter's, but the decision is agency A's.
    assert f'<option value="{own.pk}"' in page
    assert f'<option value="{other.pk}"' not in page
