"""Who sees which policy items in the back office: staff of the item's agency (the agency of
its document). The admin fetches through here, so
another agency's items are unreachable (404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from policies.models import PolicyItem
from portal import access

AnyUser = User | AnonymousUser


def item_queryset_for(user: AnyUser) -> QuerySet[PolicyItem]:
    """Every item of the agencies where the user holds a role, in any status."""
    return access.scope_queryset(PolicyItem.objects.all(), user)


def get_item_for(user: AnyUser, pk: int) -> PolicyItem:
    found = item_queryset_for(user).select_related("agency", "document").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
