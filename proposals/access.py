"""Who sees which suggestions and proposals in the back office: the staff of the lead agency, in
any status. The admin fetches through here, so another agency's drafts are unreachable (404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from portal import access
from proposals.models import Proposal

AnyUser = User | AnonymousUser


def proposal_queryset_for(user: AnyUser) -> QuerySet[Proposal]:
    """Every item led by the agencies where the user holds a role."""
    return access.scope_queryset(Proposal.objects.all(), user)


def get_proposal_for(user: AnyUser, pk: int) -> Proposal:
    found = proposal_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
