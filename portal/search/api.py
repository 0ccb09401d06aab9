"""GET /api/v1/search/?q=… : the search page's results and facet counts as JSON.

The parameters are those of the page (q, type, agency, theme, genre, year, validity, sort,
page). Serializers give the shape only; the search is ``portal.search.query.search``.
"""

from __future__ import annotations

import html
from dataclasses import replace

from django.utils.html import strip_tags
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api_cache import api_site
from portal.search import query


class FacetCountSerializer(serializers.Serializer):
    value = serializers.CharField()
    # A declared field: the serializer's metaclass takes it out of the class attributes, so it
    # does not replace Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchHitSerializer(serializers.Serializer):
    title = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    type = serializers.CharField()
    type_label = serializers.CharField()
    agency = serializers.CharField(source="agency_name")
    date = serializers.DateField(allow_null=True)
    validity = serializers.CharField()
    validity_label = serializers.CharField()
    snippet = serializers.SerializerMethodField()
    snippet_html = serializers.CharField(source="snippet")
    exact_match = serializers.BooleanField(source="exact")
    # Part of the text was read by OCR from scans: for reference only.
    machine_read = serializers.BooleanField()

    def get_title(self, hit: query.SearchHit) -> str:
        return html.unescape(strip_tags(hit.title))

    def get_url(self, hit: query.SearchHit) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(hit.url) if request is not None else hit.url

    def get_snippet(self, hit: query.SearchHit) -> str:
        return html.unescape(strip_tags(hit.snippet))


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField(source="params.q")
    sort = serializers.CharField(source="params.sort")
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    per_page = serializers.IntegerField()
    ignored_parameters = serializers.ListField(
        source="params.ignored", child=serializers.CharField()
    )
    results = SearchHitSerializer(source="hits", many=True)
    facets = serializers.DictField(child=FacetCountSerializer(many=True))


class SearchView(APIView):
    """Full-text search of published government information."""

    def get(self, request: Request) -> Response:
        params = replace(
            query.parse_params(request.query_params),
            site_path=api_site(request).root_path,
        )
        results = query.search(params)
        return Response(SearchResponseSerializer(results, context={"request": request}).data)
