"""What every published record's public API shares (``/api/v1/``): page-number pagination for
short lists, conditional detail responses (ETag of the representation, Last-Modified from
``updated_at``, 304 on a match) and the 410 of a withdrawn record, which keeps its notice."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Model
from django.utils.http import http_date, quote_etag
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from publishing.serializers import WithdrawnSerializer


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
    data = WithdrawnSerializer(obj).data
    return Response(data, status=status.HTTP_410_GONE)
