"""RSS and Atom feeds of published replies to messages (the masked question and the reply)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interaction import selectors
from interaction.models import Message
from publishing.feeds import PortalAtomFeed, PublicationFeed, aware, plain_text


class MessageFeed(PublicationFeed):
    title = _("Published replies to messages")
    description = _("Messages to the agencies and their replies, published with consent")

    def link(self) -> str:
        return reverse("interaction:messages")

    def items(self) -> list[Message]:
        return list(self.scope(selectors.published_messages())[: self.length])

    def item_title(self, item: Message) -> str:
        return item.public_subject

    def item_description(self, item: Message) -> str:
        replies = [reply.text for reply in item.public_replies]
        return plain_text(item.public_text, *replies)

    def item_pubdate(self, item: Message) -> dt.datetime | None:
        return aware(item.replied_on)

    def item_author_name(self, item: Message) -> str:
        reply = item.public_replies[-1] if item.public_replies else None
        return reply.agency.name if reply else item.agency.name

    def item_first_published(self, item: Message) -> dt.datetime | None:
        # The first published reply: a reopened message keeps its Atom id.
        return item.public_replies[0].published_at if item.public_replies else None


class MessageAtomFeed(MessageFeed):
    feed_type = PortalAtomFeed
    subtitle = MessageFeed.description
