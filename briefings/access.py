"""Who sees which conferences and records in the back office: the staff of the host agency,
in any role. The admin fetches through here, so another agency's drafts are unreachable (404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from briefings.models import Conference, ConferenceMedia, ConferenceRecord
from portal import access

AnyUser = User | AnonymousUser


def conference_queryset_for(user: AnyUser) -> QuerySet[Conference]:
    return access.scope_queryset(Conference.objects.all(), user)


def record_queryset_for(user: AnyUser) -> QuerySet[ConferenceRecord]:
    return access.scope_queryset(ConferenceRecord.objects.all(), user)


def media_queryset_for(user: AnyUser) -> QuerySet[ConferenceMedia]:
    return access.scope_queryset(ConferenceMedia.objects.all(), user, agency_field="record__agency")


def get_conference_for(user: AnyUser, pk: int) -> Conference:
    found = conference_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_record_for(user: AnyUser, pk: int) -> ConferenceRecord:
    found = record_queryset_for(user).select_related("agency", "conference").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
