"""Who sees which decisions, inspection plans and results in the back office, and who sees a
natural person's name and ID number in full: those who handle people's data (handlers, office
heads, the privacy officer) of the decision's agency; drafters, reviewers and publishers see them
masked (个人信息保护法 Art 6). The admin fetches through here, so another agency's records are
unreachable (404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from enforcement.models import Decision, InspectionPlan, InspectionResult
from portal import access
from portal.models import StaffRole

AnyUser = User | AnonymousUser
Role = StaffRole.Role
PERSONAL_DATA_ROLES = (Role.HANDLER, Role.OFFICE_HEAD, Role.PRIVACY_OFFICER)


def decision_queryset_for(user: AnyUser) -> QuerySet[Decision]:
    """Every decision of the agencies where the user holds a role, in any status."""
    return access.scope_queryset(Decision.objects.all(), user)


def get_decision_for(user: AnyUser, pk: int) -> Decision:
    found = decision_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def sees_personal_data(user: AnyUser, agency_id: int) -> bool:
    return any(access.can_act(user, agency_id, role) for role in PERSONAL_DATA_ROLES)


def plan_queryset_for(user: AnyUser) -> QuerySet[InspectionPlan]:
    """Every inspection plan of the agencies where the user holds a role, in any status."""
    return access.scope_queryset(InspectionPlan.objects.all(), user)


def get_plan_for(user: AnyUser, pk: int) -> InspectionPlan:
    found = plan_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def result_queryset_for(user: AnyUser) -> QuerySet[InspectionResult]:
    """Every inspection result of the agencies where the user holds a role, in any status."""
    return access.scope_queryset(InspectionResult.objects.all(), user)


def get_result_for(user: AnyUser, pk: int) -> InspectionResult:
    found = result_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
