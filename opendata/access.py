"""Who sees which datasets and versions in the back office: staff of the publishing agency, in
any status (``portal.access``). The admin fetches through here, so another agency's drafts are
unreachable (404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from opendata.models import Dataset, DatasetVersion
from portal import access

AnyUser = User | AnonymousUser


def dataset_queryset_for(user: AnyUser) -> QuerySet[Dataset]:
    return access.scope_queryset(Dataset.objects.all(), user)


def get_dataset_for(user: AnyUser, pk: int) -> Dataset:
    found = dataset_queryset_for(user).select_related("agency", "theme").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def version_queryset_for(user: AnyUser) -> QuerySet[DatasetVersion]:
    return access.scope_queryset(DatasetVersion.objects.all(), user)


def get_version_for(user: AnyUser, pk: int) -> DatasetVersion:
    found = version_queryset_for(user).select_related("agency", "dataset").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
