"""Who sees which interpretation records in the back office. The admin fetches through here, so
another agency's drafts, Q&A entries, consultations and comments are unreachable (404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from interpretation.models import (
    Comment,
    Consultation,
    Interpretation,
    InterpretationMedia,
    PolicyQuestion,
)
from portal import access

AnyUser = User | AnonymousUser


def interpretation_queryset_for(user: AnyUser) -> QuerySet[Interpretation]:
    """Every interpretation of the agencies where the user holds a role, in any status."""
    return access.scope_queryset(Interpretation.objects.all(), user)


def get_interpretation_for(user: AnyUser, pk: int) -> Interpretation:
    found = interpretation_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def media_queryset_for(user: AnyUser) -> QuerySet[InterpretationMedia]:
    return access.scope_queryset(
        InterpretationMedia.objects.all(), user, agency_field="interpretation__agency"
    )


def question_queryset_for(user: AnyUser) -> QuerySet[PolicyQuestion]:
    return access.scope_queryset(PolicyQuestion.objects.all(), user)


def consultation_queryset_for(user: AnyUser) -> QuerySet[Consultation]:
    return access.scope_queryset(Consultation.objects.all(), user)


def get_consultation_for(user: AnyUser, pk: int) -> Consultation:
    found = consultation_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def comment_queryset_for(user: AnyUser) -> QuerySet[Comment]:
    return access.scope_queryset(Comment.objects.all(), user, agency_field="consultation__agency")
