"""The public forms of the message box: writing a message (or feedback on a document), the
lookup with tracking number and query code, the rating and the reopening.

Every message here is read by citizens: each says what is wrong with which field and how to
put it right (the same standard as the request form, whose helpers these reuse).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from disclosure.models import Document
from interaction import intake
from interaction.models import CorrectionType, Interview, Message, MessageDesk, MessageKind, Rating
from portal import sites
from requests_app import uploads
from requests_app.forms import (
    HONEYPOT_MESSAGE,
    MOBILE,
    TOO_LONG,
    ErrorSummaryMixin,
    MultipleFileField,
    MultipleFileInput,
    normalize_phone,
)

SUBJECT_MAX = 100
TEXT_MIN = 10
TEXT_MAX = 3000
LEADER = "leader"


def addressee_choices(desks: list[MessageDesk]) -> list[tuple[str, str]]:
    """Each agency that takes messages, and its 领导信箱 where it has one (``<pk>:leader``)."""
    choices: list[tuple[str, str]] = [("", str(_("— Choose where to send it —")))]
    for desk in desks:
        indent = "\u3000" * (desk.agency.depth - 1)
        if desk.leader_box:
            choices.append(
                (f"{desk.agency.pk}:{LEADER}", f"{indent}{desk.agency.name} · {desk.leader_box}")
            )
        choices.append((str(desk.agency.pk), f"{indent}{desk.agency.name}"))
    return choices


class AddresseeField(forms.ChoiceField):
    """The choices show the site's desks; ``MessageForm.clean_addressee`` checks the value
    against them, so that it can say where an agency of another site takes messages."""

    def valid_value(self, value: Any) -> bool:
        return True


class MessageForm(ErrorSummaryMixin, forms.Form):
    """A message to an agency; with ``document``, feedback on that published document (纠错),
    sent to the agency that published it."""

    kind = forms.ModelChoiceField(
        label=_("Kind of message"),
        queryset=MessageKind.objects.filter(is_active=True, on_form=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the kind of your message."),
            "invalid_choice": _("Choose one of the kinds listed."),
        },
    )
    addressee = AddresseeField(
        label=_("Send it to"),
        help_text=_(
            "The agency in charge of what you write about; the leader's mailbox goes to the "
            "head of the government."
        ),
        error_messages={
            "required": _("Choose the agency you write to."),
            "invalid_choice": _("Choose an agency from the list."),
        },
    )
    correction_type = forms.ChoiceField(
        label=_("What is wrong with the document"),
        choices=CorrectionType.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    subject = forms.CharField(
        label=_("Message subject"),
        max_length=SUBJECT_MAX,
        help_text=_("In a few words, for example “公积金贷款额度如何计算”."),
        error_messages={"required": _("Give your message a subject."), "max_length": TOO_LONG},
    )
    text = forms.CharField(
        label=_("Your message"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What you ask, suggest or report, with the facts the agency needs. Do not write "
            "identity numbers or other people's personal data here."
        ),
        error_messages={"required": _("Write your message."), "max_length": TOO_LONG},
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=50,
        help_text=_(
            "Never published: published messages show neither your name nor your contacts."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name."), "max_length": TOO_LONG},
    )
    mobile = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={
            "required": _("Enter your mobile number, so the agency can call you back.")
        },
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("For the receipt with your query code and the notice of the reply."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an e-mail address like name@example.com.")},
    )
    publication_consent = forms.TypedChoiceField(
        label=_("May the agency publish your message and its reply?"),
        choices=[
            ("yes", _("Yes, without my name and contacts")),
            ("no", _("No, reply to me only")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether your message and its reply may be published.")},
    )
    # A trap for bots: hidden from people (visually, from screen readers and the tab order).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(
        self,
        *args: Any,
        document: Document | None = None,
        interview: Interview | None = None,
        site: sites.CurrentSite | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.document = document
        self.interview = interview
        # Only the site's agencies (portal.sites); validation reads the same list.
        self.site = site
        self.desks = [
            desk for desk in intake.open_desks() if site is None or site.contains(desk.agency)
        ]
        addressee = self.fields["addressee"]
        assert isinstance(addressee, forms.ChoiceField)
        addressee.choices = addressee_choices(self.desks)
        if document is not None:
            # Feedback on a document goes to the agency that published it, as 纠错.
            del self.fields["kind"]
            del self.fields["addressee"]
            self.fields["correction_type"].required = True
            self.fields["correction_type"].error_messages["required"] = _(
                "Say what is wrong with the document."
            )
            self.fields["text"].help_text = _(
                "What is missing, wrong or outdated, or which attachment does not open."
            )
        else:
            del self.fields["correction_type"]
        if interview is not None:
            # A question for an interview goes to the agency holding it.
            del self.fields["addressee"]

    def clean_mobile(self) -> str:
        phone = normalize_phone(self.cleaned_data["mobile"])
        if phone is None or not MOBILE.fullmatch(phone):
            raise ValidationError(_("Enter a mobile number of 11 digits, e.g. 13800138000."))
        return phone

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if len(text) < TEXT_MIN:
            raise ValidationError(
                _("Write at least %(count)d characters, so the agency understands what you mean.")
                % {"count": TEXT_MIN}
            )
        return text

    def clean_addressee(self) -> tuple[MessageDesk, bool]:
        value = self.cleaned_data["addressee"]
        pk, _sep, leader = value.partition(":")
        desk = next((d for d in self.desks if str(d.agency.pk) == pk), None)
        if desk is None:
            self._refuse_other_site(pk)
        if desk is None or (leader and not desk.leader_box):
            raise ValidationError(_("Choose an agency from the list."))
        return desk, bool(leader)

    def _refuse_other_site(self, pk: str) -> None:
        """An agency that takes messages on another site of the group (a page of that site
        left open, or a hand-made form): say where to write to it."""
        if self.site is None or not (pk.isascii() and pk.isdigit()):
            return
        desk = next((d for d in intake.open_desks() if d.agency.pk == int(pk)), None)
        owner = sites.site_of_agency(desk.agency) if desk is not None else None
        if desk is None or owner is None or owner.pk == self.site.pk:
            return
        raise ValidationError(
            _(
                "%(agency)s does not take messages on this site. Write to it on %(site)s, or "
                "choose an agency from the list."
            )
            % {"agency": desk.agency.name, "site": owner.name}
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.data.get("website", "").strip():
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return self.cleaned_data

    def build_message(self) -> Message:
        data = self.cleaned_data
        message = Message(
            subject=data["subject"].strip(),
            text=data["text"],
            name=data["name"].strip(),
            mobile=data["mobile"],
            email=data["email"] or None,
            publication_consent=data["publication_consent"],
        )
        if self.document is not None:
            message.kind = MessageKind.objects.get(is_correction=True, is_active=True)
            message.agency = intake.feedback_agency(self.document.agency)
            message.document = self.document
            message.correction_type = data["correction_type"]
        elif self.interview is not None:
            message.kind = data["kind"]
            message.agency = intake.feedback_agency(self.interview.agency)
            message.interview = self.interview
        else:
            desk, to_leader = data["addressee"]
            message.kind = data["kind"]
            message.agency = desk.agency
            message.to_leader = to_leader
        return message

    def summary(self) -> list[tuple[str, str]]:
        """What the citizen is about to send, for the preview (their own data, on their own
        screen, on a page never cached)."""
        data = self.cleaned_data
        rows = []
        if self.document is not None:
            rows += [
                (str(_("Document")), self.document.title),
                (
                    str(self.fields["correction_type"].label),
                    str(CorrectionType(data["correction_type"]).label),
                ),
            ]
        elif self.interview is not None:
            rows += [
                (str(_("Kind of message")), data["kind"].name),
                (str(_("Question for the interview")), self.interview.title),
            ]
        else:
            desk, to_leader = data["addressee"]
            where = f"{desk.agency.name} · {desk.leader_box}" if to_leader else desk.agency.name
            rows += [(str(_("Kind of message")), data["kind"].name), (str(_("Send it to")), where)]
        rows += [
            (str(_("Message subject")), data["subject"]),
            (str(_("Your message")), data["text"]),
            (str(_("Your name")), data["name"]),
            (str(_("Mobile phone")), data["mobile"]),
            (str(_("E-mail (optional)")), data["email"] or "—"),
            (
                str(_("Publication")),
                str(_("May be published without your name and contacts"))
                if data["publication_consent"]
                else str(_("Reply to me only")),
            ),
        ]
        return rows


class AttachmentsForm(forms.Form):
    """The files, chosen on the preview step (a page shown again cannot keep files)."""

    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_("For example a photo of the problem: PDF, JPG or PNG, at most 5 files."),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_attachments(self) -> list[uploads.CheckedUpload]:
        return uploads.check_uploads(self.cleaned_data["attachments"])


class LookupForm(ErrorSummaryMixin, forms.Form):
    tracking_number = forms.CharField(
        label=_("Message number"),
        max_length=30,
        help_text=_("On your receipt, for example HD2026-000123."),
        error_messages={"required": _("Enter the tracking number of your message.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    query_code = forms.CharField(
        label=_("Query code"),
        max_length=40,
        help_text=_(
            "12 letters and digits, shown once after you sent the message and sent by e-mail."
        ),
        error_messages={"required": _("Enter the query code of your message.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_tracking_number(self) -> str:
        number = intake.normalize_tracking_number(self.cleaned_data["tracking_number"])
        if number is None:
            raise ValidationError(
                _(
                    "A message's tracking number is HD, the year and six digits, for example "
                    "HD2026-000123."
                )
            )
        return number


class RatingForm(ErrorSummaryMixin, forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you with the reply?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are with the reply.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )


class ReopenForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label=_("What did the reply leave unanswered?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say what the reply left unanswered."),
            "max_length": TOO_LONG,
        },
    )
