"""The API's filters of published responses (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from concerns.models import Response, ResponseKind
from disclosure.filters import agency_and_below


class ResponseFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ResponseKind.choices, label=_("Kind"))
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    published_after = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="gte", label=_("Published at or after")
    )

    class Meta:
        model = Response
        fields: list[str] = []
