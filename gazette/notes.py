"""The line a document's page shows for each published issue that printed it:
"刊登于《丽水市人民政府公报》2026年第5期", linked to the issue (``disclosure.document_notes``);
an issue of a gazette outside the request's site links to the site that shows it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from disclosure.document_notes import DocumentNote, register_note
from disclosure.models import Document
from gazette import selectors
from portal import sites


def printed_in(request: HttpRequest, document: Document) -> list[DocumentNote]:
    return [
        DocumentNote(
            prefix=_("Printed in "),
            link_text=issue.title,
            url=sites.record_url(request, issue.agency, issue.get_absolute_url()),
        )
        for issue in selectors.appearances(document)
    ]


def register() -> None:
    register_note(printed_in, order=10)
