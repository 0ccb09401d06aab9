"""The API's filters of press conferences (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from briefings.models import Conference, Kind
from disclosure.filters import agency_and_below


class ConferenceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    year = django_filters.NumberFilter(field_name="starts_at", lookup_expr="year", label=_("Year"))

    class Meta:
        model = Conference
        fields: list[str] = []
