"""The public API of the message box (/api/v1/messages/): published messages only — the
question as published (personal data masked) and the published replies; never the citizen's
name or contacts, the original text, or a message the citizen did not agree to publish."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from disclosure.filters import agency_and_below
from interaction import selectors
from interaction.models import Message, MessageReply
from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


class MessageFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    kind = django_filters.CharFilter(field_name="kind__code", label=_("Kind code"))
    received_after = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("Received on or after")
    )
    received_before = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("Received on or before")
    )
    replied_after = django_filters.DateFilter(
        field_name="replied_on", lookup_expr="gte", label=_("Replied on or after")
    )

    class Meta:
        model = Message
        fields: list[str] = []


class ReplySerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()

    class Meta:
        model = MessageReply
        fields = ["agency", "text", "published_at"]


class MessageSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="public_subject")
    text = serializers.CharField(source="public_text")
    kind = serializers.CharField(source="kind.name")
    agency = AgencyRefSerializer()
    replies = ReplySerializer(source="public_replies", many=True)
    url = AbsoluteUrlField()

    class Meta:
        model = Message
        fields = ["tracking_number", "kind", "subject", "text", "agency", "received_on",
                  "replied_on", "rating", "replies", "url"]  # fmt: skip


class MessageListAPI(PublicListAPIView):
    serializer_class = MessageSerializer
    filterset_class = MessageFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Message]:
        return selectors.published_messages()


class MessageDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = MessageSerializer
    filter_backends: list = []
    lookup_field = "tracking_number"

    def get_queryset(self) -> QuerySet[Message]:
        # Within the site asked about, as the lists (portal.api_cache).
        return scope_to_site(selectors.published_messages(), api_site(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        message = self.get_object()
        return self.conditional(request, message, self.get_serializer(message).data)
