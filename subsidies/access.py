"""Who sees which beneficiary lists in the back office: the staff of the list's agency, in any
role; the admin fetches through here, so another agency's lists are unreachable (404).

Nobody sees the rows unmasked on any page: the back office shows the masked rows (what the
public will see), and the file as uploaded is served by no URL (``SourceFile``)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from portal import access
from subsidies.models import BeneficiaryList

AnyUser = User | AnonymousUser


def list_queryset_for(user: AnyUser) -> QuerySet[BeneficiaryList]:
    """Every list of the agencies where the user holds a role, in any status."""
    return access.scope_queryset(BeneficiaryList.objects.all(), user)


def get_list_for(user: AnyUser, pk: int) -> BeneficiaryList:
    found = list_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
