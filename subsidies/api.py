"""The public API of beneficiary lists (/api/v1/subsidy-lists/): lists on display only
(published, within their 公示期), with their totals computed from the rows, and their rows as
the public table shows them: masked (names 张**, ID numbers 331102********1234, cards and
phones by their last digits), never in clear."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer
from subsidies import selectors
from subsidies.filters import BeneficiaryListFilter
from subsidies.models import BeneficiaryList, BeneficiaryRow


class BeneficiaryListColumnSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="The row field (name, id_number, bank_card, phone, address, community, "
        "amount, people, category) or, for a column not recognised, its key in the row's extra."
    )
    heading = serializers.CharField()


class BeneficiaryListSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    agency = AgencyRefSerializer()
    row_count = serializers.IntegerField(help_text="Beneficiaries (rows) on the list.")
    people_total = serializers.IntegerField(
        allow_null=True, help_text="People covered, when the list has a 人数 column."
    )
    amount_total = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True,
        help_text="Total amount in yuan, when the list has an amount column.",
    )  # fmt: skip
    columns = BeneficiaryListColumnSerializer(many=True)
    url = AbsoluteUrlField()
    rows_url = serializers.SerializerMethodField()

    class Meta:
        model = BeneficiaryList
        fields = ["id", "title", "kind", "kind_label", "period", "notice_start", "notice_end",
                  "supervision_phone", "notes", "agency", "row_count", "people_total",
                  "amount_total", "columns", "published_at", "url", "rows_url"]  # fmt: skip

    def get_rows_url(self, obj: BeneficiaryList) -> str:
        url = reverse("api:subsidy-list-rows", kwargs={"pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class BeneficiaryRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = BeneficiaryRow
        fields = ["number", "name", "id_number", "bank_card", "phone", "address", "community",
                  "category", "amount", "people", "extra"]  # fmt: skip


class BeneficiaryListListAPI(PublicListAPIView):
    serializer_class = BeneficiaryListSerializer
    filterset_class = BeneficiaryListFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[BeneficiaryList]:
        return selectors.lists()


class BeneficiaryListDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = BeneficiaryListSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[BeneficiaryList]:
        return scope_to_site(selectors.lists(), api_site(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        beneficiary_list = self.get_object()
        data = self.get_serializer(beneficiary_list).data
        return self.conditional(request, beneficiary_list, data)


class BeneficiaryRowListAPI(PublicListAPIView):
    """The masked rows of a list on display, in its order."""

    serializer_class = BeneficiaryRowSerializer
    pagination_class = StandardPagination
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[BeneficiaryRow]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return BeneficiaryRow.objects.none()
        beneficiary_list = selectors.list_on_display(int(self.kwargs["pk"]))
        # The rows have no agency of their own: the list's decides whether the site shows them.
        if beneficiary_list is None or not api_site(self.request).contains(beneficiary_list.agency):
            raise Http404
        return selectors.rows_of(beneficiary_list)
