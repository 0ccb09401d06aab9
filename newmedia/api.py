"""The public API of the 政务新媒体 list (/api/v1/newmedia-accounts/): published accounts, with
their QR code's address."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from newmedia import selectors
from newmedia.filters import AccountFilter
from newmedia.models import Account
from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


class AccountSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    platform_label = serializers.CharField()
    link = serializers.CharField(source="safe_link")
    is_closed = serializers.BooleanField()
    qr_code_url = serializers.SerializerMethodField()
    url = AbsoluteUrlField()

    class Meta:
        model = Account
        fields = ["id", "agency", "platform", "platform_label", "name", "handle", "link",
                  "description", "verification", "opened_on", "is_closed", "closed_on",
                  "closure_reason", "last_updated_on", "inspection_status", "inspected_on",
                  "qr_code_url", "published_at", "url"]  # fmt: skip

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_qr_code_url(self, obj: Account) -> str | None:
        if not obj.qr_code:
            return None
        request = self.context.get("request")
        path = obj.get_qr_url()
        return request.build_absolute_uri(path) if request is not None else path


class AccountListAPI(PublicListAPIView):
    serializer_class = AccountSerializer
    filterset_class = AccountFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Account]:
        return selectors.published()


class AccountDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = AccountSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Account]:
        return scope_to_site(selectors.published(), api_site(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        account = self.get_object()
        return self.conditional(request, account, self.get_serializer(account).data)
