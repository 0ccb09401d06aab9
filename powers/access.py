"""Who sees which power items in the back office: the staff of the item's agency, in any
status, with its revisions. The admin fetches through here, so another agency's drafts are
unreachable (404). Power items hold no personal data."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from portal import access
from powers.models import PowerItem

AnyUser = User | AnonymousUser


def power_item_queryset_for(user: AnyUser) -> QuerySet[PowerItem]:
    """Every item and revision of the agencies where the user holds a role."""
    return access.scope_queryset(PowerItem.objects.all(), user)


def get_power_item_for(user: AnyUser, pk: int) -> PowerItem:
    found = (
        power_item_queryset_for(user).select_related("agency", "revision_of").filter(pk=pk).first()
    )
    if found is None:
        raise Http404
    return found
