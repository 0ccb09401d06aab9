"""RSS and Atom feeds of newly published replies to suggestions and proposals."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from proposals import selectors
from proposals.models import Proposal
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class ProposalFeed(PublicationFeed):
    title = _("Replies to suggestions and proposals")
    description = _("The replies of the agencies to deputies' suggestions and CPPCC proposals")

    def link(self) -> str:
        return reverse("proposals:list")

    def items(self) -> list[Proposal]:
        return list(self.scope(selectors.newest())[: self.length])

    def item_title(self, item: Proposal) -> str:
        return f"{item.get_kind_display()} {item.year}年{item.number_label}：{item.title}"

    def item_description(self, item: Proposal) -> str:
        return plain_text(
            f"{item.agency.name}（{item.get_category_display()}）",
            Truncator(strip_tags(item.reply)).chars(200),
        )

    def item_pubdate(self, item: Proposal) -> dt.datetime | None:
        return item.published_at


class ProposalAtomFeed(ProposalFeed):
    feed_type = PortalAtomFeed
    subtitle = ProposalFeed.description
