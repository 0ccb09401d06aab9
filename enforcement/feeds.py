"""RSS and Atom feeds of enforcement decisions on display (the party's published name only)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enforcement import selectors
from enforcement.models import Decision
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class DecisionFeed(PublicationFeed):
    title = _("Enforcement decisions")
    description = _("Administrative licensing, penalty, coercion and inspection decisions")

    def link(self) -> str:
        return reverse("enforcement:list")

    def items(self) -> list[Decision]:
        return list(selectors.on_display().order_by("-published_at", "-id")[: self.length])

    def item_title(self, item: Decision) -> str:
        return f"{item.get_kind_display()} {item.number} {item.public_subject_name}"

    def item_description(self, item: Decision) -> str:
        return plain_text(item.summary, item.decision_text)

    def item_pubdate(self, item: Decision) -> dt.datetime | None:
        return item.published_at


class DecisionAtomFeed(DecisionFeed):
    feed_type = PortalAtomFeed
    subtitle = DecisionFeed.description
