"""factory_boy factories and the named personas the tests share."""

from __future__ import annotations

import factory

from django.contrib.auth import get_user_model

from portal.agencies import agency_create
from portal.models import Agency, AgencyKind, AgencyLevel, StaffRole


class AgencyFactory(factory.django.DjangoModelFactory):
    """Builds agencies through the same service as the admin and the demo data."""

    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试市第{n}局")
    code = factory.Sequence(lambda n: f"T{n:08d}")
    level = AgencyLevel.CITY
    kind = AgencyKind.DEPARTMENT
    office_phone = "0571-88888888"

    @classmethod
    def _create(cls, model_class, *args, parent: Agency | None = None, **kwargs) -> Agency:
        return agency_create(parent=parent, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("pw")


def staff(username: str, agency: Agency, *roles: str):
    """A staff user holding ``roles`` in ``agency``."""
    user = UserFactory(username=username)
    for role in roles:
        StaffRole.objects.create(user=user, agency=agency, role=role)
    return user
