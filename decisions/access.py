"""Who sees which catalogs and steps in the back office: the staff of the government whose
catalog it is, in any role; the admin fetches through here, so another agency's catalogs and
steps are unreachable (404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from decisions.models import Decision, DecisionCatalog, DecisionStep
from portal import access
from portal.models import StaffRole

AnyUser = User | AnonymousUser


def catalog_queryset_for(user: AnyUser) -> QuerySet[DecisionCatalog]:
    return access.scope_queryset(DecisionCatalog.objects.all(), user)


def get_catalog_for(user: AnyUser, pk: int) -> DecisionCatalog:
    found = catalog_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def step_queryset_for(user: AnyUser) -> QuerySet[DecisionStep]:
    return access.scope_queryset(DecisionStep.objects.all(), user)


def get_step_for(user: AnyUser, pk: int) -> DecisionStep:
    found = (
        step_queryset_for(user)
        .select_related("agency", "decision__catalog__agency")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def decisions_to_draft_for(user: AnyUser) -> QuerySet[Decision]:
    """Items of published catalogs of the governments where the user drafts: what a step
    may be drafted for."""
    agencies = access.agencies_for(user, [StaffRole.Role.DRAFTER])
    return (
        Decision.objects.public()
        .filter(catalog__agency__in=agencies)
        .select_related("catalog__agency")
        .order_by("-catalog__year", "catalog__agency__path", "number")
    )
