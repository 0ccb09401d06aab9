"""The demo data obey the law they demonstrate: both annual-report invariants hold for every demo
agency and year, and the demo's bodies outside Art 27 take no requests."""

from __future__ import annotations

from io import StringIO

import pytest

from django.core.management import call_command

from portal.models import Agency
from reports import tables
from requests_app.models import InformationRequest

pytestmark = pytest.mark.django_db


def test_annual_report_invariants_hold_for_every_demo_agency_and_year():
    call_command("load_demo", "--allow-production", stdout=StringIO())
    years = {day.year for day in InformationRequest.objects.dates("received_on", "year")}
    assert years
    for agency in Agency.objects.filter(information_requests__isnull=False).distinct():
        for year in years:
            _tables, checks = tables.compute_with_checks(agency, year)
            assert all(check.holds for check in checks), (agency.name, year, checks)


def test_demo_bodies_outside_art27_take_no_requests():
    call_command("load_demo", "--allow-production", stdout=StringIO())
    refusing = set(Agency.objects.filter(takes_applications=False).values_list("name", flat=True))
    assert refusing == {"紫金街道下河社区居民委员会", "政协平凉市委员会"}
    assert not InformationRequest.objects.filter(agency__takes_applications=False).exists()
