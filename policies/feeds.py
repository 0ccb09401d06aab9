"""RSS and Atom feeds of policy items on display."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from policies import selectors
from policies.models import PolicyItem
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class PolicyItemFeed(PublicationFeed):
    title = _("Policy items")
    description = _("Benefits and support granted by policy documents in force")

    def link(self) -> str:
        return reverse("policies:library")

    def items(self) -> list[PolicyItem]:
        return list(
            self.scope(selectors.on_display())
            .select_related("document")
            .order_by("-published_at", "-id")[: self.length]
        )

    def item_title(self, item: PolicyItem) -> str:
        return f"{item.name}（{item.get_delivery_display()}）"

    def item_description(self, item: PolicyItem) -> str:
        return plain_text(item.summary, item.benefit_text, item.document.title)

    def item_pubdate(self, item: PolicyItem) -> dt.datetime | None:
        return item.published_at


class PolicyItemAtomFeed(PolicyItemFeed):
    feed_type = PortalAtomFeed
    subtitle = PolicyItemFeed.description
