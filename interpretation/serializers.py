"""Shapes of the public API's interpretations, Q&A entries and consultations (shape only).

Never exposed: commenters' names and contacts, moderation notes, staff accounts.

The bodies written in the editor (sections, a consultation's texts and report, an answer) are
stored as HTML; their fields here stay the plain text they always were (``BodyTextField``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Field
from rest_framework import serializers

from disclosure.models import Document
from interpretation import bodies
from interpretation.models import (
    SECTION_FIELDS,
    Consultation,
    Interpretation,
    PolicyQuestion,
    Topic,
)
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer

BODY_TEXT_HELP = "Plain text: paragraphs separated by a blank line, without markup."


class BodyTextField(serializers.CharField):
    """A body written in the editor, as the plain text it reads (tags removed)."""

    def to_representation(self, value: Any) -> str:
        return bodies.body_text(str(value))


class BodyTextMixin(serializers.ModelSerializer):
    """The model's rich-text bodies (``interpretation.bodies.BODIES``) as plain text."""

    def build_standard_field(
        self, field_name: str, model_field: Field[Any, Any]
    ) -> tuple[type[serializers.Field], dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if field_name in bodies.BODIES[self.Meta.model][0]:
            return BodyTextField, {**kwargs, "help_text": BODY_TEXT_HELP}
        return field_class, kwargs


class DocumentRefSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Document
        fields = ["id", "index_number", "title", "url"]


class InterpretationSerializer(BodyTextMixin, serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    documents = DocumentRefSerializer(source="published_documents", many=True)
    url = AbsoluteUrlField()

    class Meta:
        model = Interpretation
        fields = ["id", "title", "form", "agency", "department", "published_at", "documents", "url"]


class InterpretationDetailSerializer(InterpretationSerializer):
    class Meta(InterpretationSerializer.Meta):
        fields = [
            *InterpretationSerializer.Meta.fields,
            "summary",
            *SECTION_FIELDS,
            "interpreter",
            "interpreter_title",
            "transcript",
            "updated_at",
        ]


class PolicyQuestionSerializer(BodyTextMixin, serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    topics: serializers.SlugRelatedField[Topic] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    documents = DocumentRefSerializer(source="published_documents", many=True)
    url = AbsoluteUrlField()

    class Meta:
        model = PolicyQuestion
        fields = ["id", "question", "answer", "agency", "topics", "documents", "updated_at", "url"]


class ConsultationSerializer(BodyTextMixin, serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    url = AbsoluteUrlField()

    class Meta:
        model = Consultation
        fields = ["id", "title", "agency", "opens_on", "closes_on", "published_at", "url"]


class ConsultationDetailSerializer(ConsultationSerializer):
    class Meta(ConsultationSerializer.Meta):
        fields = [
            *ConsultationSerializer.Meta.fields,
            "draft_text",
            "basis",
            "explanation",
            "contact",
            "closed_at",
            "report",
            "report_published_at",
            "updated_at",
        ]
