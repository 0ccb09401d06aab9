"""Who sees which budget disclosures in the back office: the staff of the disclosure's agency,
in any status. The admin fetches through here, so another agency's disclosures are unreachable
(404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from budgets.models import BudgetAttachment, BudgetDisclosure
from portal import access

AnyUser = User | AnonymousUser


def disclosure_queryset_for(user: AnyUser) -> QuerySet[BudgetDisclosure]:
    """Every disclosure of the agencies where the user holds a role, in any status."""
    return access.scope_queryset(BudgetDisclosure.objects.all(), user)


def get_disclosure_for(user: AnyUser, pk: int) -> BudgetDisclosure:
    found = disclosure_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def attachment_queryset_for(user: AnyUser) -> QuerySet[BudgetAttachment]:
    return access.scope_queryset(
        BudgetAttachment.objects.all(), user, agency_field="disclosure__agency"
    )
