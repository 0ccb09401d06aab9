"""``manage.py load_demo``: a realistic tree and staff logins; running it twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from portal import access
from portal.models import Agency, AgencyLevel, StaffRole

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo", "--allow-production", stdout=out)
    return out.getvalue()


def snapshot() -> tuple:
    return (
        sorted(Agency.objects.values_list("code", "path", "name", "updated_at")),
        sorted(get_user_model().objects.values_list("username", "password", "last_login")),
        sorted(StaffRole.objects.values_list("user__username", "agency__code", "role")),
    )


def test_demo_tree_has_every_level_from_province_to_village():
    load()
    assert set(Agency.objects.values_list("level", flat=True)) == set(AgencyLevel.values)
    province = Agency.objects.get(code="330000000")
    assert province.level == AgencyLevel.PROVINCE
    cities = Agency.objects.get_children(province).filter(level=AgencyLevel.CITY, kind="government")
    assert cities.count() == 2
    for city in cities:
        assert Agency.objects.get_children(city).filter(level=AgencyLevel.COUNTY).exists()
        assert Agency.objects.get_descendants(city).filter(level=AgencyLevel.TOWNSHIP).exists()


def test_demo_prints_logins_for_every_role_in_two_agencies():
    out = load()
    roles = StaffRole.objects.values_list("agency__code", "role")
    agencies = {code for code, _ in roles}
    assert len(agencies) == 2
    for code in agencies:
        assert {role for c, role in roles if c == code} == set(StaffRole.Role.values)
    for username in get_user_model().objects.values_list("username", flat=True):
        assert username in out


def test_demo_staff_are_scoped_to_their_agency():
    load()
    lishui = get_user_model().objects.get(username="lishui-drafter")
    visible = access.scope_queryset(StaffRole.objects.all(), lishui)
    assert set(visible.values_list("agency__code", flat=True)) == {"331100000"}


def test_running_load_demo_twice_changes_nothing():
    load()
    before = snapshot()
    load()
    assert snapshot() == before


def test_load_demo_refuses_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo", stdout=StringIO())
    assert not Agency.objects.exists()
