"""The self-inspection in the back office: the columns' limits (superusers, like the other
site-wide settings)."""

from __future__ import annotations

from django.contrib import admin

from inspection.models import ColumnLimit


@admin.register(ColumnLimit)
class ColumnLimitAdmin(admin.ModelAdmin):
    list_display = ["section", "agency", "category", "max_age_days", "may_be_empty"]
    list_filter = ["section", "may_be_empty"]
    autocomplete_fields = ["agency"]
