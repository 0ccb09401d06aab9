"""The public forms: the online application (Art 29), the tracking lookup and the withdrawal.

Every message here is read by applicants: each says what is wrong with which field and how to
put it right. Fields that depend on the applicant type or on the way of delivery are optional
to the browser and required in ``clean``, so that the form works without JavaScript with both
the person and the organisation sections on the page.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from portal import sites
from portal.models import Agency
from portal.typed import StrOrPromise
from requests_app import identity, tracking, uploads
from requests_app.models import (
    ApplicantType,
    DeliveryForm,
    DeliveryMethod,
    IdType,
    InformationRequest,
    OrganisationType,
    RequestKind,
)

if TYPE_CHECKING:
    # The mixin is combined with a Form; mypy checks it as one.
    _Form = forms.Form
else:
    _Form = object

DESCRIPTION_MIN_LENGTH = 10
MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}-\d{7,8}(?:-\d{1,6})?")  # area code, number, extension
POSTCODE = re.compile(r"\d{6}")
OTHER_ID_NUMBER = re.compile(r"[A-Z0-9()-]{5,30}")  # passports and travel permits

RESIDENT_ID_MESSAGES = {
    "length": _("A resident identity card number has 18 characters."),
    "characters": _("A resident identity card number is 17 digits followed by a digit or X."),
    "birth_date": _("The date of birth in this resident identity card number is not a real date."),
    "checksum": _(
        "The check digit of the resident identity card number is wrong; please check it."
    ),
}
CREDIT_CODE_MESSAGES = {
    "length": _("A unified social credit code has 18 characters."),
    "characters": _(
        "A unified social credit code is made of digits and capital letters other than "
        "I, O, S, V and Z."
    ),
    "checksum": _(
        "The check character of the unified social credit code is wrong; please check it."
    ),
}
TOO_LONG = _("Keep this under %(limit_value)d characters (it has %(show_value)d).")
HONEYPOT_MESSAGE = _("The application could not be submitted. Please try again.")


def normalize_phone(value: str) -> str | None:
    """A mainland mobile number (``13800138000``) or a landline with its area code
    (``0578-2091521``, extension allowed), or None when ``value`` is neither."""
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", value))
    text = re.sub(r"^(?:\+86|0086)-?", "", text)
    text = re.sub(r"^\((0\d{2,3})\)-?", r"\1-", text)
    digits = text.replace("-", "")
    if MOBILE.fullmatch(digits):
        return digits
    if "-" not in text and digits.startswith("0") and len(digits) > 4:
        # Beijing (010) and the 02x cities have three-digit area codes; all others four.
        split = 3 if digits[1] in "12" else 4
        text = f"{digits[:split]}-{digits[split:]}"
    return text if LANDLINE.fullmatch(text) else None


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type="file" multiple>``; cleans to a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


def _text(
    label: StrOrPromise, required_message: StrOrPromise | None = None, **kwargs: Any
) -> forms.CharField:
    """A text field with our messages; required only when ``required_message`` is given."""
    messages: dict[str, StrOrPromise] = {"max_length": TOO_LONG}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label, required=bool(required_message), error_messages=messages, **kwargs
    )


def _agency_choices(
    query: str, selected: str, site: sites.CurrentSite | None = None
) -> tuple[list, int, list[Agency]]:
    """Active agencies that take requests (Art 27) grouped by province, in tree order, with
    their depth shown by indents; with ``query``, only the agencies whose name contains it
    (and the selected one).

    Returns the choices, the number of agencies matching ``query``, and the bodies matching it
    that take no requests (the page says where to go instead).
    """
    # Only the site's agencies (portal.sites), grouped under the site's root.
    everyone = list(sites.scope(Agency.objects.active(), site, field="").order_by("path"))
    top = min((a.depth for a in everyone), default=1)
    roots = {a.path: a.name for a in everyone if a.depth == top}
    agencies = [a for a in everyone if a.takes_applications]
    elsewhere = [
        a for a in everyone
        if query and not a.takes_applications and (query in a.name or query in a.short_name)
    ]  # fmt: skip
    matching = [a for a in agencies if not query or query in a.name or query in a.short_name]
    keep = {a.pk for a in matching or agencies}
    shown = [a for a in agencies if a.pk in keep or str(a.pk) == selected]
    groups: dict[str, list[tuple[int, str]]] = {}
    for agency in shown:
        province = roots.get(agency.path[: Agency.steplen * top], str(_("Other agencies")))
        # U+3000 (ideographic space) survives in <option> text, where ASCII spaces collapse.
        indent = "\u3000" * (agency.depth - top)
        groups.setdefault(province, []).append((agency.pk, f"{indent}{agency.name}"))
    choices: list = [("", _("— Choose an agency —"))]
    choices += list(groups.items())
    return choices, len(matching) if query else len(agencies), elsewhere


class ErrorSummaryMixin(_Form):
    """The errors in page order, each with the address of its field (the first radio button
    of a group), for the summary at the top of the page."""

    def error_summary(self) -> list[dict[str, str]]:
        items = [{"href": "", "message": str(m)} for m in self.non_field_errors()]
        for name in self.fields:
            if name not in self.errors:
                continue
            bound = self[name]
            anchor = f"{bound.auto_id}_0" if bound.use_fieldset else bound.auto_id
            items += [{"href": f"#{anchor}", "message": str(m)} for m in bound.errors]
        return items


class ApplicationForm(ErrorSummaryMixin, forms.Form):
    """An online application for government information (Art 29)."""

    agency = forms.ModelChoiceField(
        label=_("Agency you are asking"),
        # Art 27: administrative agencies and bodies authorised to manage public affairs.
        queryset=Agency.objects.active().filter(takes_applications=True),
        help_text=_(
            "The administrative agency that made or keeps the information. If unsure, ask the "
            "agency's disclosure office or see its disclosure guide. Residents' and villagers' "
            "committees, people's congresses, CPPCC committees, courts and procuratorates are "
            "not administrative agencies and take no requests under the Regulations (Art 27)."
        ),
        error_messages={
            "required": _("Choose the agency you are asking for the information."),
            "invalid_choice": _("Choose an agency from the list."),
        },
    )
    applicant_type = forms.ChoiceField(
        label=_("You are applying as"),
        choices=ApplicantType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _(
                "Choose whether you apply as a natural person or as a legal person or other "
                "organisation."
            ),
            "invalid_choice": _("Choose one of the applicant types listed."),
        },
    )

    # A natural person.
    person_name = _text(
        _("Full name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    id_type = forms.ChoiceField(
        label=_("Identity document"),
        choices=IdType.choices,
        initial=IdType.RESIDENT_ID,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the identity documents listed.")},
    )
    id_number = _text(
        _("Number of the identity document"),
        max_length=40,
        help_text=_("For a resident identity card: 18 characters; the last may be X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    # A legal person or other organisation.
    organisation_name = _text(
        _("Name of the organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_type = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the kinds of organisation listed.")},
    )
    credit_code = _text(
        _("Unified social credit code"),
        max_length=30,
        help_text=_("18 characters, as on the business licence or registration certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    legal_representative = _text(_("Legal representative or person in charge"), max_length=100)
    contact_person = _text(
        _("Contact person"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )

    # Contacts (Art 29).
    phone = _text(
        _("Phone"),
        _("Enter a phone number where the agency can reach you."),
        max_length=40,
        help_text=_("A mobile number, or a landline with its area code, e.g. 0578-2091521."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        help_text=_(
            "We send the receipt with your access code and news of your request here. Needed "
            "if you want the information by e-mail."
        ),
        error_messages={
            "invalid": _("Enter an e-mail address in the form name@example.com."),
            "max_length": TOO_LONG,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = _text(
        _("Postal address"),
        max_length=300,
        help_text=_("Needed if you want the information by post."),
        # One line (a Chinese address is written on one): street-address is for multi-line
        # fields only (HTML autofill), so the single-line token.
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    postcode = _text(
        _("Postal code"),
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": "8"}
        ),
    )

    # What is asked for.
    kind = forms.ChoiceField(
        label=_("What are you asking for?"),
        choices=RequestKind.choices,
        initial=RequestKind.DISCLOSURE,
        widget=forms.RadioSelect,
        help_text=_(
            "If you have proof that government information about yourself is recorded "
            "inaccurately, you may ask for it to be corrected (Art 41): describe the record "
            "and what is wrong, and attach your proof."
        ),
        # A client that sends no choice asks for information, the usual case.
        required=False,
    )
    description = forms.CharField(
        label=_("Description of the information you want"),
        min_length=DESCRIPTION_MIN_LENGTH,
        max_length=5000,
        help_text=_(
            "What the information is about, its period and anything that helps the agency find "
            "it. Agencies provide information they hold; they are not obliged to make new "
            "analyses (Art 38)."
        ),
        error_messages={
            "required": _("Describe the information you are asking for."),
            "min_length": _(
                "Describe the information in at least %(limit_value)d characters, so that the "
                "agency can find it."
            ),
            "max_length": _(
                "Keep the description under %(limit_value)d characters (it has %(show_value)d). "
                "For several matters, you may file one application per matter."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    document_title = _text(_("Document title, if known"), max_length=300)
    document_number = _text(
        _("Document number, if known"),
        max_length=100,
        help_text=_("For example 丽政办发〔2026〕12号."),
    )
    purpose = _text(
        _("Purpose (optional)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    # How to receive it (Art 29).
    delivery_method = forms.ChoiceField(
        label=_("How do you want to receive it?"),
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you want to receive the information."),
            "invalid_choice": _("Choose one of the ways of receiving listed."),
        },
    )
    delivery_form = forms.ChoiceField(
        label=_("In what form?"),
        choices=DeliveryForm.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose paper or electronic form."),
            "invalid_choice": _("Choose paper or electronic form."),
        },
    )

    # Processing fee (fee rules).
    fee_waiver_requested = forms.BooleanField(
        label=_("I ask for the processing fee to be reduced or waived"), required=False
    )
    fee_waiver_reason = _text(
        _("Reason for the fee waiver"),
        max_length=2000,
        help_text=_("For example financial hardship; needed if you ask for a waiver."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_(
            "For example a copy of your identity document or business licence: PDF, JPG or PNG, "
            "at most 5 files."
        ),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    consent = forms.BooleanField(
        label=_(
            "I confirm that the information I have given, including my identity and contacts, "
            "is true."
        ),
        error_messages={"required": _("Confirm that the information you have given is true.")},
    )
    # A trap for bots: hidden from people (visually, from screen readers and the tab order).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # Which fields the template shows in which section, for conditional checks and the summary.
    PERSON_FIELDS = ("person_name", "id_type", "id_number")
    ORGANISATION_FIELDS = (
        "organisation_name",
        "organisation_type",
        "credit_code",
        "legal_representative",
        "contact_person",
    )

    def __init__(
        self,
        *args: Any,
        agency_query: str = "",
        site: sites.CurrentSite | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        selected = str(self["agency"].value() or "")
        choices, self.agency_matches, self.agencies_elsewhere = _agency_choices(
            agency_query, selected, site
        )
        # Validation uses the field's queryset (the site's active agencies that take requests);
        # only the list shown is grouped and filtered.
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField) and field.queryset is not None
        field.queryset = sites.scope(field.queryset, site, field="")
        field.widget.choices = choices

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or RequestKind.DISCLOSURE

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data["phone"])
        if phone is None:
            raise ValidationError(
                _(
                    "Enter a mobile number (11 digits) or a landline number with its area code, "
                    "e.g. 0578-2091521."
                )
            )
        return phone

    def clean_postcode(self) -> str:
        postcode = unicodedata.normalize("NFKC", self.cleaned_data["postcode"])
        if postcode and not POSTCODE.fullmatch(postcode):
            raise ValidationError(_("A postal code has six digits."))
        return postcode

    def clean_attachments(self) -> list[uploads.CheckedUpload]:
        return uploads.check_uploads(self.cleaned_data["attachments"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.honeypot_filled:
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        if data.get("applicant_type") == ApplicantType.PERSON:
            self._clean_person(data)
        elif data.get("applicant_type") == ApplicantType.ORGANISATION:
            self._clean_organisation(data)
        self._clean_delivery(data)
        if data.get("fee_waiver_requested") and not data.get("fee_waiver_reason"):
            self.add_error(
                "fee_waiver_reason", _("Give the reason why the fee should be reduced or waived.")
            )
        return data

    def _require(self, data: dict[str, Any], name: str, message: StrOrPromise) -> bool:
        if name in self.errors:
            return False
        if not data.get(name):
            self.add_error(name, message)
            return False
        return True

    def _clean_person(self, data: dict[str, Any]) -> None:
        self._require(data, "person_name", _("Enter your full name."))
        has_type = self._require(data, "id_type", _("Choose your identity document."))
        if not self._require(data, "id_number", _("Enter the number of your identity document.")):
            return
        number = unicodedata.normalize("NFKC", data["id_number"])
        if not has_type:
            return
        if data["id_type"] == IdType.RESIDENT_ID:
            problem = identity.resident_id_problem(number)
            if problem:
                self.add_error("id_number", RESIDENT_ID_MESSAGES[problem])
            else:
                data["id_number"] = identity.normalize_resident_id(number)
            return
        number = re.sub(r"\s", "", number).upper()
        if OTHER_ID_NUMBER.fullmatch(number):
            data["id_number"] = number
        else:
            self.add_error(
                "id_number",
                _("Enter the document number as printed: 5 to 30 letters, digits or hyphens."),
            )

    def _clean_organisation(self, data: dict[str, Any]) -> None:
        self._require(data, "organisation_name", _("Enter the name of the organisation."))
        self._require(data, "organisation_type", _("Choose the kind of organisation."))
        if self._require(data, "credit_code", _("Enter the unified social credit code.")):
            code = unicodedata.normalize("NFKC", data["credit_code"])
            problem = identity.credit_code_problem(code)
            if problem:
                self.add_error("credit_code", CREDIT_CODE_MESSAGES[problem])
            else:
                data["credit_code"] = identity.normalize_credit_code(code)
        self._require(
            data,
            "legal_representative",
            _("Enter the name of the legal representative or person in charge."),
        )
        self._require(data, "contact_person", _("Enter the name of the contact person."))

    def _clean_delivery(self, data: dict[str, Any]) -> None:
        method = data.get("delivery_method")
        if method == DeliveryMethod.EMAIL:
            self._require(
                data, "email", _("Enter an e-mail address to receive the information by e-mail.")
            )
        if method == DeliveryMethod.POST:
            self._require(
                data, "address", _("Enter a postal address to receive the information by post.")
            )
            self._require(
                data, "postcode", _("Enter the postal code to receive the information by post.")
            )
        if (
            method in {DeliveryMethod.EMAIL, DeliveryMethod.ONLINE}
            and data.get("delivery_form") == DeliveryForm.PAPER
        ):
            self.add_error(
                "delivery_form",
                _(
                    "Information sent by e-mail or downloaded online is electronic: choose "
                    "electronic."
                ),
            )

    def build_request(self) -> InformationRequest:
        """The unsaved request from the valid form; only the chosen applicant type's fields."""
        data = self.cleaned_data
        person = data["applicant_type"] == ApplicantType.PERSON
        return InformationRequest(
            agency=data["agency"],
            applicant_type=data["applicant_type"],
            organisation_type="" if person else data["organisation_type"],
            name=data["person_name"] if person else data["organisation_name"],
            id_type=data["id_type"] if person else "",
            id_number=data["id_number"] if person else None,
            credit_code="" if person else data["credit_code"],
            legal_representative=None if person else data["legal_representative"],
            contact_person=None if person else data["contact_person"],
            phone=data["phone"],
            email=data["email"] or None,
            address=data["address"] or None,
            postcode=data["postcode"],
            kind=data["kind"],
            description=data["description"],
            document_title=data["document_title"],
            document_number=data["document_number"],
            purpose=data["purpose"],
            delivery_method=data["delivery_method"],
            delivery_form=data["delivery_form"],
            fee_waiver_requested=data["fee_waiver_requested"],
            fee_waiver_reason=data["fee_waiver_reason"] if data["fee_waiver_requested"] else "",
        )


class TrackingForm(ErrorSummaryMixin, forms.Form):
    """Tracking number and access code (快递式查询)."""

    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=30,
        help_text=_("On your receipt, for example 2026-000123."),
        error_messages={"required": _("Enter the tracking number of your request.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric"}
        ),
    )
    access_code = forms.CharField(
        label=_("Access code"),
        max_length=40,
        help_text=_("12 letters and digits, shown once after you applied and sent by e-mail."),
        error_messages={"required": _("Enter the access code of your request.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_tracking_number(self) -> str:
        number = tracking.normalize_tracking_number(self.cleaned_data["tracking_number"])
        if number is None:
            raise ValidationError(
                _("A tracking number is the year and six digits, for example 2026-000123.")
            )
        return number


class WithdrawForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        error_messages={"max_length": TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
