"""The public API of proactive disclosure (/api/v1/): agencies, documents, the standard
catalog and the negative list. Read-only; every queryset comes from ``disclosure.selectors``
(published records only), so the API cannot show more than the public pages do."""

from __future__ import annotations

from typing import Any, TypeVar

from drf_spectacular.utils import OpenApiResponse, extend_schema

from django.db.models import QuerySet
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from disclosure import filters, selectors, serializers
from disclosure.models import CatalogDomain, CatalogItem, Document
from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from portal.api_paging import CheckedCursorPagination
from portal.models import Agency
from publishing.api import ConditionalRetrieveMixin, StandardPagination, withdrawn_response
from publishing.models import Status
from publishing.serializers import WithdrawnSerializer

_Row = TypeVar("_Row")


class KeptFilterBackend(DjangoFilterBackend):
    """django-filter's backend, keeping the filterset on the view (for its ``ignored``)."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise filter_utils.translate_validation(filterset.errors)
        view.filterset = filterset
        return filterset.qs


class DocumentCursorPagination(CheckedCursorPagination):
    """Cursor pagination: constant cost at any depth of a 100,000-row list."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-date_published", "-id")
    # The filter parameters left out, set by the view for the page it paginates.
    ignored: list[str]

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["ignored"] = getattr(self, "ignored", [])
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["ignored"] = {
            "type": "array",
            "items": {"type": "string"},
            "description": "Filter parameters left out: malformed, or naming nothing "
            "(an unknown agency code, theme id...). The catalog pages do the same.",
        }
        return paginated


# --- Agencies -----------------------------------------------------------------------------


class AgencyListAPI(PublicListAPIView):
    """The agency tree in tree order (depth-first by path); ``parent_code`` links the levels."""

    serializer_class = serializers.AgencySerializer
    filterset_class = filters.AgencyFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Agency]:
        return Agency.objects.order_by("path")

    def get_serializer_context(self) -> dict[str, Any]:
        # One query for the parents' codes of the whole tree (it is small: hundreds of rows).
        codes_by_path = dict(Agency.objects.values_list("path", "code"))
        return {**super().get_serializer_context(), "codes_by_path": codes_by_path}


class AgencyDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = serializers.AgencySerializer
    lookup_field = "code"
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Agency]:
        return scope_to_site(Agency.objects.all(), api_site(self.request))

    def get_serializer_context(self) -> dict[str, Any]:
        codes_by_path = dict(Agency.objects.values_list("path", "code"))
        return {**super().get_serializer_context(), "codes_by_path": codes_by_path}

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agency = self.get_object()
        return self.conditional(request, agency, self.get_serializer(agency).data)


# --- Documents ----------------------------------------------------------------------------


class DocumentListAPI(PublicListAPIView):
    """Published documents, newest first, with their catalog metadata and attachment links."""

    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter
    pagination_class = DocumentCursorPagination
    filter_backends = [KeptFilterBackend, OrderingFilter]
    ordering_fields = ["date_published", "date_formed", "id"]
    ordering = ["-date_published", "-id"]

    def filter_queryset(self, queryset: QuerySet[Document, _Row]) -> QuerySet[Document, _Row]:
        queryset = super().filter_queryset(queryset)
        filterset = getattr(self, "filterset", None)
        paginator = self.paginator
        if isinstance(paginator, DocumentCursorPagination):
            paginator.ignored = getattr(filterset, "ignored", [])
        return queryset

    def get_queryset(self) -> QuerySet[Document]:
        # The list shows no body or summary: leave the large text columns in the database.
        return (
            selectors.published_documents()
            .defer("body", "summary", "review_notes", "withdrawal_reason")
            .prefetch_related("attachments")
        )


class DocumentDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    """One document. A withdrawn document answers 410 Gone with its withdrawal notice."""

    serializer_class = serializers.DocumentDetailSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Document]:
        return scope_to_site(
            selectors.public_documents().prefetch_related("co_issuers", "attachments"),
            api_site(self.request),
        )

    @extend_schema(
        responses={
            200: serializers.DocumentDetailSerializer,
            410: OpenApiResponse(WithdrawnSerializer, description="Withdrawn"),
        }
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        document = self.get_object()
        if document.status == Status.WITHDRAWN:
            return withdrawn_response(document)
        return self.conditional(request, document, self.get_serializer(document).data)


# --- Standard catalog and negative list ---------------------------------------------------


class CatalogDomainListAPI(PublicListAPIView):
    serializer_class = serializers.CatalogDomainSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[CatalogDomain]:
        return CatalogDomain.objects.order_by("order", "name")


class CatalogItemListAPI(PublicListAPIView):
    serializer_class = serializers.CatalogItemSerializer
    filterset_class = filters.CatalogItemFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[CatalogItem]:
        return CatalogItem.objects.select_related("agency", "domain").order_by(
            "agency__path", "domain__order", "order", "id"
        )


class CatalogItemDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = serializers.CatalogItemSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[CatalogItem]:
        return CatalogItem.objects.select_related("agency", "domain")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        return self.conditional(request, item, self.get_serializer(item).data)


class NegativeListAPI(PublicListAPIView):
    """The negative list entries in force (never their screening keywords)."""

    serializer_class = serializers.NegativeListEntrySerializer
    filterset_class = filters.NegativeListFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet:
        return selectors.negative_list_entries()
