"""The API's filters of gazette issues (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from disclosure.filters import agency_and_below
from gazette.models import Issue


class IssueFilter(django_filters.FilterSet):
    gazette = django_filters.CharFilter(
        field_name="gazette__slug", label=_("Gazette (its short name, e.g. lishui)")
    )
    year = django_filters.NumberFilter(
        field_name="year", label=_("Year"), min_value=1949, max_value=2999, decimal_places=0
    )
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    published_after = django_filters.DateFilter(
        field_name="publication_date", lookup_expr="gte", label=_("Published on or after")
    )
    published_before = django_filters.DateFilter(
        field_name="publication_date", lookup_expr="lte", label=_("Published on or before")
    )

    class Meta:
        model = Issue
        fields: list[str] = []
