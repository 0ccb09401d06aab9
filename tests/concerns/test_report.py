"""The timing report: per agency and obligation, concerns met in time, late, overdue and still
running, with the share in time; scoped to the user's agencies."""

from __future__ import annotations

import pytest

from concerns import report
from concerns.access import concern_queryset_for
from concerns.models import Concern, Obligation, Severity
from tests.concerns.conftest import beijing, publish_response, register

pytestmark = pytest.mark.django_db

NOW = beijing(2026, 3, 20, 12, 0)


@pytest.fixture
def march(agency_a, drafter_a, approver_a, agency_b, staff_b):
    def general(day, hour=9):
        return register(
            agency_a, drafter_a, severity=Severity.GENERAL, aware_at=beijing(2026, 3, day, hour, 0)
        )

    in_time = [general(2), general(3), general(4)]
    for concern in in_time:
        publish_response(
            concern, drafter=drafter_a, reviewer=approver_a, at=concern.aware_at.replace(hour=20)
        )
    late = general(5)
    publish_response(late, drafter=drafter_a, reviewer=approver_a, at=beijing(2026, 3, 8, 9, 0))
    general(6)  # overdue
    general(19)  # still running on the 20th
    major = register(
        agency_a, drafter_a, severity=Severity.MAJOR, aware_at=beijing(2026, 3, 10, 22, 0)
    )
    publish_response(major, drafter=drafter_a, reviewer=approver_a, at=beijing(2026, 3, 11, 1, 0))
    general(31)  # outside the period
    register(agency_b, staff_b, severity=Severity.GENERAL, aware_at=beijing(2026, 3, 2, 9, 0))
    return agency_a


def _rows(result):
    return {(row.agency.code, row.obligation): row for row in result.rows}


def test_the_report_counts_and_percentages(march, drafter_a):
    import datetime as dt

    result = report.timing_report(
        concern_queryset_for(drafter_a),
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 20),
        now=NOW,
    )
    rows = _rows(result)
    response = rows[("331100000", Obligation.RESPONSE)]
    assert (
        response.total,
        response.met,
        response.met_late,
        response.overdue,
        response.running,
    ) == (6, 3, 1, 1, 1)
    assert response.percent_in_time == 60.0  # 3 of the 5 decided
    authoritative = rows[("331100000", Obligation.AUTHORITATIVE)]
    assert (authoritative.total, authoritative.met, authoritative.percent_in_time) == (1, 1, 100.0)
    press = rows[("331100000", Obligation.PRESS_CONFERENCE)]
    assert (press.overdue, press.percent_in_time) == (1, 0.0)
    # Another agency's concerns are not in this user's report.
    assert {row.agency.code for row in result.rows} == {"331100000"}


def test_the_report_page_for_staff(client, march, drafter_a, staff_b):
    client.force_login(drafter_a)
    page = client.get(
        "/admin/concerns/concern/report/", {"start": "2026-03-01", "end": "2026-03-31"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "丽水市人民政府" in text and "杭州市人民政府" not in text
    client.force_login(staff_b)
    text = client.get(
        "/admin/concerns/concern/report/", {"start": "2026-03-01", "end": "2026-03-31"}
    ).content.decode()
    assert "丽水市人民政府" not in text and "杭州市人民政府" in text
    assert Concern.objects.count() == 9
