"""Who sees which information requests. The admin and the inbox fetch through here, so another
agency's requests are unreachable (404, not the request) and applicants' personal data reach
only the handling agency's staff."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from portal import access
from portal.models import StaffRole
from requests_app.models import InformationRequest, Review

AnyUser = AbstractBaseUser | AnonymousUser
Role = StaffRole.Role

# Roles that work on requests: they may record reviews and see the request's workflow pages.
REQUEST_ROLES = (Role.HANDLER, Role.OFFICE_HEAD)


def request_queryset_for(user: AnyUser) -> QuerySet[InformationRequest]:
    """Every request of the agencies where the user holds any role, in any status."""
    return access.scope_queryset(InformationRequest.objects.all(), user)


def get_request_for(user: AnyUser, pk: int) -> InformationRequest:
    request = request_queryset_for(user).select_related("agency", "handler").filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def review_queryset_for(user: AnyUser) -> QuerySet[Review]:
    return access.scope_queryset(Review.objects.all(), user, agency_field="request__agency")


def can_work_on(user: AnyUser, request: InformationRequest) -> bool:
    """Handlers and office heads of the request's agency (and superusers)."""
    return any(access.can_act(user, request.agency_id, role) for role in REQUEST_ROLES)


def can_see_personal_data(user: AnyUser, request: InformationRequest) -> bool:
    """Applicants' identity numbers and contacts are for the handling agency's staff only.

    Deliberately not for superusers without a role in the agency: running the portal is not
    handling the request, and the data are only needed to answer it.
    """
    return request.agency_id in access.agency_ids_for(user)
