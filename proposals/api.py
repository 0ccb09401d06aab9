"""The public API of replies to suggestions and proposals (/api/v1/proposals/): published
items; the detail carries the reply (sanitised HTML). The proposer is the published name only:
the model holds nothing else about a person."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from proposals import deadlines, selectors
from proposals.filters import ProposalFilter
from proposals.models import Proposal
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


class ProposalSerializer(serializers.ModelSerializer):
    lead_agency = AgencyRefSerializer(source="agency")
    assisting_agencies = AgencyRefSerializer(many=True)
    reply_due = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()
    url = AbsoluteUrlField()

    class Meta:
        model = Proposal
        fields = ["id", "kind", "year", "session", "number", "title", "proposer", "lead_agency",
                  "assisting_agencies", "received_on", "replied_on", "reply_due", "late",
                  "category", "published_at", "url"]  # fmt: skip

    @extend_schema_field(serializers.DateField())
    def get_reply_due(self, obj: Proposal) -> str:
        return deadlines.reply_due(obj.received_on).isoformat()

    @extend_schema_field(serializers.BooleanField())
    def get_late(self, obj: Proposal) -> bool:
        return deadlines.is_late(obj)


class ProposalDetailSerializer(ProposalSerializer):
    reply = serializers.SerializerMethodField()

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "reply"]

    @extend_schema_field(serializers.CharField())
    def get_reply(self, obj: Proposal) -> str:
        return str(obj.reply_html)


class ProposalListAPI(PublicListAPIView):
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Proposal]:
        return selectors.published()


class ProposalDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = ProposalDetailSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Proposal]:
        return scope_to_site(selectors.published(), api_site(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = self.get_object()
        return self.conditional(request, proposal, self.get_serializer(proposal).data)
