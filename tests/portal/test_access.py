"""The access module: staff see and act only for their own agency."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from portal import access
from portal.models import Agency, StaffRole
from tests.factories import AgencyFactory, UserFactory, staff

pytestmark = pytest.mark.django_db
Role = StaffRole.Role


def roles_of_agency(agency: Agency):
    return StaffRole.objects.filter(agency=agency)


def test_staff_of_b_cannot_see_records_of_a(agency_a, drafter_a, staff_b):
    records = StaffRole.objects.all()
    assert set(access.scope_queryset(records, staff_b)) == set(
        roles_of_agency(staff_b.staff_roles.first().agency)
    )
    assert not access.scope_queryset(records, staff_b).filter(agency=agency_a).exists()


def test_staff_of_a_see_their_agency_records(agency_a, drafter_a, staff_b):
    visible = access.scope_queryset(StaffRole.objects.all(), drafter_a)
    assert list(visible.values_list("agency__code", flat=True)) == [agency_a.code]


def test_anonymous_and_role_less_staff_see_nothing(agency_a, drafter_a):
    assert not access.scope_queryset(StaffRole.objects.all(), AnonymousUser()).exists()
    assert not access.scope_queryset(StaffRole.objects.all(), UserFactory()).exists()


def test_superuser_sees_every_agency(agency_a, agency_b, drafter_a, staff_b):
    root = UserFactory(username="root", is_superuser=True)
    assert access.scope_queryset(StaffRole.objects.all(), root).count() == StaffRole.objects.count()
    assert access.can_act(root, agency_a, Role.OFFICE_HEAD)


def test_can_act_needs_the_role_in_that_agency(agency_a, agency_b, drafter_a, head_a, staff_b):
    assert access.can_act(drafter_a, agency_a, Role.DRAFTER)
    assert not access.can_act(drafter_a, agency_a, Role.PUBLISHER)
    assert not access.can_act(drafter_a, agency_b, Role.DRAFTER)
    assert access.can_act(head_a, agency_a, Role.OFFICE_HEAD)
    assert not access.can_act(staff_b, agency_a, Role.OFFICE_HEAD)


def test_roles_filter_limits_the_scope(agency_a, drafter_a):
    records = StaffRole.objects.all()
    assert access.scope_queryset(records, drafter_a, roles=[Role.DRAFTER]).exists()
    assert not access.scope_queryset(records, drafter_a, roles=[Role.PUBLISHER]).exists()


def test_require_role_refuses_with_permission_denied(agency_a, agency_b, staff_b):
    with pytest.raises(PermissionDenied):
        access.require_role(staff_b, agency_a, Role.HANDLER)
    access.require_role(staff_b, agency_b, Role.HANDLER)


def test_inactive_user_loses_every_role(agency_a, drafter_a):
    drafter_a.is_active = False
    access.forget_roles(drafter_a)
    assert not access.can_act(drafter_a, agency_a, Role.DRAFTER)


def test_roles_are_read_once_per_user_object(agency_a, drafter_a, django_assert_num_queries):
    access.forget_roles(drafter_a)
    with django_assert_num_queries(1):
        for _ in range(5):
            access.can_act(drafter_a, agency_a, Role.DRAFTER)
            access.agency_ids_for(drafter_a)


def test_office_head_of_b_cannot_edit_agency_a_in_admin(client, agency_a, agency_b, staff_b):
    client.force_login(staff_b)
    url = f"/admin/portal/agency/{agency_a.pk}/change/"
    # Agencies are public, so the page may be read, but it offers nothing to edit ...
    assert b'name="office_phone"' not in client.get(url).content
    # ... and a forged form is refused without a change.
    response = client.post(url, {"name": agency_a.name, "office_phone": "110"})
    assert response.status_code == 403
    agency_a.refresh_from_db()
    assert agency_a.office_phone != "110"


def test_office_head_edits_own_contacts_but_not_the_tree(client, agency_b, staff_b):
    client.force_login(staff_b)
    response = client.get(f"/admin/portal/agency/{agency_b.pk}/change/")
    assert b'name="office_phone"' in response.content
    assert b'name="code"' not in response.content
    assert b'name="treebeard_position"' not in response.content


def test_office_head_saves_own_agency_contacts_in_admin(client, agency_b, staff_b):
    client.force_login(staff_b)
    url = f"/admin/portal/agency/{agency_b.pk}/change/"
    page = client.get(url)
    form_data = {
        field: value
        for field, value in page.context["adminform"].form.initial.items()
        if value is not None and not field.startswith("_")
    }
    form_data.update(office_phone="0571-12345678", office_hours="工作日 9:00-17:00")
    response = client.post(url, form_data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    agency_b.refresh_from_db()
    assert agency_b.office_phone == "0571-12345678"
    assert agency_b.code == "330100000"


def test_office_heads_and_publishers_follow_every_agency_below_theirs(agency_a, agency_b):
    department = AgencyFactory(parent=agency_a, name="丽水市财政局", code="331100101")
    county = AgencyFactory(parent=agency_a, name="莲都区人民政府", code="331102000")
    county_department = AgencyFactory(parent=county, name="莲都区财政局", code="331102101")
    below = {department.pk, county.pk, county_department.pk}
    for role in sorted(access.FOLLOWING_ROLES):
        user = staff(f"parent_{role}", agency_a, role)
        assert access.followed_agency_ids(user) == below
        assert access.follows_only(user, county_department)
        assert not access.follows_only(user, agency_a) and not access.follows_only(user, agency_b)
        # Read only: following gives no role there.
        assert not access.can_act(user, department, role)
        assert not access.is_staff_of(user, department)
        # The plain scope is unchanged; the following scope adds the agencies below.
        records = Agency.objects.all()
        assert (
            not access.scope_queryset(records, user, agency_field="pk")
            .filter(pk__in=below)
            .exists()
        )
        following = access.scope_queryset_following(records, user, agency_field="pk")
        assert set(following.values_list("pk", flat=True)) == below | {agency_a.pk}


@pytest.mark.parametrize("role", [Role.DRAFTER, Role.REVIEWER, Role.HANDLER, Role.PRIVACY_OFFICER])
def test_other_roles_follow_nothing(agency_a, role):
    AgencyFactory(parent=agency_a, name="丽水市财政局", code="331100101")
    user = staff("parent", agency_a, role)
    assert access.followed_agency_ids(user) == frozenset()
    assert set(access.scope_queryset_following(Agency.objects.all(), user, agency_field="pk")) == {
        agency_a
    }


def test_a_role_in_the_sub_agency_itself_is_not_following(agency_a):
    """Where the user holds a role themselves, their own roles decide (they may act there)."""
    department = AgencyFactory(parent=agency_a, name="丽水市财政局", code="331100101")
    user = staff("both", agency_a, Role.PUBLISHER)
    assert access.follows_only(user, department)
    StaffRole.objects.create(user=user, agency=department, role=Role.DRAFTER)
    access.forget_roles(user)
    assert not access.follows_only(user, department)
    assert access.followed_agency_ids(user) == frozenset()


def test_superusers_and_anonymous_users_follow_nothing(agency_a, drafter_a):
    root = UserFactory(username="root", is_superuser=True)
    assert access.followed_agency_ids(root) == frozenset()
    assert access.followed_agency_ids(AnonymousUser()) == frozenset()
    assert not access.scope_queryset_following(Agency.objects.all(), AnonymousUser()).exists()
