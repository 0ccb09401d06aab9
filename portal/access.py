"""Who may see and do what, for every app.

Staff act for an agency in one or more roles (``StaffRole``). Apps never filter by agency
themselves: they call ``scope_queryset`` (for lists) and ``require_role`` / ``can_act`` (for
actions), so that another agency's unpublished records are unreachable by construction.
Superusers see and may do everything. Office heads and publishers also *follow* the agencies
below theirs, read only, where an app opts in (``FOLLOWING_ROLES``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from portal.models import Agency, Site, StaffRole

Role = StaffRole.Role
AnyUser = User | AnonymousUser

# Any queryset, of our own QuerySet subclasses too (they keep their methods).
QS = TypeVar("QS", bound="QuerySet[Any]")

_CACHE_ATTR = "_portal_roles"
_FOLLOW_CACHE_ATTR = "_portal_followed"


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
    for attr in (_CACHE_ATTR, _FOLLOW_CACHE_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def can_operate_site(user: AnyUser) -> bool:
    """Site operators edit what belongs to the whole site (its identity in the footer):
    superusers, and staff given the permission to change the site identity (e.g. by a group)."""
    if is_superuser(user):
        return True
    return bool(
        isinstance(user, AbstractUser)
        and user.is_active
        and user.is_staff
        and user.has_perm("portal.change_siteidentity")
    )


def can_manage_sites(user: AnyUser) -> bool:
    """Platform operators (集约化平台 operators) create, move, deactivate and delete the sites of
    the site group and their host names: superusers, and staff given the ``manage_sites``
    permission (e.g. by a group)."""
    if is_superuser(user):
        return True
    return bool(
        isinstance(user, AbstractUser)
        and user.is_active
        and user.is_staff
        and user.has_perm("portal.manage_sites")
    )


#: The roles whose holders edit the settings (identity, theme, navigation) of their agency's site.
SITE_EDITING_ROLES: frozenset[str] = frozenset({Role.OFFICE_HEAD, Role.PUBLISHER})


def sites_for(user: AnyUser) -> QuerySet[Site]:
    """The sites whose settings the user sees and edits: every site for platform operators;
    for an agency's office head or publisher, the sites whose root is that agency."""
    if can_manage_sites(user):
        return Site.objects.all()
    ids = agency_ids_for(user, SITE_EDITING_ROLES)
    if not ids:
        return Site.objects.none()
    return Site.objects.filter(root_agency_id__in=ids)


def can_edit_site(user: AnyUser, site: Site) -> bool:
    return can_manage_sites(user) or (
        site.root_agency_id in agency_ids_for(user, SITE_EDITING_ROLES)
    )


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


# --- Following sub-agencies (read only) --------------------------------------------------------

#: The roles whose holders follow the records of the agencies below their own, read only.
FOLLOWING_ROLES: frozenset[str] = frozenset({Role.OFFICE_HEAD, Role.PUBLISHER})
"""Roles that follow the agencies below, read only.

A people's government's 政务公开 office supervises the disclosure work of its departments and of
the governments below it (条例 Art 3, 4: 政务公开工作主管部门 guide, coordinate and supervise;
the annual self-inspection checks them). Its office head and its publishers therefore see
their sub-agencies' disclosure records in the back office, in lists and on read-only pages.

Following never lets them *act*: saving, deleting and every workflow step keep asking for the
role in the record's own agency (``can_act``), so a parent's publisher cannot publish, approve
or withdraw a sub-agency's record unless they hold that role there too. Drafters, reviewers,
handlers and privacy officers stay on their own agency.

Information requests are never followed: they carry applicants' personal data (个人信息保护法
Art 6: no more than the purpose needs), and the sub-agency answers its own requests. Apps use
``scope_queryset_following`` only where they opt in, for publishing-layer content.
"""


def followed_agency_ids(user: AnyUser) -> frozenset[int]:
    """Ids of the agencies the user follows only: those below an agency where they hold a
    ``FOLLOWING_ROLES`` role, less those where they hold any role themselves (there their own
    roles decide). Empty for superusers (they see everything anyway) and for anonymous users."""
    if not user.is_authenticated or not user.is_active or is_superuser(user):
        return frozenset()
    cached = getattr(user, _FOLLOW_CACHE_ATTR, None)
    if cached is not None:
        return cached
    heads = agency_ids_for(user, FOLLOWING_ROLES)
    followed: frozenset[int] = frozenset()
    if heads:
        below = Q()
        for path in Agency.objects.filter(pk__in=heads).values_list("path", flat=True):
            below |= Q(path__startswith=path)
        followed = frozenset(
            Agency.objects.filter(below)
            .exclude(pk__in=agency_ids_for(user))
            .values_list("pk", flat=True)
        )
    setattr(user, _FOLLOW_CACHE_ATTR, followed)
    return followed


def follows_only(user: AnyUser, agency: Agency | int | None) -> bool:
    """Whether the user reaches ``agency``'s records only by following it: read only."""
    if agency is None:
        return False
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in followed_agency_ids(user)


def scope_queryset_following(queryset: QS, user: AnyUser, *, agency_field: str = "agency") -> QS:
    """``scope_queryset`` (any role) plus the rows of the agencies the user follows.

    For *reading* only (lists, read-only change pages, previews): fetch an object to act on
    through ``scope_queryset`` so a follower gets 404, and check ``can_act`` as always.
    """
    if is_superuser(user):
        return queryset
    ids = agency_ids_for(user) | followed_agency_ids(user)
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{agency_field}__in": ids})
