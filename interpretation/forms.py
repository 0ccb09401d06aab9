"""The public comment form of a consultation. Messages are read by the public: each says what
is wrong and how to put it right. The contact is required (the agency may need to ask back)
and is never published; the name is optional and shown with the comment when given."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from interpretation.consultations import COMMENT_MAX_LENGTH, COMMENT_MIN_LENGTH

PHONE = re.compile(r"\+?[\d\- ()]{7,24}")
TOO_LONG = _("Keep this under %(limit_value)d characters (it has %(show_value)d).")


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("Name (optional)"),
        required=False,
        max_length=50,
        help_text=_(
            "Shown with your comment if you give it. Leave it empty to comment anonymously."
        ),
        error_messages={"max_length": TOO_LONG},
    )
    contact = forms.CharField(
        label=_("Phone or e-mail"),
        max_length=100,
        help_text=_("Only the agency sees it, to ask about your comment; it is never published."),
        error_messages={
            "required": _("Give a phone number or an e-mail address."),
            "max_length": TOO_LONG,
        },
    )
    body = forms.CharField(
        label=_("Your comment"),
        min_length=COMMENT_MIN_LENGTH,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=format_lazy(
            _(
                "Up to {max} characters. Comments appear on this page after moderation; "
                "abusive, off-topic or personal content is not published."
            ),
            max=COMMENT_MAX_LENGTH,
        ),
        error_messages={
            "required": _("Write your comment."),
            "min_length": _(
                "Your comment is too short: write at least %(limit_value)d characters."
            ),
            "max_length": TOO_LONG,
        },
    )
    # The bot trap: hidden from people (CSS, aria-hidden); bots fill in every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_contact(self) -> str:
        contact = unicodedata.normalize("NFKC", self.cleaned_data["contact"]).strip()
        if "@" in contact:
            try:
                validate_email(contact)
            except ValidationError as error:
                raise ValidationError(
                    _("This e-mail address is not complete; check it, e.g. name@example.com.")
                ) from error
            return contact
        digits = re.sub(r"\D", "", contact)
        if not PHONE.fullmatch(contact) or not 7 <= len(digits) <= 15:
            raise ValidationError(
                _("Give a phone number (e.g. 13800138000 or 0578-2091521) or an e-mail address.")
            )
        return contact

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if (self.data.get("website") or "").strip():
            raise ValidationError(
                _("The comment could not be submitted. Please try again."), code="honeypot"
            )
        return data

    def error_summary(self) -> list[dict[str, str]]:
        """The errors in page order, each linked to its field, for the summary at the top."""
        items = [{"href": "", "message": str(m)} for m in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                items.append({"href": f"#{self[name].auto_id}", "message": str(message)})
        return items
