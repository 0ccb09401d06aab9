"""RSS and Atom feeds of newly registered 政务新媒体 accounts."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newmedia import selectors
from newmedia.models import Account
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class AccountFeed(PublicationFeed):
    title = _("Government new media")
    description = _("Accounts newly added to the list of government new media")

    def link(self) -> str:
        return reverse("newmedia:list")

    def items(self) -> list[Account]:
        return list(self.scope(selectors.newest())[: self.length])

    def item_title(self, item: Account) -> str:
        return f"{item.agency.name} · {item}"

    def item_description(self, item: Account) -> str:
        return plain_text(item.description, item.handle)

    def item_pubdate(self, item: Account) -> dt.datetime | None:
        return item.published_at


class AccountAtomFeed(AccountFeed):
    feed_type = PortalAtomFeed
    subtitle = AccountFeed.description
