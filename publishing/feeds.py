"""What every feed of published records shares: RSS by default (an Atom variant sets
``feed_type = Atom1Feed``), a bounded length, and descriptions as escaped plain text."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape


class PublicationFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    #: How many of the newest items a feed carries.
    length = 50


def aware(day: dt.date | None) -> dt.datetime | None:
    """A date as midnight in the portal's time zone (feeds need a moment)."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def plain_text(*parts: str) -> str:
    """Feed descriptions are HTML to feed readers (RSS by custom, Atom's summary says
    type="html"); ours are plain text, so they are escaped, or a summary could carry a live
    script."""
    return escape(" ".join(part for part in parts if part))
