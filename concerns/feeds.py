"""RSS and Atom feeds of the published responses to public concerns."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy

from concerns import selectors
from concerns.models import Response
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class ResponseFeed(PublicationFeed):
    title = gettext_lazy("Responses to public concerns")
    description = gettext_lazy("Authoritative information, briefings and answers to reporters")

    def link(self) -> str:
        return reverse("concerns:index")

    def items(self) -> list[Response]:
        return list(self.scope(selectors.published())[: self.length])

    def item_title(self, item: Response) -> str:
        return item.title

    def item_description(self, item: Response) -> str:
        return plain_text(str(item.get_kind_display()), item.text)

    def item_pubdate(self, item: Response) -> dt.datetime | None:
        return item.published_at


class ResponseAtomFeed(ResponseFeed):
    feed_type = PortalAtomFeed
    subtitle = ResponseFeed.description
