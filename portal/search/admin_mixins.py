"""A ModelAdmin mixin for content that is edited directly in the back office (catalog items,
negative-list entries): saving or deleting an object queues its search-index update, sent once
the admin's transaction commits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, router, transaction
from django.http import HttpRequest

from portal.search import indexing

if TYPE_CHECKING:
    from django.contrib import admin

    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object


class QueueIndexUpdate(_ModelAdmin):
    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        indexing.queue(obj)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        indexing.queue(obj)  # the key is taken now, while the object still has its pk
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        # The bulk delete action runs outside a transaction; in one, the removals are sent
        # after the rows are gone rather than before.
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            indexing.queue_many(queryset)
            super().delete_queryset(request, queryset)
