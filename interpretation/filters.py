"""django-filter FilterSets of the public interpretation API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from disclosure.filters import agency_and_below
from interpretation.models import Consultation, Form, Interpretation, PolicyQuestion


class InterpretationFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    form = django_filters.ChoiceFilter(choices=Form.choices, label=_("Form"))
    # Bounded: an id beyond the integer column is a 400, not a database overflow.
    document = django_filters.NumberFilter(
        field_name="documents", min_value=1, max_value=2**31 - 1, label=_("Document id")
    )
    published_after = django_filters.DateFilter(
        field_name="published_at__date", lookup_expr="gte", label=_("Published on or after")
    )
    published_before = django_filters.DateFilter(
        field_name="published_at__date", lookup_expr="lte", label=_("Published on or before")
    )

    class Meta:
        model = Interpretation
        fields: list[str] = []


class PolicyQuestionFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    topic = django_filters.CharFilter(field_name="topics__slug", label=_("Topic slug"))
    # Bounded: an id beyond the integer column is a 400, not a database overflow.
    document = django_filters.NumberFilter(
        field_name="documents", min_value=1, max_value=2**31 - 1, label=_("Document id")
    )

    class Meta:
        model = PolicyQuestion
        fields: list[str] = []


class ConsultationFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    closes_after = django_filters.DateFilter(
        field_name="closes_on", lookup_expr="gte", label=_("Comments close on or after")
    )

    class Meta:
        model = Consultation
        fields: list[str] = []
