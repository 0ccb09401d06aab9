"""The demo's random inspections for 丽水: two published plans, one drawn with its results
published (the draw repeats from its seed), one waiting for its draw; loading twice adds
nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from enforcement import demo, inspections
from enforcement.models import InspectionDraw, InspectionPlan, InspectionResult
from portal import demo as portal_demo
from portal.identity import credit_code_problem
from publishing.models import Status

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_two_plans_one_drawn_with_results_once(client):
    portal_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    plans = InspectionPlan.objects.order_by("agency__code")
    assert [p.agency.code for p in plans] == ["331100002", "331100003"]
    assert {p.status for p in plans} == {Status.PUBLISHED}
    record = InspectionDraw.objects.get()
    assert record.plan == plans[0] and inspections.draw_verify(record)
    results = InspectionResult.objects.published()
    assert results.count() == record.drawn.count() == 3
    assert all(credit_code_problem(code) is None
               for code in plans[0].subjects.values_list("credit_code", flat=True))  # fmt: skip
    page = client.get(plans[0].get_absolute_url()).content.decode()
    assert record.seed in page and results.first().summary in page
    city = client.get("/enforcement/inspections/?agency=331100000").content.decode()
    assert all(plan.get_absolute_url() in city for plan in plans)  # the city's departments
