"""django-filter FilterSets of the public API (``disclosure.api``): each filter narrows a
queryset that already holds published records only, so no filter can widen visibility."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from disclosure import statutory
from disclosure.models import (
    CatalogItem,
    DisclosureAttribute,
    Document,
    Genre,
    NegativeCategory,
    NegativeListEntry,
    StatutoryCategory,
    Theme,
    Validity,
)
from disclosure.selectors import agency_subtree, theme_and_children
from portal.models import Agency


def agency_and_below(queryset: QuerySet, name: str, value: str) -> QuerySet:
    """An agency code takes in its sub-agencies (one indexed prefix match on the tree path)."""
    agency = Agency.objects.filter(code=value).first()
    if agency is None:
        return queryset.none()
    return queryset.filter(agency_subtree(agency))


class DocumentFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(
        method=agency_and_below,
        label=_("Agency code (includes its sub-agencies)"),
    )
    theme = django_filters.ModelChoiceFilter(
        queryset=Theme.objects.all(),
        method="filter_theme",
        label=_("Theme id (a top-level theme includes its sub-themes)"),
    )
    genre = django_filters.ModelChoiceFilter(queryset=Genre.objects.all(), label=_("Genre id"))
    validity = django_filters.ChoiceFilter(choices=Validity.choices, label=_("Validity"))
    disclosure_attribute = django_filters.ChoiceFilter(
        choices=DisclosureAttribute.choices, label=_("Disclosure attribute")
    )
    catalog_item = django_filters.ModelChoiceFilter(
        queryset=CatalogItem.objects.all(), label=_("Catalog item id")
    )
    domain = django_filters.CharFilter(
        field_name="catalog_item__domain__slug", label=_("Catalog domain slug")
    )
    is_normative = django_filters.BooleanFilter(label=_("Normative document"))
    art20 = django_filters.TypedChoiceFilter(
        choices=StatutoryCategory.choices,
        coerce=int,
        method="filter_art20",
        label=_("Category under Art 20 (1-15; chosen, or placed by normative flag, theme, domain)"),
    )
    published_after = django_filters.DateFilter(
        field_name="date_published", lookup_expr="gte", label=_("Published on or after")
    )
    published_before = django_filters.DateFilter(
        field_name="date_published", lookup_expr="lte", label=_("Published on or before")
    )
    formed_after = django_filters.DateFilter(
        field_name="date_formed", lookup_expr="gte", label=_("Formed on or after")
    )
    formed_before = django_filters.DateFilter(
        field_name="date_formed", lookup_expr="lte", label=_("Formed on or before")
    )
    q = django_filters.CharFilter(
        method="filter_text",
        max_length=100,
        label=_("Text in the title, document number or keywords (ranked: /api/v1/search/)"),
    )

    class Meta:
        model = Document
        fields: list[str] = []

    def filter_art20(self, queryset: QuerySet[Document], name: str, value: int) -> QuerySet:
        return queryset.filter(statutory.category_condition(int(value))) if value else queryset

    def filter_theme(self, queryset: QuerySet, name: str, value: Theme) -> QuerySet:
        return queryset.filter(theme_and_children(value))

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(doc_number__icontains=value)
            | Q(keywords__icontains=value)
        )


class CatalogItemFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="agency__code", label=_("Agency code"))
    domain = django_filters.CharFilter(field_name="domain__slug", label=_("Catalog domain slug"))

    class Meta:
        model = CatalogItem
        fields: list[str] = []


class NegativeListFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(field_name="agency__code", label=_("Agency code"))
    category = django_filters.ChoiceFilter(choices=NegativeCategory.choices, label=_("Category"))

    class Meta:
        model = NegativeListEntry
        fields: list[str] = []


class AgencyFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(method="filter_parent", label=_("Parent agency code"))
    level = django_filters.CharFilter(field_name="level", label=_("Level"))

    class Meta:
        model = Agency
        fields: list[str] = []

    def filter_parent(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        parent = Agency.objects.filter(code=value).first()
        if parent is None:
            return queryset.none()
        return queryset.filter(path__startswith=parent.path, depth=parent.depth + 1)


__all__ = ["AgencyFilter", "CatalogItemFilter", "DocumentFilter", "NegativeListFilter"]
