"""Who sees which disclosure records. Views and the admin fetch through here, so another
agency's drafts are unreachable (they get 404, not the document)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from disclosure.models import (
    CatalogItem,
    Document,
    DocumentQuerySet,
    NegativeListEntry,
    NegativeListEntryQuerySet,
)
from portal import access


def document_queryset_for(user: User | AnonymousUser) -> DocumentQuerySet:
    """Every document of the agencies where the user holds a role, in any status."""
    return access.scope_queryset(Document.objects.all(), user)


def get_document_for(user: User | AnonymousUser, pk: int) -> Document:
    document = document_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def document_readable_queryset_for(user: User | AnonymousUser) -> DocumentQuerySet:
    """The user's agencies' documents plus those of the sub-agencies they follow
    (``access.FOLLOWING_ROLES``), for lists and read-only pages. Never fetch a document to act
    on from here: use ``get_document_for``, which a follower gets 404 from."""
    return access.scope_queryset_following(Document.objects.all(), user)


def get_readable_document_for(user: User | AnonymousUser, pk: int) -> Document:
    """A document the user may read (own agencies' or followed); Http404 otherwise."""
    document = document_readable_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def negative_list_queryset_for(
    user: User | AnonymousUser,
) -> NegativeListEntryQuerySet:
    return access.scope_queryset(NegativeListEntry.objects.all(), user)


def get_negative_entry_for(user: User | AnonymousUser, pk: str) -> NegativeListEntry:
    """An entry of the user's agencies; its screening keywords and history are not public."""
    entry = negative_list_queryset_for(user).filter(pk=pk).first() if pk.isdigit() else None
    if entry is None:
        raise Http404
    return entry


def catalog_items_for(user: User) -> QuerySet[CatalogItem]:
    return access.scope_queryset(CatalogItem.objects.all(), user)
