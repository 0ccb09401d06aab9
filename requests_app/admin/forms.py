"""The small forms of the request back office: one per move of the state machine (field names
are the service's keyword arguments), registration, released files and offline entry (Art 29)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.models import Document, NegativeListEntry
from portal import access
from portal.access import AnyUser
from portal.models import Agency, StaffRole
from portal.typed import StrOrPromise
from requests_app import deadlines, handling, identity
from requests_app.models import (
    RECORD_CORRECTION_OUTCOMES,
    ApplicantType,
    Channel,
    DeliveryMethod,
    FeeNotice,
    IdType,
    InformationRequest,
    NoticeService,
    Outcome,
    RequestKind,
    VolumeInquiry,
)

Role = StaffRole.Role
F = TypeVar("F", bound=forms.Field)
# An HTML date input needs ISO dates, whatever the locale formats.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: StrOrPromise, *, required: bool = True, today: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        initial=timezone.localdate if today else None,
    )


def _text(label: StrOrPromise, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows, "cols": 60})
    )


def _field(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's field ``name``, declared as a ``kind``."""
    field = form.fields[name]
    assert isinstance(field, kind)
    return field


# --- One small form per move; field names are the services' keyword arguments ---------------


class StepForm(forms.Form):
    def __init__(self, *args: Any, info_request: InformationRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.info_request = info_request


class RegisterForm(StepForm):
    received_on = _date(gettext_lazy("Receipt date (Art 31)"), today=False)


def _served_by_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("Notice sent"),
        choices=NoticeService.choices,
        initial=NoticeService.ELECTRONIC,
        required=False,
        help_text=gettext_lazy(
            "The applicant's period runs from the day they receive the notice: the day it is "
            "sent electronically; for post, record the delivery date when it is known."
        ),
    )


def _served_initial(info_request: InformationRequest) -> str:
    """Electronically when the applicant asked to receive answers online or by e-mail."""
    if info_request.delivery_method in {DeliveryMethod.ONLINE, DeliveryMethod.EMAIL}:
        return NoticeService.ELECTRONIC
    if info_request.delivery_method == DeliveryMethod.IN_PERSON:
        return NoticeService.IN_PERSON
    return NoticeService.POST


if TYPE_CHECKING:
    # The mixin is combined with a StepForm; mypy checks it as one.
    _StepForm = StepForm
else:
    _StepForm = object


class ServedByMixin(_StepForm):
    """The way a notice is sent defaults to how the applicant asked to receive answers."""

    def clean_served_by(self) -> str:
        return self.cleaned_data.get("served_by") or _served_initial(self.info_request)


class CorrectionForm(ServedByMixin, StepForm):
    notified_on = _date(gettext_lazy("Notified on"))
    what_to_supplement = _text(gettext_lazy("What to supplement"))
    period_workdays = forms.IntegerField(
        label=gettext_lazy("Period (working days)"), min_value=1, max_value=60, initial=15
    )
    served_by = _served_by_field()
    served_on = _date(
        gettext_lazy("Received by the applicant on (post, in person)"), required=False,
        today=False,
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["served_by"].initial = _served_initial(self.info_request)


class NoticeServedForm(StepForm):
    served_on = _date(gettext_lazy("The applicant received the notice on"))


class ReceiveCorrectionForm(StepForm):
    received_on = _date(gettext_lazy("Corrected request received on"))


class ConsultForm(StepForm):
    sent_on = _date(gettext_lazy("Letter sent on"))
    party = forms.CharField(label=gettext_lazy("Consulted party"), max_length=200)
    letter_received_on = _date(
        gettext_lazy("Letter received by the party on"), required=False, today=False
    )


class ThirdPartyRepliedForm(StepForm):
    ended_on = _date(gettext_lazy("Consultation ended on"))
    result = forms.ChoiceField(
        label=gettext_lazy("Result"), choices=list(handling.THIRD_PARTY_RESULTS.items())
    )


class AgencyRepliedForm(StepForm):
    ended_on = _date(gettext_lazy("Consultation ended on"))
    result = forms.ChoiceField(
        label=gettext_lazy("Result"), choices=list(handling.AGENCY_RESULTS.items())
    )


class ExtendForm(StepForm):
    workdays = forms.IntegerField(
        label=gettext_lazy("Working days"), min_value=1, max_value=deadlines.MAX_EXTENSION_WORKDAYS
    )
    reason = _text(gettext_lazy("Reason"))
    applicant_informed_on = _date(gettext_lazy("Applicant informed on"), required=False)


class FeeNoticeForm(ServedByMixin, StepForm):
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=FeeNotice.Method.choices)
    pages = forms.IntegerField(label=gettext_lazy("Pages (by volume)"), min_value=0, required=False)
    sent_on = _date(gettext_lazy("Sent on"))
    served_by = _served_by_field()
    received_on = _date(
        gettext_lazy("Received by the applicant on (post, in person)"), required=False,
        today=False,
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["served_by"].initial = _served_initial(self.info_request)


class ReopenForm(StepForm):
    reason = _text(gettext_lazy("The applicant's good reason (正当理由)"))
    period_workdays = forms.IntegerField(
        label=gettext_lazy("New period (working days)"), min_value=1, max_value=60,
        required=False,
        help_text=gettext_lazy("Empty: 15 working days to correct, 20 to pay."),
    )  # fmt: skip


class AskReasonsForm(StepForm):
    asked_on = _date(gettext_lazy("Asked on"))
    question = _text(gettext_lazy("What the applicant should explain"))


class ReasonsReceivedForm(StepForm):
    received_on = _date(gettext_lazy("Reasons received on"))
    reply = _text(gettext_lazy("The applicant's reasons"))


class VolumeDecisionForm(StepForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), choices=VolumeInquiry.Decision.choices,
        widget=forms.RadioSelect,
    )  # fmt: skip
    reason = _text(gettext_lazy("Reason"))
    later_due_on = _date(
        gettext_lazy("Reasonable later answer date (reasonable reasons only)"), required=False,
        today=False,
    )  # fmt: skip


class DiscloseDespiteObjectionForm(StepForm):
    reason = _text(
        gettext_lazy("Why withholding would significantly affect the public interest"), rows=5
    )


class SplitForm(StepForm):
    matters = forms.CharField(
        label=gettext_lazy("The matters, one per line"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60}),
        help_text=gettext_lazy(
            "The first line stays with this request; every other line becomes a request of "
            "its own with its own tracking number (一事一申请)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Start from what the applicant wrote: the handler breaks it into one line per matter.
        self.fields["matters"].initial = self.info_request.description

    def clean_matters(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["matters"].splitlines() if line.strip()]


class FeePaidForm(StepForm):
    paid_on = _date(gettext_lazy("Paid on"))


class WaiveForm(StepForm):
    reason = _text(gettext_lazy("Reason"))


class WithdrawForm(StepForm):
    reason = _text(gettext_lazy("Reason"), required=False)


class CloseForm(StepForm):
    delivery_method = forms.ChoiceField(
        label=gettext_lazy("Delivered by"), choices=DeliveryMethod.choices
    )
    delivered_on = _date(gettext_lazy("Delivered on"))


# The outcomes grouped as in the annual report (table 三); the two "abandoned" outcomes are
# set by the expiry of a period, never chosen.
OUTCOME_GROUPS = [
    (gettext_lazy("Disclosed"), [Outcome.ALREADY_PUBLIC, Outcome.DISCLOSED]),
    (gettext_lazy("Partly disclosed"), [Outcome.PARTIAL]),
    (gettext_lazy("Not disclosed"), [o for o in Outcome if o.value.startswith("withheld_")]),
    (gettext_lazy("Cannot provide"), [o for o in Outcome if o.value.startswith("unable_")]),
    (gettext_lazy("Not processed"), [o for o in Outcome if o.value.startswith("not_processed_")]),
    (gettext_lazy("Other"), [Outcome.OTHER]),
]


# Art 41: how a request to correct records about the applicant was handled.
RECORD_CORRECTION_GROUPS = [
    (gettext_lazy("Request to correct records (Art 41)"),
     [o for o in Outcome if o.value in RECORD_CORRECTION_OUTCOMES]),
]  # fmt: skip


def outcome_choices(kind: str = RequestKind.DISCLOSURE) -> list:
    groups = RECORD_CORRECTION_GROUPS if kind == RequestKind.RECORD_CORRECTION else OUTCOME_GROUPS
    return [("", "---------")] + [
        (group, [(o.value, o.label) for o in outcomes]) for group, outcomes in groups
    ]


class AnswerForm(StepForm):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=outcome_choices)
    reasons = _text(gettext_lazy("Reasons and explanation"), required=False, rows=4)
    withheld_parts = _text(gettext_lazy("Parts withheld and why (Art 37)"), required=False)
    negative_entry = forms.ModelChoiceField(
        label=gettext_lazy("Negative-list entry"), queryset=NegativeListEntry.objects.none(),
        required=False,
    )  # fmt: skip
    published_document = forms.ModelChoiceField(
        label=gettext_lazy("Where it is published"), queryset=Document.objects.none(),
        required=False,
    )  # fmt: skip
    referred_agency = forms.ModelChoiceField(
        label=gettext_lazy("The agency that holds it"), queryset=Agency.objects.none(),
        required=False,
    )  # fmt: skip
    not_ours = forms.BooleanField(
        label=gettext_lazy("Not this agency's to disclose (Art 36(五))"), required=False,
        help_text=gettext_lazy(
            "With “not held”: tick when the information exists but another agency is "
            "responsible; name it above if it can be identified, else explain why below."
        ),
    )  # fmt: skip
    special_procedure = forms.CharField(
        label=gettext_lazy("The procedure to use (Art 36(七))"), max_length=200, required=False,
        help_text=gettext_lazy("For an administrative inquiry matter, e.g. 不动产登记资料查询."),
    )  # fmt: skip
    procedure_agency = forms.CharField(
        label=gettext_lazy("The agency that runs it (if not in the list above)"),
        max_length=200, required=False,
    )  # fmt: skip
    answered_on = _date(gettext_lazy("Answered on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_id = self.info_request.agency_id
        # Only this agency's own negative list may be cited (handling.check_answer).
        _field(
            self, "negative_entry", forms.ModelChoiceField
        ).queryset = NegativeListEntry.objects.filter(agency_id=agency_id).in_force()
        _field(
            self, "published_document", forms.ModelChoiceField
        ).queryset = Document.objects.published().order_by("-date_published", "-pk")
        _field(
            self, "referred_agency", forms.ModelChoiceField
        ).queryset = Agency.objects.active().exclude(pk=agency_id)
        _field(self, "outcome", forms.ChoiceField).choices = outcome_choices(self.info_request.kind)


class ReleasedFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))


# --- Offline entry (Art 29) ----------------------------------------------------------------

OFFLINE_APPLICANT_FIELDS = [
    "applicant_type", "organisation_type", "name", "id_type", "id_number", "credit_code",
    "legal_representative", "contact_person", "phone", "email", "address", "postcode",
]  # fmt: skip
OFFLINE_REQUEST_FIELDS = [
    "kind", "description", "document_title", "document_number", "purpose", "delivery_method",
    "delivery_form", "fee_waiver_requested", "fee_waiver_reason",
]  # fmt: skip


class OfflineEntryForm(forms.ModelForm):
    """A request received on paper, in person, by post, fax, e-mail or orally (Art 29)."""

    note = _text(gettext_lazy("Note (how it was received)"), required=False)

    class Meta:
        model = InformationRequest
        fields = ["agency", "channel", "received_on", *OFFLINE_APPLICANT_FIELDS,
                  *OFFLINE_REQUEST_FIELDS]  # fmt: skip
        widgets = {
            "received_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "fee_waiver_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = access.agencies_for(user, [Role.HANDLER])
        _field(self, "agency", forms.ModelChoiceField).queryset = agencies
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk
        _field(self, "channel", forms.ChoiceField).choices = [
            (value, label) for value, label in Channel.choices if value != Channel.ONLINE
        ]
        self.fields["received_on"].required = True
        self.fields["received_on"].initial = timezone.localdate
        self.fields["kind"].required = False

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or RequestKind.DISCLOSURE

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        kind = cleaned.get("applicant_type")
        if kind == ApplicantType.PERSON:
            number = identity.normalize_resident_id(cleaned.get("id_number") or "")
            if cleaned.get("id_type") == IdType.RESIDENT_ID:
                if identity.resident_id_problem(number):
                    self.add_error("id_number", _("This is not a valid resident ID number."))
                cleaned["id_number"] = number
            elif number and not cleaned.get("id_type"):
                self.add_error("id_type", _("Say which identity document the number is from."))
        elif kind == ApplicantType.ORGANISATION:
            if not cleaned.get("organisation_type"):
                self.add_error("organisation_type", _("Choose the kind of organisation."))
            code = identity.normalize_credit_code(cleaned.get("credit_code") or "")
            if code and identity.credit_code_problem(code):
                self.add_error("credit_code", _("This is not a valid unified social credit code."))
            cleaned["credit_code"] = code
        return cleaned
