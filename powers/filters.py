"""The API's filters of power items (django-filter): each narrows published items only."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from disclosure.filters import agency_and_below
from powers import selectors
from powers.models import Category, PowerItem


def _words(queryset: QuerySet[PowerItem], name: str, value: str) -> QuerySet[PowerItem]:
    return queryset.filter(selectors.words_q(value.strip())) if value.strip() else queryset


class PowerItemFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Power category"))
    code = django_filters.CharFilter(field_name="code", label=_("Item code (exact)"))
    q = django_filters.CharFilter(
        method=_words, max_length=100, label=_("Words of the code, name, sub-items or basis")
    )

    class Meta:
        model = PowerItem
        fields: list[str] = []
