"""The API's filters of policy items (django-filter)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from disclosure.filters import agency_and_below
from policies import selectors
from policies.models import Audience, Delivery, PolicyItem


def _by_industry(queryset: QuerySet[PolicyItem], name: str, value: str) -> QuerySet[PolicyItem]:
    filters = selectors.ListFilters.from_query({"industry": value, "validity": "all"})
    if filters.industry is None:
        return queryset.none()
    return queryset.filter(pk__in=selectors.items(filters).values("pk"))


def _by_audience(queryset: QuerySet[PolicyItem], name: str, value: Any) -> QuerySet[PolicyItem]:
    return queryset.filter(audience__in=[value, Audience.BOTH])


class PolicyItemFilter(django_filters.FilterSet):
    delivery = django_filters.ChoiceFilter(choices=Delivery.choices, label=_("How it is granted"))
    audience = django_filters.ChoiceFilter(
        choices=[(Audience.INDIVIDUALS, Audience.INDIVIDUALS.label),
                 (Audience.BUSINESSES, Audience.BUSINESSES.label)],
        method=_by_audience,
        label=_("Target group (items for both included)"),
    )  # fmt: skip
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    industry = django_filters.CharFilter(
        method=_by_industry,
        label=_("Industry section (GB/T 4754-2017 letter; items open to all industries included)"),
    )
    document = django_filters.NumberFilter(field_name="document_id", label=_("Document id"))

    class Meta:
        model = PolicyItem
        fields: list[str] = []
