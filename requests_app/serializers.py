"""Shapes of the staff request API (shape only). Lists show applicants' data masked; the
detail shows them in full only to the request's handler and the agency's office head and privacy
officer (``access.can_see_personal_data``).
The transition payloads are the services' keyword arguments, validated here."""

from __future__ import annotations

from django.contrib.auth.models import User
from rest_framework import serializers

from requests_app import privacy
from requests_app.models import (
    FeeNotice,
    InformationRequest,
    NoticeService,
    RequestEvent,
    VolumeInquiry,
)


class RequestListSerializer(serializers.ModelSerializer):
    agency_code = serializers.CharField(source="agency.code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    applicant = serializers.SerializerMethodField()
    # null until the request is registered (the schema must say so: the API fuzzing checks).
    handler: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "tracking_number",
            "agency_code",
            "agency_name",
            "status",
            "channel",
            "received_on",
            "due_date",
            "due_provisional",
            "handler",
            "applicant",
            "outcome",
            "answered_on",
            "closed_on",
        ]

    def get_applicant(self, info_request: InformationRequest) -> str:
        return privacy.mask_name(info_request.name)


class RequestEventSerializer(serializers.ModelSerializer):
    # null for the applicant's own and the system's events.
    actor: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = RequestEvent
        fields = ["action", "from_status", "to_status", "actor", "note", "created_at"]


class RequestDetailSerializer(RequestListSerializer):
    phone = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    id_number = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    events = RequestEventSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(RequestListSerializer.Meta):
        fields = [
            *RequestListSerializer.Meta.fields,
            "applicant_type",
            "phone",
            "email",
            "id_number",
            "address",
            "description",
            "document_title",
            "document_number",
            "purpose",
            "delivery_method",
            "delivery_form",
            "events",
            "actions",
        ]

    def _full(self) -> bool:
        return bool(self.context.get("personal_data"))

    def get_applicant(self, info_request: InformationRequest) -> str:
        return info_request.name if self._full() else privacy.mask_name(info_request.name)

    def get_phone(self, info_request: InformationRequest) -> str:
        return info_request.phone if self._full() else privacy.mask_phone(info_request.phone)

    def get_email(self, info_request: InformationRequest) -> str:
        return (
            (info_request.email or "") if self._full() else privacy.mask_email(info_request.email)
        )

    def get_id_number(self, info_request: InformationRequest) -> str:
        return (
            (info_request.id_number or "")
            if self._full()
            else privacy.mask_id(info_request.id_number)
        )

    def get_address(self, info_request: InformationRequest) -> str:
        return (info_request.address or "") if self._full() else ""

    def get_actions(self, info_request: InformationRequest) -> list[str]:
        return [name for name, _label in self.context.get("actions", [])]


class NoPayload(serializers.Serializer):
    pass


class CorrectionPayload(serializers.Serializer):
    notified_on = serializers.DateField()
    what_to_supplement = serializers.CharField()
    period_workdays = serializers.IntegerField(min_value=1, max_value=60, default=15)
    served_by = serializers.ChoiceField(
        choices=NoticeService.choices, default=NoticeService.ELECTRONIC
    )
    served_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReceivedOnPayload(serializers.Serializer):
    received_on = serializers.DateField()


class ConsultPayload(serializers.Serializer):
    sent_on = serializers.DateField()
    party = serializers.CharField()
    letter_received_on = serializers.DateField(required=False, allow_null=True)


class ConsultEndedPayload(serializers.Serializer):
    ended_on = serializers.DateField()
    result = serializers.CharField()


class ExtendPayload(serializers.Serializer):
    workdays = serializers.IntegerField(min_value=1, max_value=20)
    reason = serializers.CharField()
    applicant_informed_on = serializers.DateField(required=False, allow_null=True)


class FeePaidPayload(serializers.Serializer):
    paid_on = serializers.DateField()


class ReasonPayload(serializers.Serializer):
    reason = serializers.CharField()


class WithdrawPayload(serializers.Serializer):
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class ClosePayload(serializers.Serializer):
    delivery_method = serializers.CharField()
    delivered_on = serializers.DateField()


class FeeNoticePayload(serializers.Serializer):
    method = serializers.ChoiceField(choices=FeeNotice.Method.choices)
    pages = serializers.IntegerField(required=False, allow_null=True, min_value=0, default=None)
    sent_on = serializers.DateField()
    served_by = serializers.ChoiceField(
        choices=NoticeService.choices, default=NoticeService.ELECTRONIC
    )
    received_on = serializers.DateField(required=False, allow_null=True, default=None)


class NoticeServedPayload(serializers.Serializer):
    served_on = serializers.DateField()


class ReopenPayload(serializers.Serializer):
    reason = serializers.CharField()
    period_workdays = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=60, default=None
    )


class AskReasonsPayload(serializers.Serializer):
    asked_on = serializers.DateField()
    question = serializers.CharField()


class ReasonsReceivedPayload(serializers.Serializer):
    received_on = serializers.DateField()
    reply = serializers.CharField()


class VolumeDecisionPayload(serializers.Serializer):
    decision = serializers.ChoiceField(choices=VolumeInquiry.Decision.choices)
    reason = serializers.CharField()
    later_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class SplitPayload(serializers.Serializer):
    matters = serializers.ListField(
        child=serializers.CharField(max_length=5000), min_length=2, max_length=20
    )


class AnswerPayload(serializers.Serializer):
    outcome = serializers.CharField()
    reasons = serializers.CharField(required=False, default="", allow_blank=True)
    withheld_parts = serializers.CharField(required=False, default="", allow_blank=True)
    answered_on = serializers.DateField(required=False, allow_null=True)
    not_ours = serializers.BooleanField(required=False, default=False)
    special_procedure = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=200
    )
    procedure_agency = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=200
    )


class TransitionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
