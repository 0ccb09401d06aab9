"""The API's filters of budgets and final accounts (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetDisclosure, Kind, Scope
from disclosure.filters import agency_and_below


class BudgetDisclosureFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Budget or final accounts"))
    scope = django_filters.ChoiceFilter(choices=Scope.choices, label=_("Department or government"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )

    class Meta:
        model = BudgetDisclosure
        fields: list[str] = []
