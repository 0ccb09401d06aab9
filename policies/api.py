"""The public API of policy items (/api/v1/policy-items/): items on display only (published, of
a published document in force), with their conditions in words and as codes, the document and
article they come from, and the vocabulary of conditions (/api/v1/policy-criteria/).

Items are the site's asked about (``api_site``: the host's, or ``?site=<host>``); another
site's item is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from policies import matching, selectors
from policies.filters import PolicyItemFilter
from policies.models import Condition, CriterionValue, PolicyItem
from portal.api_cache import PublicListAPIView, view_site
from portal.models import Agency
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


class PolicyConditionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    description = serializers.SerializerMethodField()
    values: serializers.SlugRelatedField[CriterionValue] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    regions: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Condition
        fields = ["kind", "kind_label", "description", "values", "regions", "age_min", "age_max"]

    def get_description(self, obj: Condition) -> str:
        return matching.describe(obj)


class PolicyDocumentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    doc_number = serializers.CharField()
    validity = serializers.CharField()
    expiry_date = serializers.DateField(allow_null=True)
    url = AbsoluteUrlField()


class PolicyItemSerializer(serializers.ModelSerializer):
    audience_label = serializers.CharField(source="get_audience_display")
    delivery_label = serializers.CharField(source="get_delivery_display")
    guide_url = serializers.CharField(source="safe_guide_url")
    conditions = PolicyConditionSerializer(many=True)
    document = PolicyDocumentRefSerializer()
    article_url = serializers.SerializerMethodField()
    valid_until = serializers.DateField(allow_null=True)
    agency = AgencyRefSerializer()
    url = AbsoluteUrlField()

    class Meta:
        model = PolicyItem
        fields = ["id", "name", "summary", "audience", "audience_label", "conditions",
                  "benefit_amount", "benefit_text", "delivery", "delivery_label", "guide_url",
                  "how_to_apply", "time_limit", "contact_office", "contact_phone",
                  "apply_deadline", "valid_until", "document", "article_ref", "article_url",
                  "agency", "published_at", "url"]  # fmt: skip

    def get_article_url(self, obj: PolicyItem) -> str:
        request = self.context.get("request")
        url = obj.article_url
        return request.build_absolute_uri(url) if request is not None else url


def _items(view: Any) -> QuerySet[PolicyItem]:
    return selectors.with_conditions(selectors.on_display(site=view_site(view)))


class PolicyItemListAPI(PublicListAPIView):
    serializer_class = PolicyItemSerializer
    filterset_class = PolicyItemFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[PolicyItem]:
        return _items(self)


class PolicyItemDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = PolicyItemSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[PolicyItem]:
        return _items(self)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        return self.conditional(request, item, self.get_serializer(item).data)


class PolicyCriterionValueSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = CriterionValue
        fields = ["kind", "kind_label", "code", "name"]


class PolicyCriterionListAPI(PublicListAPIView):
    """The vocabulary of conditions (industries, sizes, household statuses, groups)."""

    serializer_class = PolicyCriterionValueSerializer
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self) -> QuerySet[CriterionValue]:
        return CriterionValue.objects.filter(is_active=True).order_by("kind", "order", "code")
