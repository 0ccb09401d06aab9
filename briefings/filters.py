"""The API's filters of press conferences (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from briefings.models import Conference, Kind
from disclosure.filters import agency_and_below


class YearFilter(django_filters.NumberFilter):
    """A calendar year as a whole number (``?year=0.0`` or ``?year=0`` is a 400, not a date
    lookup the database cannot make)."""

    field_class = forms.IntegerField


class ConferenceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    year = YearFilter(
        field_name="starts_at", lookup_expr="year", label=_("Year"), min_value=1900,
        max_value=2999,
    )  # fmt: skip

    class Meta:
        model = Conference
        fields: list[str] = []
