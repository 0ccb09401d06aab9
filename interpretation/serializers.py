"""Shapes of the public API's interpretations, Q&A entries and consultations (shape only).

Never exposed: commenters' names and contacts, moderation notes, staff accounts."""

from __future__ import annotations

from rest_framework import serializers

from disclosure.models import Document
from interpretation.models import (
    SECTION_FIELDS,
    Consultation,
    Interpretation,
    PolicyQuestion,
    Topic,
)
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


class DocumentRefSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Document
        fields = ["id", "index_number", "title", "url"]


class InterpretationSerializer(serializers.ModelSerializer):
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


class PolicyQuestionSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    topics: serializers.SlugRelatedField[Topic] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    documents = DocumentRefSerializer(source="published_documents", many=True)
    url = AbsoluteUrlField()

    class Meta:
        model = PolicyQuestion
        fields = ["id", "question", "answer", "agency", "topics", "documents", "updated_at", "url"]


class ConsultationSerializer(serializers.ModelSerializer):
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
