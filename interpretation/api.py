"""The public API of interpretations, policy Q&A and consultations (/api/v1/). Querysets come
from ``interpretation.selectors``: published records only; a withdrawn interpretation or
consultation answers 410 Gone with its notice.

Every list and record is the site's asked about (``api_site``: the host's, or ``?site=<host>``):
its agencies' records, linking the documents it shows; another site's record is a 404."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema

from django.db.models import QuerySet
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from interpretation import filters, selectors, serializers
from interpretation.models import Consultation, Interpretation, PolicyQuestion
from portal.api_cache import PublicListAPIView, scope_to_site, view_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination, withdrawn_response
from publishing.models import Status
from publishing.serializers import WithdrawnSerializer

GONE = {410: OpenApiResponse(WithdrawnSerializer, description="Withdrawn")}


class InterpretationListAPI(PublicListAPIView):
    serializer_class = serializers.InterpretationSerializer
    filterset_class = filters.InterpretationFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Interpretation]:
        return selectors.published_interpretations(view_site(self))


class InterpretationDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = serializers.InterpretationDetailSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Interpretation]:
        site = view_site(self)
        return scope_to_site(
            selectors.public_interpretations().prefetch_related(
                selectors._published_documents(site)
            ),
            site,
        )

    @extend_schema(responses={200: serializers.InterpretationDetailSerializer, **GONE})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        interpretation = self.get_object()
        if interpretation.status == Status.WITHDRAWN:
            return withdrawn_response(interpretation)
        data = self.get_serializer(interpretation).data
        return self.conditional(request, interpretation, data)


class PolicyQuestionListAPI(PublicListAPIView):
    serializer_class = serializers.PolicyQuestionSerializer
    filterset_class = filters.PolicyQuestionFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[PolicyQuestion]:
        return (
            selectors.published_questions(site=view_site(self))
            .order_by("order", "-updated_at", "-id")
            .distinct()
        )


class PolicyQuestionDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = serializers.PolicyQuestionSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[PolicyQuestion]:
        return selectors.published_questions(site=view_site(self))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        question = self.get_object()
        return self.conditional(request, question, self.get_serializer(question).data)


class ConsultationListAPI(PublicListAPIView):
    """Published consultations; no comments (their authors' names and contacts stay private)."""

    serializer_class = serializers.ConsultationSerializer
    filterset_class = filters.ConsultationFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Consultation]:
        return selectors.published_consultations(view_site(self)).order_by("-opens_on", "-id")


class ConsultationDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = serializers.ConsultationDetailSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Consultation]:
        return scope_to_site(selectors.public_consultations(), view_site(self))

    @extend_schema(responses={200: serializers.ConsultationDetailSerializer, **GONE})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        consultation = self.get_object()
        if consultation.status == Status.WITHDRAWN:
            return withdrawn_response(consultation)
        data = self.get_serializer(consultation).data
        return self.conditional(request, consultation, data)
