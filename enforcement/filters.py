"""The API's filters of enforcement decisions (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from disclosure.filters import agency_and_below
from enforcement.models import (
    Decision,
    DecisionKind,
    InspectionOutcome,
    InspectionPlan,
    InspectionResult,
)


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


class InspectionPlanFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))

    class Meta:
        model = InspectionPlan
        fields: list[str] = []


class InspectionResultFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    year = django_filters.NumberFilter(
        field_name="drawn_subject__draw__plan__year", label=_("Year of the plan")
    )
    plan = django_filters.NumberFilter(
        field_name="drawn_subject__draw__plan_id", label=_("Plan id")
    )
    outcome = django_filters.ChoiceFilter(choices=InspectionOutcome.choices, label=_("Result"))
    inspected_after = django_filters.DateFilter(
        field_name="inspected_on", lookup_expr="gte", label=_("Inspected on or after")
    )
    inspected_before = django_filters.DateFilter(
        field_name="inspected_on", lookup_expr="lte", label=_("Inspected on or before")
    )

    class Meta:
        model = InspectionResult
        fields: list[str] = []
