"""Who sees which new media accounts in the back office: the staff of the operating agency, in
any status. The admin fetches through here, so another agency's drafts are unreachable (404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from newmedia.models import Account
from portal import access

AnyUser = User | AnonymousUser


def account_queryset_for(user: AnyUser) -> QuerySet[Account]:
    """Every account of the agencies where the user holds a role."""
    return access.scope_queryset(Account.objects.all(), user)


def get_account_for(user: AnyUser, pk: int) -> Account:
    found = account_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
