"""Column freshness and emptiness: what the inspection reports about the site's columns, and
requests unanswered past their deadline (互动回应)."""

from __future__ import annotations

import datetime as dt

import pytest

from django.utils import timezone

from disclosure.models import StatutoryCategory
from inspection import columns, responses
from inspection.findings import Check
from inspection.models import ColumnLimit, Section
from tests.requests_app.conftest import enter

pytestmark = pytest.mark.django_db


def findings(today: dt.date, check: str | None = None):
    found = columns.column_findings(columns.all_columns(), today)
    return [finding for finding in found if check is None or finding.check == check]


def column(section: str, agency=None, category: int | None = None) -> columns.Column:
    return next(
        found
        for found in columns.all_columns()
        if found.section == section
        and found.agency_id == (agency.pk if agency else None)
        and found.category == category
    )


def test_home_page_not_updated_for_two_weeks_is_a_single_veto(publish_document):
    today = timezone.localdate()
    publish_document(published_on=today - dt.timedelta(days=15))

    (stale,) = findings(today, Check.HOME_STALE)

    assert stale.veto
    assert "15" in stale.detail
    assert stale.fix_url == "/admin/disclosure/document/add/"


def test_home_page_updated_within_two_weeks_passes(publish_document):
    today = timezone.localdate()
    publish_document(published_on=today - dt.timedelta(days=14))

    assert findings(today, Check.HOME_STALE) == []


def test_each_column_shows_its_last_update(publish_document, agency_a):
    published_on = timezone.localdate() - dt.timedelta(days=40)
    publish_document(published_on=published_on, is_normative=True)

    rules = column(Section.ART20, agency_a, StatutoryCategory.RULES)

    assert rules.count == 1
    assert rules.last_updated == published_on
    assert column(Section.ART20, agency_a, StatutoryCategory.BUDGETS).last_updated is None


def test_empty_columns_are_single_vetoes(publish_document, agency_a):
    publish_document(is_normative=True)

    empty = findings(timezone.localdate(), Check.COLUMN_EMPTY)
    subjects = {finding.subject for finding in empty}

    assert all(finding.veto for finding in empty)
    assert f"{agency_a.name}: （七）" in " ".join(subjects)  # 财政预算、决算 has nothing
    assert not any(subject.startswith(f"{agency_a.name}: （一）") for subject in subjects)
    assert "Policy interpretations" in subjects


def test_a_column_that_may_be_empty_is_not_reported(agency_a):
    ColumnLimit.objects.create(
        section=Section.ART20, category=StatutoryCategory.FEES, may_be_empty=True
    )

    subjects = {finding.subject for finding in findings(timezone.localdate(), Check.COLUMN_EMPTY)}

    assert f"{agency_a.name}: （七）" in " ".join(subjects)
    assert not any("（八）" in subject for subject in subjects)  # 行政事业性收费


def test_policy_documents_may_wait_six_months_by_default(publish_document, agency_a):
    today = timezone.localdate()
    publish_document(published_on=today - dt.timedelta(days=100), is_normative=True)

    stale = [f.subject for f in findings(today, Check.COLUMN_STALE)]

    assert not any(subject.startswith(f"{agency_a.name}: （一）") for subject in stale)
    assert f"{agency_a.name}: latest disclosures" in stale  # 工作动态: two weeks


def test_a_column_limit_set_in_the_back_office_applies(publish_document, agency_a):
    today = timezone.localdate()
    publish_document(published_on=today - dt.timedelta(days=100), is_normative=True)
    ColumnLimit.objects.create(
        section=Section.ART20, agency=agency_a, category=StatutoryCategory.RULES, max_age_days=90
    )
    ColumnLimit.objects.create(section=Section.AGENCY, max_age_days=None)

    stale = [f.subject for f in findings(today, Check.COLUMN_STALE)]

    assert any(subject.startswith(f"{agency_a.name}: （一）") for subject in stale)
    assert f"{agency_a.name}: latest disclosures" not in stale


def test_more_than_five_stale_columns_are_a_single_veto(publish_document, agency_a):
    today = timezone.localdate()
    ColumnLimit.objects.create(section=Section.ART20, max_age_days=30, may_be_empty=True)
    publish_document(published_on=today - dt.timedelta(days=10))
    assert findings(today, Check.COLUMNS_STALE) == []

    for category in (1, 2, 3, 4, 5, 6):
        publish_document(published_on=today - dt.timedelta(days=31), statutory_category=category)

    (veto,) = findings(today, Check.COLUMNS_STALE)
    assert veto.veto


def test_requests_unanswered_past_their_deadline_fail_interaction(agency_a, handler_a):
    received_on = dt.date(2026, 9, 18)
    info_request = enter(agency_a, handler_a, received_on)
    info_request.refresh_from_db()

    assert responses.overdue_request_findings(info_request.due_date) == []
    (overdue,) = responses.overdue_request_findings(info_request.due_date + dt.timedelta(days=1))

    assert overdue.veto
    assert info_request.tracking_number in overdue.subject
    assert overdue.fix_url == info_request.get_admin_url()
    assert "王某某" not in f"{overdue.subject}{overdue.detail}"


def empty_subjects() -> str:
    return " ".join(f.subject for f in findings(timezone.localdate(), Check.COLUMN_EMPTY))


def test_the_agency_profile_fills_its_art20_column(agency_a):
    assert f"{agency_a.name}: （二）" in empty_subjects()

    agency_a.functions = "负责全市政务公开工作。"
    agency_a.save()

    assert f"{agency_a.name}: （二）" not in empty_subjects()
    assert column(Section.ART20, agency_a, StatutoryCategory.AGENCY).count == 1
