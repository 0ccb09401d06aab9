"""The shapes every published record's API shares: its public address, the agency it belongs
to, and what a withdrawn record's address still says (HTTP 410)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from rest_framework import serializers

from portal.models import Agency


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.ReadOnlyField):
    """The object's public page (``get_absolute_url``) as an absolute URL."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "get_absolute_url")
        super().__init__(**kwargs)

    def to_representation(self, value: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request is not None else value


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name"]


class WithdrawnSerializer(serializers.Serializer):
    """What a withdrawn record's address still says (HTTP 410): that it was withdrawn, and why."""

    id = serializers.IntegerField()
    index_number = serializers.CharField(allow_null=True, required=False)
    title = serializers.CharField()
    status = serializers.CharField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    withdrawal_reason = serializers.CharField()
