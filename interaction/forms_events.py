"""The public form to apply to attend a meeting. Messages are read by the public: each says
what is wrong and how to put it right. Nothing given here is ever published."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from interaction.events import MOBILE
from interaction.models.events import IdType

TOO_LONG = _("Keep this under %(limit_value)d characters (it has %(show_value)d).")


def _normalised(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


class MeetingApplicationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        error_messages={"required": _("Give your name."), "max_length": TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=20,
        help_text=_("Give your mobile number, or an identity document below, or both."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "numeric"}),
    )
    id_type = forms.ChoiceField(
        label=_("Identity document"), required=False, choices=IdType.choices
    )
    id_number = forms.CharField(
        label=_("Identity document number"),
        required=False,
        max_length=50,
        error_messages={"max_length": TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("The agency e-mails you its decision on your application."),
        error_messages={
            "invalid": _("This e-mail address is not complete; check it, e.g. name@example.com.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    reason = forms.CharField(
        label=_("Why you wish to attend (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": TOO_LONG},
    )
    # The bot trap: hidden from people (CSS, aria-hidden); bots fill in every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_name(self) -> str:
        return _normalised(self.cleaned_data["name"])

    def clean_mobile(self) -> str:
        mobile = _normalised(self.cleaned_data["mobile"]).replace(" ", "").replace("-", "")
        if mobile and not MOBILE.fullmatch(mobile):
            raise ValidationError(_("Enter an 11-digit mobile number, e.g. 13800138000."))
        return mobile

    def clean_id_number(self) -> str:
        return _normalised(self.cleaned_data["id_number"]).upper()

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if (self.data.get("website") or "").strip():
            raise ValidationError(
                _("The application could not be submitted. Please try again."), code="honeypot"
            )
        if data is None:
            return data
        if not data.get("mobile") and not data.get("id_number") and "mobile" not in self.errors:
            self.add_error("mobile", _("Give your mobile number or an identity document number."))
        if data.get("id_number") and not data.get("id_type"):
            self.add_error("id_type", _("Say which identity document the number is of."))
        return data

    def error_summary(self) -> list[dict[str, str]]:
        """The errors in page order, each linked to its field, for the summary at the top."""
        items = [{"href": "", "message": str(m)} for m in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                items.append({"href": f"#{self[name].auto_id}", "message": str(message)})
        return items
