"""The public pages of 双随机、一公开 (published plans only, filters by agency and year, the
plan's page with its items, share, draw and seed), the pools' checks (market subjects only, by
GB 32100), and the back office: agency-scoped, the draw and a new round from the plan's page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from enforcement import inspections
from enforcement.models import InspectionDraw, InspectionPlan, PlanInspector, PlanSubject
from portal.models import StaffRole
from portal.search import indexing, query
from publishing import workflow
from publishing.models import ReviewResult
from tests.enforcement.conftest import COMPANY_CODE
from tests.enforcement.plans import drawn_plan, make_plan, publish, record_result
from tests.factories import AgencyFactory, staff
from tests.search.conftest import search_index  # noqa: F401 - the index fixture

pytestmark = pytest.mark.django_db
Role = StaffRole.Role
LIST = reverse("enforcement:inspections")


def text(client, url: str, **params) -> str:
    cache.clear()
    client.cookies["django_language"] = "en"  # chosen with the switch: the msgids
    response = client.get(url, params)
    assert response.status_code == 200, url
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def plans(agency_a, agency_b, drafter_a, reviewer_a, publisher_a, staff_b):
    department = AgencyFactory(parent=agency_a, name="丽水市市场监督管理局", code="331100009")
    dept = [staff(f"dept_{role}", department, role) for role in (Role.DRAFTER, Role.REVIEWER,
                                                                  Role.PUBLISHER)]  # fmt: skip
    b_reviewer = staff("b_reviewer", agency_b, Role.REVIEWER, Role.PUBLISHER)
    city = [drafter_a, reviewer_a, publisher_a]
    return {
        "city": drawn_plan(agency_a, *city, title="市本级2026计划").plan,
        "old": publish(make_plan(agency_a, drafter_a, title="市本级2025计划", year=2025,
                                 first_code=300), *city),
        "dept": publish(make_plan(department, dept[0], title="市场监管局2026计划",
                                  first_code=500), *dept),
        "other": publish(make_plan(agency_b, staff_b, title="杭州2026计划", first_code=700),
                         staff_b, b_reviewer, b_reviewer),
        "draft": make_plan(agency_a, drafter_a, title="草稿计划机密", first_code=900),
    }  # fmt: skip


def titles(client, **params) -> set[str]:
    page = text(client, LIST, **params)
    names = (
        "市本级2026计划",
        "市本级2025计划",
        "市场监管局2026计划",
        "杭州2026计划",
        "草稿计划机密",
    )
    return {name for name in names if name in page}


def test_the_list_shows_published_plans_by_agency_with_sub_agencies_and_year(
    client, plans, agency_a
):
    assert titles(client) == {
        "市本级2026计划",
        "市本级2025计划",
        "市场监管局2026计划",
        "杭州2026计划",
    }
    assert titles(client, agency=agency_a.code) == {
        "市本级2026计划", "市本级2025计划", "市场监管局2026计划",
    }  # fmt: skip
    assert titles(client, agency="331100009") == {"市场监管局2026计划"}
    assert titles(client, year="2025") == {"市本级2025计划"}
    assert titles(client, q="进货查验", year="2026") == {
        "市本级2026计划", "市场监管局2026计划", "杭州2026计划",
    }  # fmt: skip
    assert titles(client, year="garbage") == titles(client)


def test_a_plan_not_published_is_nowhere_public(client, plans, django_capture_on_commit_callbacks):
    draft = plans["draft"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/inspection-plans/{draft.pk}/").status_code == 404
    indexing.rebuild()
    for url in ("/api/v1/inspection-plans/", "/feeds/inspections.rss", "/feeds/inspections.atom",
                "/sitemap-inspections.xml", "/data/inspection-results.csv"):  # fmt: skip
        page = text(client, url)
        assert "草稿计划机密" not in page and f"/inspections/{draft.pk}/" not in page, url
    assert f"/enforcement/inspections/{plans['city'].pk}/" in text(
        client, "/sitemap-inspections.xml"
    )
    hits = query.search(query.parse_params({"q": "计划"})).hits
    assert draft.get_absolute_url() not in {hit.url for hit in hits}
    assert plans["city"].get_absolute_url() in {hit.url for hit in hits}


def test_the_plan_page_shows_items_share_seed_drawn_subjects_and_inspectors(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    record = drawn_plan(
        agency_a, drafter_a, reviewer_a, publisher_a, subject_ratio=Decimal("5"),
        subject_count=3, subjects=37,
    )  # fmt: skip
    page = text(client, record.plan.get_absolute_url())
    assert "食品经营许可情况" in page and "《中华人民共和国食品安全法》第三十五条" in page
    assert "5%, and at least 3 subjects" in page
    assert record.seed in page and record.pool_digest in page
    assert "the same result" in page
    for drawn in record.drawn.select_related("subject").prefetch_related("inspectors"):
        assert drawn.subject.name in page and drawn.subject.credit_code in page
        for inspector in drawn.inspectors.all():
            assert f"{inspector.name}（{inspector.certificate_number}）" in page
    assert record.drawn.count() == 3  # 5% of 37 is 1.85, rounded up to 2; at least 3


def test_a_plan_not_drawn_says_so(client, agency_a, drafter_a, reviewer_a, publisher_a):
    plan = publish(make_plan(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
    page = text(client, plan.get_absolute_url())
    assert "The draw has not been made yet" in page and "Random seed" not in page


def test_the_pages_read_a_fixed_number_of_queries(
    client, agency_a, drafter_a, reviewer_a, publisher_a, django_assert_max_num_queries
):
    record = drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a, subjects=60)
    for position in (1, 2, 3):
        publish(record_result(record, drafter_a, position=position), drafter_a, reviewer_a,
                publisher_a)  # fmt: skip
    cache.clear()
    with django_assert_max_num_queries(16):
        assert client.get(record.plan.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(16):
        client.get(f"/api/v1/inspection-plans/{record.plan.pk}/")
    with django_assert_max_num_queries(8):
        client.get("/api/v1/inspection-results/")


def test_the_pool_takes_market_subjects_with_a_valid_credit_code_only(agency_a, drafter_a):
    plan = make_plan(agency_a, drafter_a, subjects=0)
    subject = PlanSubject(plan=plan, name="张三丰", credit_code=COMPANY_CODE[:-1] + "0")
    with pytest.raises(ValidationError) as error:
        inspections.check_subject(subject)
    assert set(error.value.message_dict) == {"name", "credit_code"}
    assert "natural person" in error.value.message_dict["name"][0]
    good = PlanSubject(
        plan=plan, name=" 丽水市 示例食品有限公司 ", credit_code=COMPANY_CODE.lower()
    )
    inspections.check_subject(good)
    assert (good.name, good.credit_code) == ("丽水市 示例食品有限公司", COMPANY_CODE)
    officer = PlanInspector(plan=plan, name="李", certificate_number="浙执法1")
    with pytest.raises(ValidationError) as error:
        inspections.check_inspector(officer)
    assert set(error.value.message_dict) == {"name", "certificate_number"}


# --- The back office -------------------------------------------------------------------------


def admin_url(name: str, *args) -> str:
    return reverse(f"admin:enforcement_{name}", args=args)


def test_another_agency_cannot_reach_a_plan_in_the_back_office(
    client, agency_a, drafter_a, reviewer_a, publisher_a, staff_b
):
    record = drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a)
    plan = record.plan
    client.force_login(staff_b)
    assert "示例" not in client.get(admin_url("inspectionplan_changelist")).content.decode()
    for url in (admin_url("inspectionplan_change", plan.pk), admin_url("inspectionplan_draw",
                plan.pk), admin_url("inspectionplan_new_round", plan.pk),
                admin_url("inspectionplan_preview", plan.pk)):  # fmt: skip
        assert client.get(url).status_code in (302, 404), url
        client.post(url)
    assert InspectionPlan.objects.count() == 1


def test_a_drafter_draws_and_starts_a_new_round_from_the_plans_page(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    plan = publish(make_plan(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
    client.force_login(drafter_a)
    client.cookies["django_language"] = "en"  # chosen with the switch: the msgids
    change = client.get(admin_url("inspectionplan_change", plan.pk)).content.decode()
    assert admin_url("inspectionplan_draw", plan.pk) in change
    confirm = client.get(admin_url("inspectionplan_draw", plan.pk)).content.decode()
    assert "2 of the 20 market subjects will be drawn" in confirm
    response = client.post(admin_url("inspectionplan_draw", plan.pk))
    assert response.status_code == 302
    record = InspectionDraw.objects.get(plan=plan)
    change = client.get(admin_url("inspectionplan_change", plan.pk)).content.decode()
    assert record.seed in change and admin_url("inspectionplan_draw", plan.pk) not in change
    # Drawing again changes nothing.
    client.post(admin_url("inspectionplan_draw", plan.pk))
    assert InspectionDraw.objects.get(plan=plan).seed == record.seed
    response = client.post(admin_url("inspectionplan_new_round", plan.pk))
    copy = InspectionPlan.objects.exclude(pk=plan.pk).get()
    assert response["Location"] == admin_url("inspectionplan_change", copy.pk)


def test_a_reviewer_cannot_draw(client, agency_a, drafter_a, reviewer_a, publisher_a):
    plan = publish(make_plan(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
    client.force_login(reviewer_a)
    assert client.get(admin_url("inspectionplan_draw", plan.pk)).context["allowed"] is False
    client.post(admin_url("inspectionplan_draw", plan.pk))
    assert not InspectionDraw.objects.exists()


def test_the_result_form_offers_only_the_agencys_drawn_subjects_without_a_result(
    client, agency_a, agency_b, drafter_a, reviewer_a, publisher_a, staff_b
):
    ours = drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a)
    b_reviewer = staff("b_rev", agency_b, Role.REVIEWER, Role.PUBLISHER)
    theirs = drawn_plan(agency_b, staff_b, b_reviewer, b_reviewer, first_code=700)
    record_result(ours, drafter_a, position=1)
    client.force_login(drafter_a)
    form = client.get(admin_url("inspectionresult_add")).context["adminform"].form
    offered = set(form.fields["drawn_subject"].queryset.values_list("pk", flat=True))
    assert offered == set(ours.drawn.exclude(position=1).values_list("pk", flat=True))
    response = client.post(
        admin_url("inspectionresult_add"),
        {"drawn_subject": theirs.drawn.first().pk, "outcome": "no_problem", "summary": "x",
         "inspected_on": "2026-01-01", "_save": "1"},
    )  # fmt: skip
    assert (
        response.status_code == 200 and "drawn_subject" in response.context["adminform"].form.errors
    )


def test_a_result_goes_through_review_in_the_back_office(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    record = drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a)
    result = record_result(record, drafter_a)
    client.force_login(reviewer_a)
    workflow.submit(obj=result, user=drafter_a)
    response = client.post(
        admin_url("inspectionresult_workflow", result.pk, "approve"),
        {"review_result": ReviewResult.CLEAR},
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.status, result.reviewer) == ("approved", reviewer_a)
    preview = client.get(admin_url("inspectionresult_preview", result.pk)).content.decode()
    assert result.summary in preview


def _plan_form(agency, **changes) -> dict:
    data = {
        "agency": agency.pk, "title": "后台录入的抽查计划", "year": 2026, "description": "",
        "subject_ratio": "5", "subject_count": "", "inspectors_per_subject": 2,
        "planned_start": "2026-03-01", "planned_end": "2026-06-01",
        "items-TOTAL_FORMS": 1, "items-INITIAL_FORMS": 0, "items-0-order": 1,
        "items-0-name": "经营资质", "items-0-basis": "《食品安全法》第三十五条",
        "subjects-TOTAL_FORMS": 1, "subjects-INITIAL_FORMS": 0,
        "subjects-0-subject_type": "organisation", "subjects-0-name": "丽水市示例食品有限公司",
        "subjects-0-credit_code": COMPANY_CODE,
        "inspectors-TOTAL_FORMS": 2, "inspectors-INITIAL_FORMS": 0,
        "inspectors-0-name": "李建国", "inspectors-0-certificate_number": "33110099001",
        "inspectors-1-name": "王晓红", "inspectors-1-certificate_number": "33110099002",
        "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0,
    }  # fmt: skip
    return data | changes


def test_a_plan_is_drafted_in_the_back_office_with_each_row_of_its_pools_checked(
    client, agency_a, drafter_a
):
    client.force_login(drafter_a)
    client.cookies["django_language"] = "en"  # chosen with the switch: the msgids
    add = admin_url("inspectionplan_add")
    response = client.post(add, _plan_form(
        agency_a, **{"planned_end": "2026-02-01", "subjects-0-name": "张三丰",
                     "subjects-0-credit_code": COMPANY_CODE[:-1] + "0"},
    ))  # fmt: skip
    assert response.status_code == 200 and not InspectionPlan.objects.exists()
    form = response.context["adminform"].form
    assert form.errors == {"planned_end": ["The planned end is before the planned start."]}
    subject_errors = response.context["inline_admin_formsets"][1].formset.forms[0].errors
    assert set(subject_errors) == {"name", "credit_code"}
    response = client.post(add, _plan_form(agency_a))
    assert response.status_code == 302
    plan = InspectionPlan.objects.get()
    assert (plan.drafter, plan.subjects.get().credit_code, plan.inspectors.count()) == (
        drafter_a, COMPANY_CODE, 2,
    )  # fmt: skip
    assert plan.events.get().action == "create"


def test_the_plan_page_gives_machine_readable_times_html_accepts(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    record = drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a)
    page = client.get(record.plan.get_absolute_url()).content.decode()
    times = re.findall(r'<time datetime="([^"]*)"', page)
    # HTML's global date and time: at most three digits of a second.
    valid = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?([+-]\d\d:?\d\d|Z))?")
    assert len(times) > 2
    assert [t for t in times if not valid.fullmatch(t)] == []
