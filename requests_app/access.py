"""Who sees which information requests. The admin and the inbox fetch through here, so another
agency's requests are unreachable (404, not the request); applicants' personal data reach only
the request's handler and the agency's supervisors in full, and every such view is logged."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404

from portal import access
from portal.models import StaffRole
from requests_app.models import (
    InformationRequest,
    PersonalDataAccess,
    RequestFile,
    Review,
)

AnyUser = access.AnyUser
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


def can_work_on(user: AnyUser, info_request: InformationRequest) -> bool:
    """Handlers and office heads of the request's agency (and superusers)."""
    return any(access.can_act(user, info_request.agency_id, role) for role in REQUEST_ROLES)


# 个人信息保护法 Art 6 (minimum necessary) and Art 51 (internal access control): applicants'
# identity numbers, contacts and files are for the people who answer the request and for those
# who supervise how it is answered. Drafters, reviewers and publishers never need them.
# Supervisors of the agency: the office head (Art 33 approvals, complaints) and the privacy
# officer (Art 52). They also read the access log.
SUPERVISOR_ROLES = (Role.OFFICE_HEAD, Role.PRIVACY_OFFICER)


def can_see_personal_data(user: AnyUser, info_request: InformationRequest) -> bool:
    """Whether ``user`` sees the applicant's data in full (else masked) and may open the
    applicant's files and the answer letter.

    - the office head and the privacy officer of the request's agency: always;
    - a handler of the agency: while the request is unassigned (an online request is checked
      and registered before anyone handles it; a handler takes it by registering or starting
      it), and afterwards only the assigned handler (``request.handler``);
    - nobody else: not the agency's drafters, reviewers or publishers, not another agency, and
      deliberately not a superuser without such a role (running the portal is not handling the
      request).

    Roles are read directly, not through ``access.can_act``, which lets superusers do anything.
    """
    agency_id = info_request.agency_id
    if agency_id in access.agency_ids_for(user, SUPERVISOR_ROLES):
        return True
    if agency_id not in access.agency_ids_for(user, [Role.HANDLER]):
        return False
    return info_request.handler_id is None or info_request.handler_id == user.pk


def personal_data_access_record(
    *,
    user: User,
    info_request: InformationRequest,
    what: str,
    page: str,
    file: RequestFile | None = None,
) -> PersonalDataAccess:
    """Log one view of the applicant's data in full (个人信息保护法 Art 54: audits of who
    processed personal information). Called by every page and API response that shows them;
    the office head and the privacy officer read the log in the back office."""
    return PersonalDataAccess.objects.create(
        user=user, request=info_request, what=what, page=page[:300], file=file
    )


def access_log_queryset_for(user: AnyUser) -> QuerySet[PersonalDataAccess]:
    """The access log of the agencies where the user is office head or privacy officer."""
    return access.scope_queryset(
        PersonalDataAccess.objects.all(),
        user,
        agency_field="request__agency",
        roles=SUPERVISOR_ROLES,
    )


def can_read_access_log(user: AnyUser) -> bool:
    return access.is_superuser(user) or bool(access.agency_ids_for(user, SUPERVISOR_ROLES))
