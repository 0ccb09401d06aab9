"""RSS and Atom feeds of published gazette issues, with their tables of contents."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gazette import selectors
from gazette.models import Issue
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class IssueFeed(PublicationFeed):
    title = _("Government gazette")
    description = _("The issues of the government gazettes, with their tables of contents")

    def link(self) -> str:
        return reverse("gazette:index")

    def items(self) -> list[Issue]:
        issues = selectors.with_entries(self.scope(selectors.published_issues()))
        return list(issues.order_by("-published_at", "-id")[: self.length])

    def item_title(self, item: Issue) -> str:
        return item.title

    def item_description(self, item: Issue) -> str:
        return plain_text(item.summary, "；".join(entry.title for entry in item.entries.all()))

    def item_pubdate(self, item: Issue) -> dt.datetime | None:
        return item.published_at


class IssueAtomFeed(IssueFeed):
    feed_type = PortalAtomFeed
    subtitle = IssueFeed.description
