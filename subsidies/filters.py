"""The API's filters of beneficiary lists (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from disclosure.filters import agency_and_below
from subsidies.models import BeneficiaryList, SubsidyKind


class BeneficiaryListFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SubsidyKind.choices, label=_("Kind"))
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    period = django_filters.CharFilter(field_name="period", label=_("Period covered (exact)"))

    class Meta:
        model = BeneficiaryList
        fields: list[str] = []
