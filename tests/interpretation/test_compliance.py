"""三同步 compliance: how soon after a document its first interpretation was published, in
working days, per agency (with the agencies below it) and period."""

from __future__ import annotations

import datetime as dt

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interpretation import compliance
from interpretation.compliance import Timeliness
from interpretation.models import Interpretation
from publishing.models import Status
from tests.factories import AgencyFactory
from tests.interpretation.conftest import published_document, published_interpretation

pytestmark = pytest.mark.django_db

MARCH = {"date_from": dt.date(2025, 3, 1), "date_to": dt.date(2025, 3, 31)}


def at(day: dt.date, hour: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def sub_agency(agency_a):
    return AgencyFactory(parent=agency_a, name="丽水市教育局", code="331100003")


@pytest.fixture
def dataset(agency_a, agency_b, sub_agency):
    """Friday 7 March 2025 and the week after (no holidays in it)."""
    friday, monday = dt.date(2025, 3, 7), dt.date(2025, 3, 10)
    same = published_document(agency_a, "当天解读的办法", friday, is_normative=True)
    published_interpretation(agency_a, [same], when=at(friday))
    within = published_document(agency_a, "三日内解读的方案", friday, needs_interpretation=True)
    published_interpretation(agency_a, [within], when=at(dt.date(2025, 3, 12)))  # Wed: 3 days
    published_interpretation(agency_a, [within], when=at(dt.date(2025, 3, 20)))  # not the first
    later = published_document(sub_agency, "迟到解读的办法", friday, is_normative=True)
    published_interpretation(sub_agency, [later], when=at(dt.date(2025, 3, 13)))  # Thu: 4 days
    never = published_document(agency_a, "未解读的办法", monday, is_normative=True)
    withdrawn = published_interpretation(agency_a, [never], when=at(monday))
    Interpretation.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    early = published_document(agency_a, "先行解读的办法", monday, is_normative=True)
    published_interpretation(agency_a, [early], when=at(dt.date(2025, 3, 5)))
    # Not counted: not normative, another agency, outside the period, not published.
    published_document(agency_a, "普通通知", friday)
    published_document(agency_b, "杭州的办法", friday, is_normative=True)
    published_document(agency_a, "五月的办法", dt.date(2025, 5, 6), is_normative=True)
    published_document(agency_a, "草稿办法", friday, is_normative=True, status=Status.DRAFT)
    return {"same": same, "within": within, "later": later, "never": never, "early": early}


def test_each_document_is_classified_by_its_first_interpretation(agency_a, dataset):
    report = compliance.compliance_report(agency=agency_a, **MARCH)
    by_title = {row.document.title: (row.timeliness, row.workdays) for row in report.rows}
    assert by_title == {
        "当天解读的办法": (Timeliness.SAME_DAY, 0),
        "三日内解读的方案": (Timeliness.WITHIN, 3),
        "迟到解读的办法": (Timeliness.LATER, 4),
        "未解读的办法": (Timeliness.NEVER, None),
        "先行解读的办法": (Timeliness.SAME_DAY, 0),
    }


def test_the_figures_include_the_agencies_below(agency_a, sub_agency, dataset):
    report = compliance.compliance_report(agency=agency_a, **MARCH)
    counts = report.counts
    assert (counts.same_day, counts.within, counts.later, counts.never) == (2, 1, 1, 1)
    assert counts.on_time_percent == 60
    per_agency = {item.agency.name: item.counts.total for item in report.by_agency}
    assert per_agency == {agency_a.name: 4, sub_agency.name: 1}


def test_a_sub_agency_alone(sub_agency, dataset):
    report = compliance.compliance_report(agency=sub_agency, **MARCH)
    assert [row.document.title for row in report.rows] == ["迟到解读的办法"]


def test_working_days_skip_the_national_day_holiday():
    # Tuesday 30 September 2025, then 1-8 October off: Thursday 9 October is one working day on;
    # Saturday 11 October is a working day (调休), so Monday 13 October is the fourth.
    assert compliance.classify(dt.date(2025, 9, 30), dt.date(2025, 10, 9)) == (
        Timeliness.WITHIN,
        1,
    )
    assert compliance.classify(dt.date(2025, 9, 30), dt.date(2025, 10, 13)) == (
        Timeliness.LATER,
        4,
    )


def test_the_report_costs_the_same_queries_for_more_documents(agency_a, dataset):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            report = compliance.compliance_report(agency=agency_a, **MARCH)
        assert report.rows
        return len(captured)

    queries()  # the working-day calendar is loaded once per process
    few = queries()
    for number in range(12):
        document = published_document(
            agency_a, f"第{number}号办法", dt.date(2025, 3, 17), is_normative=True
        )
        published_interpretation(agency_a, [document], when=at(dt.date(2025, 3, 18)))
    assert queries() == few


def test_the_compliance_page_shows_the_figures_and_documents(client, publisher_a, dataset):
    client.force_login(publisher_a)
    page = client.get(
        "/admin/interpretation/interpretation/compliance/",
        {"agency": publisher_a.staff_roles.get().agency_id, "date_from": "2025-03-01",
         "date_to": "2025-03-31"},
    )  # fmt: skip
    assert page.status_code == 200
    assert page.context["report"].counts.total == 5
    assert "迟到解读的办法" in page.content.decode()


def test_staff_only_choose_their_own_agencies(client, staff_b, agency_a, dataset):
    client.force_login(staff_b)
    page = client.get(
        "/admin/interpretation/interpretation/compliance/",
        {"agency": agency_a.pk, "date_from": "2025-03-01", "date_to": "2025-03-31"},
    )
    assert page.context["report"] is None
    assert "未解读的办法" not in page.content.decode()
