"""The API's filters of enforcement decisions (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from disclosure.filters import agency_and_below
from enforcement.models import Decision, DecisionKind


class DecisionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DecisionKind.choices, label=_("Kind"))
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    decided_after = django_filters.DateFilter(
        field_name="decision_date", lookup_expr="gte", label=_("Decided on or after")
    )
    decided_before = django_filters.DateFilter(
        field_name="decision_date", lookup_expr="lte", label=_("Decided on or before")
    )
    power_item = django_filters.NumberFilter(
        field_name="power_item",
        label=_("Id of the power item (权力清单) the decision was made under"),
    )

    class Meta:
        model = Decision
        fields: list[str] = []
