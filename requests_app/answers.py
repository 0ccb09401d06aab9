"""Answer letters (答复告知书): one template per kind of outcome, citing the articles."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from requests_app.models import WITHHELD_GROUNDS, Answer, Outcome

# The template of each outcome (under templates/requests_app/letters/).
LETTER_TEMPLATES: dict[str, str] = {
    Outcome.ALREADY_PUBLIC: "already_public",
    Outcome.DISCLOSED: "disclosed",
    Outcome.PARTIAL: "partial",
    **dict.fromkeys(WITHHELD_GROUNDS, "withheld"),
    Outcome.UNABLE_NOT_HELD: "not_held",
    Outcome.UNABLE_NEEDS_CREATION: "needs_creation",
    Outcome.UNABLE_UNCLEAR: "unclear",
    Outcome.NOT_PROCESSED_COMPLAINT: "not_processed",
    Outcome.NOT_PROCESSED_REPEATED: "not_processed",
    Outcome.NOT_PROCESSED_PUBLICATION: "not_processed",
    Outcome.NOT_PROCESSED_EXCESSIVE: "not_processed",
    Outcome.NOT_PROCESSED_CONFIRMATION: "not_processed",
    Outcome.OTHER: "other",
}


def render_letter_html(answer: Answer) -> str:
    """The letter as an HTML fragment, in Chinese whatever the staff member's language."""
    name = LETTER_TEMPLATES.get(answer.outcome, "other")
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            f"requests_app/letters/{name}.html",
            {"answer": answer, "request": answer.request, "agency": answer.request.agency},
        )
