"""django-filter FilterSets of the public API (``disclosure.api``): each filter narrows a
queryset that already holds published records only, so no filter can widen visibility."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from disclosure import selectors
from disclosure.models import (
    CatalogItem,
    DisclosureAttribute,
    Document,
    NegativeCategory,
    NegativeListEntry,
)
from portal.models import Agency
from portal.typed import StrOrPromise


def agency_and_below(queryset: QuerySet, name: str, value: str) -> QuerySet:
    """An agency code takes in its sub-agencies (one indexed prefix match on the tree path);
    for lists other than the catalog (interpretations, Q&A, consultations)."""
    agency = Agency.objects.filter(code=value).first()
    if agency is None:
        return queryset.none()
    return queryset.filter(selectors.agency_subtree(agency))


# The catalog filters the API shares with the catalog pages, under their API names: one
# definition (``selectors.parse_catalog_filters``), one behaviour — a value that is malformed
# or names nothing is left out, and the response says so (``ignored``), as the page does.
CATALOG_PARAMETERS = {
    "agency": "agency",
    "domain": "domain",
    "catalog_item": "item",
    "theme": "theme",
    "genre": "genre",
    "validity": "validity",
    "art20": "art20",
    "historical": "historical",
}


def _catalog(queryset: QuerySet, name: str, value: str) -> QuerySet:
    return queryset  # applied together in DocumentFilter.filter_queryset


def _catalog_filter(label: StrOrPromise) -> django_filters.CharFilter:
    return django_filters.CharFilter(method=_catalog, label=label, max_length=100)


class DocumentFilter(django_filters.FilterSet):
    agency = _catalog_filter(_("Agency code (includes its sub-agencies)"))
    theme = _catalog_filter(_("Theme id (a top-level theme includes its sub-themes)"))
    genre = _catalog_filter(_("Genre id"))
    validity = _catalog_filter(_("Validity: valid, expired, repealed or amended"))
    disclosure_attribute = django_filters.ChoiceFilter(
        choices=DisclosureAttribute.choices, label=_("Disclosure attribute")
    )
    catalog_item = _catalog_filter(_("Catalog item id"))
    domain = _catalog_filter(_("Catalog domain slug"))
    is_normative = django_filters.BooleanFilter(label=_("Normative document"))
    historical = _catalog_filter(_("1: historical documents only (published before this site)"))
    art20 = _catalog_filter(
        _("Category under Art 20 (1-15; chosen, or placed by normative flag, theme, domain)")
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

    def filter_queryset(self, queryset: QuerySet[Document]) -> QuerySet[Document]:
        """The other filters, then the catalog's, parsed and applied as the catalog pages do;
        ``ignored`` names the catalog parameters left out."""
        queryset = super().filter_queryset(queryset)
        params = {
            page: str(self.data.get(name, ""))
            for name, page in CATALOG_PARAMETERS.items()
            if name in self.data
        }
        catalog = selectors.parse_catalog_filters(params)
        self.ignored = [name for name, page in CATALOG_PARAMETERS.items()
                        if page in catalog.ignored]  # fmt: skip
        return catalog.apply(queryset)

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
