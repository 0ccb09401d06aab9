"""The API's filters of suggestions and proposals (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from disclosure.filters import agency_and_below
from proposals.models import Kind, Proposal, ReplyCategory


class ProposalFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        field_name="year", label=_("Year"), min_value=1949, max_value=2999, decimal_places=0
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))
    category = django_filters.ChoiceFilter(choices=ReplyCategory.choices, label=_("Category"))
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Lead agency code (includes its sub-agencies)")
    )

    class Meta:
        model = Proposal
        fields: list[str] = []
