"""factory_boy factories and the named personas the tests share."""

from __future__ import annotations

import factory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.test import Client

from portal import two_factor
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


def verify_second_factor(client: Client, user) -> None:
    """Make ``client``'s session one that signed in with the second factor, as the sign-in
    form does after a right code (a confirmed authenticator is created if there is none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


class StaffClient(Client):
    """A test client whose ``force_login`` stands for a whole staff sign-in: the password and,
    for users who have or need one, the second factor (portal.two_factor). Tests of the
    sign-in itself post to the login form instead."""

    def force_login(self, user, backend=None) -> None:
        super().force_login(user, backend)
        fresh = get_user_model().objects.get(pk=user.pk)  # no role cache on the caller's object
        if two_factor.required_for(fresh) or two_factor.is_enrolled(fresh):
            verify_second_factor(self, fresh)
