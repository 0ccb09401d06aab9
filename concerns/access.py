"""Who sees what of 回应关切 in the back office. The register of concerns is staff-only: the
staff of the responsible agency, in any role, see its concerns; drafters and office heads
register and correct them. Responses are seen by the agency's staff and drafted by its
drafters (the shared workflow does the rest). Another agency's concerns and responses are
unreachable (404); nothing here is ever public."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from concerns.models import Concern, Response
from portal import access
from portal.models import Agency, StaffRole

AnyUser = User | AnonymousUser
Role = StaffRole.Role
# Who may register a concern and correct it: whoever drafts the agency's publications, and the
# head of its office, who answers for the clock.
REGISTER_ROLES = (Role.DRAFTER, Role.OFFICE_HEAD)


def concern_queryset_for(user: AnyUser) -> QuerySet[Concern]:
    return access.scope_queryset(Concern.objects.all(), user)


def get_concern_for(user: AnyUser, pk: int) -> Concern:
    found = concern_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_register(user: AnyUser, agency: Agency | int) -> bool:
    return any(access.can_act(user, agency, role) for role in REGISTER_ROLES)


def register_agencies_for(user: AnyUser) -> QuerySet[Agency]:
    return access.agencies_for(user, REGISTER_ROLES)


def response_queryset_for(user: AnyUser) -> QuerySet[Response]:
    return access.scope_queryset(Response.objects.all(), user)


def get_response_for(user: AnyUser, pk: int) -> Response:
    found = response_queryset_for(user).select_related("agency", "concern").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
