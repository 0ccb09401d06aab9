"""The line a document's page shows for each published issue that printed it:
"刊登于《丽水市人民政府公报》2026年第5期", linked to the issue (``disclosure.document_notes``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from disclosure.document_notes import DocumentNote, register_note
from disclosure.models import Document
from gazette import selectors


def printed_in(document: Document) -> list[DocumentNote]:
    return [
        DocumentNote(prefix=_("Printed in "), link_text=issue.title, url=issue.get_absolute_url())
        for issue in selectors.appearances(document)
    ]


def register() -> None:
    register_note(printed_in, order=10)
