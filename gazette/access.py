"""Who sees which gazette issues in the back office: the staff of the gazette's agency, in any
status. The admin fetches through here, so another agency's issues are unreachable (404)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from gazette.models import Gazette, GazetteSection, Issue
from portal import access

AnyUser = User | AnonymousUser


def issue_queryset_for(user: AnyUser) -> QuerySet[Issue]:
    """Every issue of the agencies where the user holds a role, in any status."""
    return access.scope_queryset(Issue.objects.all(), user)


def get_issue_for(user: AnyUser, pk: int) -> Issue:
    found = issue_queryset_for(user).select_related("gazette", "agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def gazettes_for(user: AnyUser, roles: Iterable[str] | None = None) -> QuerySet[Gazette]:
    """The gazettes of the agencies where the user holds one of ``roles``."""
    return access.scope_queryset(Gazette.objects.all(), user, roles=roles)


def sections_for(user: AnyUser, roles: Iterable[str] | None = None) -> QuerySet[GazetteSection]:
    return GazetteSection.objects.filter(gazette__in=gazettes_for(user, roles)).select_related(
        "gazette"
    )
