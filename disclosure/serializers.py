"""Shapes of the public API's disclosure records (shape only: the views choose the rows).

Field labels come from the models' translated verbose names, so the schema and OPTIONS show
them in the request's language (Chinese or English). Never exposed: who drafted, reviewed or
published a document (staff accounts), review notes, and the negative list's screening
keywords.
"""

from __future__ import annotations

from rest_framework import serializers

from disclosure.models import Attachment, CatalogDomain, CatalogItem, Document, NegativeListEntry
from portal.models import Agency
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


class AgencySerializer(serializers.ModelSerializer):
    parent_code = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "level",
            "kind",
            "is_active",
            "depth",
            "parent_code",
            "office_name",
            "office_address",
            "office_postcode",
            "office_hours",
            "office_phone",
            "office_fax",
            "office_email",
            "office_website",
            "updated_at",
        ]

    def get_parent_code(self, agency: Agency) -> str | None:
        parents = self.context.get("codes_by_path", {})
        return parents.get(agency.path[: -Agency.steplen]) if agency.depth > 1 else None


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    url = AbsoluteUrlField()
    # Its text was read by OCR (a scan): for reference only.
    machine_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Attachment
        fields = ["name", "kind", "size", "url", "machine_read"]


class DocumentSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    issuer = serializers.CharField(source="issuer_names", read_only=True)
    theme = serializers.CharField(read_only=True, allow_null=True)
    theme_id = serializers.IntegerField(allow_null=True)
    genre = serializers.CharField(read_only=True, allow_null=True)
    genre_id = serializers.IntegerField(allow_null=True)
    catalog_item_id = serializers.IntegerField(allow_null=True)
    catalog_domain = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True)
    url = AbsoluteUrlField()

    class Meta:
        model = Document
        fields = [
            "id",
            "index_number",
            "title",
            "doc_number",
            "agency",
            "issuer",
            "date_formed",
            "date_published",
            "theme",
            "theme_id",
            "genre",
            "genre_id",
            "catalog_item_id",
            "catalog_domain",
            "validity",
            "disclosure_attribute",
            "scope",
            "is_normative",
            "is_historical",
            "attachments",
            "url",
        ]

    def get_catalog_domain(self, document: Document) -> str | None:
        item = document.catalog_item
        return item.domain.slug if item is not None else None


class DocumentDetailSerializer(DocumentSerializer):
    replaced_by = serializers.IntegerField(source="replaced_by_id", read_only=True, allow_null=True)

    class Meta(DocumentSerializer.Meta):
        fields = [
            *DocumentSerializer.Meta.fields,
            "keywords",
            "effective_date",
            "expiry_date",
            "replaced_by",
            "summary",
            "body",
            "updated_at",
        ]


class CatalogDomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = CatalogDomain
        fields = ["slug", "name", "order", "description"]


class CatalogItemSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    domain: serializers.SlugRelatedField[CatalogDomain] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    domain_name = serializers.CharField(source="domain.name", read_only=True)
    channel_labels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = CatalogItem
        fields = [
            "id",
            "agency",
            "domain",
            "domain_name",
            "item_level1",
            "item_level2",
            "content",
            "legal_basis",
            "time_limit",
            "responsible",
            "channels",
            "channel_labels",
            "audience",
            "mode",
            "level_county",
            "level_township",
            "updated_at",
        ]


class NegativeListEntrySerializer(serializers.ModelSerializer):
    # Deliberately without ``keywords``: screening aids are internal (domain-spec section 3).
    agency = AgencyRefSerializer()

    class Meta:
        model = NegativeListEntry
        fields = [
            "id",
            "agency",
            "category",
            "matter",
            "legal_ground",
            "basis",
            "effective_date",
            "last_reviewed_on",
        ]
