"""RSS and Atom feeds of the 新闻发布会 column: published conferences, announcements included,
newest publication first; a conference's entry changes when its transcript is published."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from briefings import selectors
from briefings.models import Conference
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class ConferenceFeed(PublicationFeed):
    title = gettext_lazy("Press conferences")
    description = gettext_lazy(
        "Press conferences and policy briefings: announcements and transcripts"
    )

    def link(self) -> str:
        return reverse("briefings:list")

    def items(self) -> list[Conference]:
        return list(
            self.scope(selectors.filtered()).order_by("-published_at", "-id")[: self.length]
        )

    def item_title(self, item: Conference) -> str:
        return f"{item.get_kind_display()}：{item.title}"

    def item_description(self, item: Conference) -> str:
        when = _("%(time)s, %(place)s. Speakers: %(speakers)s.") % {
            "time": timezone.localtime(item.starts_at).strftime("%Y-%m-%d %H:%M"),
            "place": item.place,
            "speakers": "、".join(f"{s.post} {s.name}" for s in item.speakers.all()),
        }
        return plain_text(item.agency.name, when, item.announcement)

    def item_pubdate(self, item: Conference) -> dt.datetime | None:
        return item.published_at


class ConferenceAtomFeed(ConferenceFeed):
    feed_type = PortalAtomFeed
    subtitle = ConferenceFeed.description
