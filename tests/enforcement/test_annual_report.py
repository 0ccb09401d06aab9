"""Table 二 of the annual report counts the 许可, 处罚 and 强制 decisions recorded in the year,
published or not and after their 公示期; a staff figure replaces a count only as an override
with a reason, which the report shows as such."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import ValidationError

from enforcement.models import Decision, DecisionKind
from portal.models import AgencyKind
from publishing.models import Status
from reports import output, tables
from reports.models import AnnualFigures
from tests.enforcement.conftest import publish, record
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


def _decisions(agency, drafter, kind, n, *, year=YEAR, status=Status.DRAFT):
    for i in range(n):
        decision = record(
            agency, drafter, kind=kind, number=f"{agency.code}-{kind}-{year}-{i}",
            decision_date=dt.date(year, 1 + i % 12, 10),
        )  # fmt: skip
        if status != Status.DRAFT:
            Decision.objects.filter(pk=decision.pk).update(status=status)


def test_table_two_counts_the_years_decisions_of_each_kind_whatever_their_status(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    _decisions(agency_a, drafter_a, DecisionKind.LICENSING, 3)
    _decisions(agency_a, drafter_a, DecisionKind.PENALTY, 2, status=Status.PUBLISHED)
    _decisions(agency_a, drafter_a, DecisionKind.COERCION, 1, status=Status.IN_REVIEW)
    _decisions(agency_a, drafter_a, DecisionKind.INSPECTION, 4)  # not a row of table 二
    _decisions(agency_a, drafter_a, DecisionKind.PENALTY, 5, year=YEAR + 1)  # another year
    # Published long ago and past its 公示期 today: still a decision of its year.
    publish(
        record(agency_a, drafter_a, number="旧处罚", decision_date=dt.date(YEAR, 12, 31)),
        drafter_a, reviewer_a, publisher_a,
    )  # fmt: skip
    table = tables.table_two([agency_a.pk], YEAR)
    assert (table["licensing"], table["penalty"], table["coercion"]) == (3, 3, 1)
    assert table["decision_overrides"] == []


def test_a_government_wide_report_counts_its_departments_decisions(agency_a, drafter_a):
    from tests.factories import staff

    department = AgencyFactory(parent=agency_a, code="331100101", kind=AgencyKind.DEPARTMENT)
    county = AgencyFactory(parent=agency_a, code="331102000", kind=AgencyKind.GOVERNMENT)
    _decisions(agency_a, drafter_a, DecisionKind.PENALTY, 1)
    _decisions(department, staff("dept", department, "drafter"), DecisionKind.PENALTY, 2)
    _decisions(county, staff("county", county, "drafter"), DecisionKind.PENALTY, 7)
    computed = tables.compute(agency_a, YEAR)
    assert computed["table2"]["penalty"] == 3  # not the county's


def test_a_staff_figure_overrides_the_count_with_its_reason_shown_in_the_report(
    agency_a, drafter_a
):
    _decisions(agency_a, drafter_a, DecisionKind.LICENSING, 3)
    _decisions(agency_a, drafter_a, DecisionKind.PENALTY, 2)
    AnnualFigures.objects.create(
        agency=agency_a, year=YEAR, licensing_decisions=120,
        decisions_override_reason="窗口纸质办件未录入门户",
    )  # fmt: skip
    computed = tables.compute(agency_a, YEAR)
    table = computed["table2"]
    assert (table["licensing"], table["penalty"], table["coercion"]) == (120, 2, 0)
    assert table["decision_overrides"] == [
        {
            "agency": agency_a.name,
            "figures": {"licensing": {"entered": 120, "counted": 3}},
            "reason": "窗口纸质办件未录入门户",
        }
    ]
    page = output.render_html(computed)
    assert "窗口纸质办件未录入门户" in page
    assert "行政许可 填报 120 件（按记录统计 3 件）" in page


def test_an_override_needs_a_reason_and_a_reason_needs_an_override(agency_a):
    with pytest.raises(ValidationError) as error:
        AnnualFigures(agency=agency_a, year=YEAR, penalty_decisions=0).full_clean()
    assert "decisions_override_reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        AnnualFigures(agency=agency_a, year=YEAR, decisions_override_reason="x").full_clean()
    AnnualFigures(agency=agency_a, year=YEAR, rules_issued=1).full_clean()  # no override: fine


def test_a_report_frozen_before_the_counts_still_renders(agency_a):
    computed = tables.compute(agency_a, YEAR)
    del computed["table2"]["decision_overrides"]
    assert "行政许可" in output.render_html(computed)
