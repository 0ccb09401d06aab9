"""The demo publishes last year's annual reports (a government's and a department's) through
the reports app's own services, and dates its Q&A entries over the past months."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from interpretation.models import PolicyQuestion
from portal.models import AgencyKind
from publishing.models import Status
from reports import tables
from reports.models import AnnualReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", "--allow-production", stdout=StringIO())


def test_demo_publishes_last_years_report_of_a_government_and_a_department(demo, client):
    year = timezone.localdate().year - 1
    reports = AnnualReport.objects.filter(year=year, status=Status.PUBLISHED)
    assert {report.agency.kind for report in reports} == {
        AgencyKind.GOVERNMENT,
        AgencyKind.DEPARTMENT,
    }
    listing = client.get("/reports/").content.decode()
    api = client.get("/api/v1/annual-reports/").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert len(rows) == reports.count()
    for report in reports:
        assert report.agency.name in listing
        assert client.get(report.get_absolute_url()).status_code == 200


def test_demo_reports_hold_the_tables_computed_from_the_demo_data(demo):
    for report in AnnualReport.objects.all():
        assert report.frozen_tables == tables.compute(report.agency, report.year)
        assert f"{report.year}年，{report.agency.name}" in report.section_overview


def test_demo_reports_were_published_before_their_deadlines(demo):
    for report in AnnualReport.objects.select_related("agency"):
        deadline = (3, 31) if report.agency.kind == AgencyKind.GOVERNMENT else (1, 31)
        published = timezone.localdate(report.published_at)
        assert published <= dt.date(report.year + 1, *deadline)
        assert report.events.get(action="publish").created_at == report.published_at


def test_a_second_run_publishes_no_report_twice(demo):
    count = AnnualReport.objects.count()
    call_command("load_demo", "--allow-production", stdout=StringIO())
    assert AnnualReport.objects.count() == count


def test_demo_questions_were_answered_over_the_past_months(demo):
    days = sorted(timezone.localdate(at) for at in PolicyQuestion.objects.values_list(
        "updated_at", flat=True))  # fmt: skip
    today = timezone.localdate()
    assert len(set(days)) == len(days)
    assert days[-1] < today
    assert (days[-1] - days[0]).days > 90
