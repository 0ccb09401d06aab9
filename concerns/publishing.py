"""Responses in the shared review-and-publish workflow: their title and text are screened for
personal data before approval (Art 15), like any text about to become public; publication
stops the clock of the obligations the response meets (``concerns.clock``), by its
``published_at``, which the workflow sets."""

from __future__ import annotations

from concerns.models import Response
from disclosure.workflow import ScreenedTextPolicy
from portal.search import indexing as search_indexing


class ResponsePolicy(ScreenedTextPolicy[Response]):
    def screened_texts(self, obj: Response) -> list[tuple[str, str]]:
        return [("title", obj.title), ("text", obj.text)]

    def after_change(self, obj: Response) -> None:
        search_indexing.queue(obj)
