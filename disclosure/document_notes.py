"""Lines that other apps add to a published document's page: where else the document appears
(the 政府公报 issues that printed it: "刊登于《丽水市人民政府公报》2026年第5期").

Disclosure imports none of those apps (tests/architecture): each registers a function here
from its ``AppConfig.ready``, and the document page asks them for its document. A function
returns the lines for one document, in the page's language, linked for the request's site
(another site's record on the site that shows it, ``portal.sites.record_url``), and only
what is public: the page
is shared from the page cache, which every publication and withdrawal retires
(``portal.page_cache.public_content_changed``), so the lines follow the moment an issue is
published or withdrawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from disclosure.models import Document


@dataclass(frozen=True)
class DocumentNote:
    """``prefix``, then ``link_text`` linked to ``url``: 刊登于《丽水市人民政府公报》2026年第5期."""

    prefix: str
    link_text: str
    url: str


NoteFunction = Callable[[HttpRequest, Document], list[DocumentNote]]
_functions: list[tuple[int, NoteFunction]] = []


def register_note(function: NoteFunction, *, order: int = 100) -> NoteFunction:
    if all(existing is not function for _, existing in _functions):
        _functions.append((order, function))
        _functions.sort(key=lambda item: item[0])
    return function


def notes_for(request: HttpRequest, document: Document) -> list[DocumentNote]:
    return [note for _, function in _functions for note in function(request, document)]
