"""The public API of proactive disclosure (/api/v1/): agencies, documents, the standard
catalog and the negative list. Read-only; every queryset comes from ``disclosure.selectors``
(published records only), so the API cannot show more than the public pages do."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema

from django.db.models import Model, QuerySet
from django.utils.http import http_date, quote_etag
from rest_framework import generics, status
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from disclosure import filters, selectors, serializers
from disclosure.models import CatalogDomain, CatalogItem, Document
from portal.api_paging import CheckedCursorPagination
from portal.models import Agency
from publishing.models import Status


class DocumentCursorPagination(CheckedCursorPagination):
    """Cursor pagination: constant cost at any depth of a 100,000-row list."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-date_published", "-id")


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _etag(data: Any) -> str:
    payload = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return quote_etag(hashlib.sha256(payload.encode()).hexdigest()[:32])


class ConditionalRetrieveMixin:
    """ETag (of the representation) and Last-Modified (``updated_at``) on detail responses;
    a matching If-None-Match answers 304 without a body."""

    def conditional(self, request: Request, obj: Model, data: Any) -> Response:
        etag = _etag(data)
        if_none_match = request.headers.get("If-None-Match", "")
        if etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match == "*":
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(data)
        response["ETag"] = etag
        modified = getattr(obj, "updated_at", None)
        if modified is not None:
            response["Last-Modified"] = http_date(modified.timestamp())
        return response


def withdrawn_response(obj: Any) -> Response:
    """HTTP 410 Gone: the record was published and then withdrawn; the notice stays."""
    data = serializers.WithdrawnSerializer(obj).data
    return Response(data, status=status.HTTP_410_GONE)


# --- Agencies -----------------------------------------------------------------------------


class AgencyListAPI(generics.ListAPIView):
    """The agency tree in tree order (depth-first by path); ``parent_code`` links the levels."""

    serializer_class = serializers.AgencySerializer
    filterset_class = filters.AgencyFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Agency]:
        return Agency.objects.order_by("path")

    def get_serializer_context(self) -> dict[str, Any]:
        # One query for the parents' codes of the whole tree (it is small: hundreds of rows).
        context = super().get_serializer_context()
        context["codes_by_path"] = dict(Agency.objects.values_list("path", "code"))
        return context


class AgencyDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = serializers.AgencySerializer
    lookup_field = "code"
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Agency]:
        return Agency.objects.all()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["codes_by_path"] = dict(Agency.objects.values_list("path", "code"))
        return context

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agency = self.get_object()
        return self.conditional(request, agency, self.get_serializer(agency).data)


# --- Documents ----------------------------------------------------------------------------


class DocumentListAPI(generics.ListAPIView):
    """Published documents, newest first, with their catalog metadata and attachment links."""

    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter
    pagination_class = DocumentCursorPagination
    filter_backends = [*generics.ListAPIView.filter_backends, OrderingFilter]
    ordering_fields = ["date_published", "date_formed", "id"]
    ordering = ["-date_published", "-id"]

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
        return selectors.public_documents().prefetch_related("co_issuers", "attachments")

    @extend_schema(
        responses={
            200: serializers.DocumentDetailSerializer,
            410: OpenApiResponse(serializers.WithdrawnSerializer, description="Withdrawn"),
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


class CatalogDomainListAPI(generics.ListAPIView):
    serializer_class = serializers.CatalogDomainSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[CatalogDomain]:
        return CatalogDomain.objects.order_by("order", "name")


class CatalogItemListAPI(generics.ListAPIView):
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


class NegativeListAPI(generics.ListAPIView):
    """The negative list entries in force (never their screening keywords)."""

    serializer_class = serializers.NegativeListEntrySerializer
    filterset_class = filters.NegativeListFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet:
        return selectors.negative_list_entries()
