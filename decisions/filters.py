"""The API's filters of major decisions (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from decisions.models import Decision
from portal.models import Agency


def government_and_below(queryset: QuerySet, name: str, value: str) -> QuerySet:
    agency = Agency.objects.filter(code=value).first()
    if agency is None:
        return queryset.none()
    return queryset.filter(catalog__agency__path__startswith=agency.path)


class DecisionFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(
        method=government_and_below, label=_("Government code (includes the governments below)")
    )
    year = django_filters.NumberFilter(field_name="catalog__year", label=_("Year"))
    hearing_required = django_filters.BooleanFilter(label=_("Public hearing required"))

    class Meta:
        model = Decision
        fields: list[str] = []
