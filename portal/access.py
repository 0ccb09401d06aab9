"""Who may see and do what, for every app.

Staff act for an agency in one or more roles (``StaffRole``). Apps never filter by agency
themselves: they call ``scope_queryset`` (for lists) and ``require_role`` / ``can_act`` (for
actions), so that another agency's unpublished records are unreachable by construction.
Superusers see and may do everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from portal.models import Agency, StaffRole

Role = StaffRole.Role
AnyUser = User | AnonymousUser

# Any queryset, of our own QuerySet subclasses too (they keep their methods).
QS = TypeVar("QS", bound="QuerySet[Any]")

_CACHE_ATTR = "_portal_roles"


def _roles(user: AnyUser) -> frozenset[tuple[int, str]]:
    """The user's (agency id, role) pairs, read once per user object (i.e. per request)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(StaffRole.objects.filter(user=user).values_list("agency_id", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: AnyUser) -> None:
    """Drop the memoised roles, after granting or revoking one."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def agency_ids_for(user: AnyUser, roles: Iterable[str] | None = None) -> set[int]:
    """Ids of the agencies where the user holds any of ``roles`` (any role when None)."""
    wanted = None if roles is None else set(roles)
    return {agency for agency, role in _roles(user) if wanted is None or role in wanted}


def agencies_for(user: AnyUser, roles: Iterable[str] | None = None) -> QuerySet[Agency]:
    if is_superuser(user):
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=agency_ids_for(user, roles))


def can_act(user: AnyUser, agency: Agency | int, role: str) -> bool:
    """Whether the user may act for ``agency`` in ``role``."""
    if is_superuser(user):
        return True
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (agency_id, role) in _roles(user)


def is_staff_of(user: AnyUser, agency: Agency | int) -> bool:
    """Whether the user holds any role in ``agency``."""
    if is_superuser(user):
        return True
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in agency_ids_for(user)


def require_role(user: AnyUser, agency: Agency | int, role: str) -> None:
    if not can_act(user, agency, role):
        raise PermissionDenied(f"This action needs the role {Role(role).label}.")


def scope_queryset(
    queryset: QS,
    user: AnyUser,
    *,
    agency_field: str = "agency",
    roles: Iterable[str] | None = None,
) -> QS:
    """Restrict ``queryset`` to rows of the agencies where the user holds a role.

    Anonymous users and staff without roles get an empty queryset; superusers get it whole.
    """
    if is_superuser(user):
        return queryset
    ids = agency_ids_for(user, roles)
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{agency_field}__in": ids})
