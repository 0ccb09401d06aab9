"""What every feed of published records shares: RSS by default (an Atom variant sets
``feed_type = PortalAtomFeed``), a bounded length, and descriptions as escaped plain text.

Atom feeds are valid against RFC 4287: every entry has its ``<updated>`` (the record's last
change), an ``<author>`` (the agency that published it) and an ``<id>`` that is an IRI and never
changes for the record: a tag: URI (RFC 4151) made of the site's host, the day the record was
first published and its path.

Every feed is the request's site's (portal.sites): a feed scopes its query with
``self.scope(queryset)``; and whatever a feed's ``items`` return, a record of an agency outside
the site is left out (the safety net for feeds not scoped in their query yet, which then carry
fewer than ``length`` items on a sub-site)."""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape

from portal import agencies, sites

QS = TypeVar("QS", bound="QuerySet[Any]")

# The site of the feed being rendered: the feed objects are shared by every request (one per
# URL pattern), so the site cannot be an attribute of theirs.
_SITE: contextvars.ContextVar[sites.CurrentSite | None] = contextvars.ContextVar(
    "feed_site", default=None
)


def _in_site(item: Any, site: sites.CurrentSite | None) -> bool:
    """Whether ``item`` (a record with an ``agency``, or none) belongs to ``site``."""
    agency_id = getattr(item, "agency_id", None)
    if site is None or not site.root_path or agency_id is None:
        return True
    path = next((a.path for a in agencies.agency_tree() if a.pk == agency_id), "")
    return path.startswith(site.root_path)


def _site_filtered(items: Callable[..., Any]) -> Callable[..., Any]:
    # Django's Feed calls items(obj) or items() by the function's own argument count, so the
    # wrapper keeps that count.
    if items.__code__.co_argcount == 2:

        @functools.wraps(items)
        def with_obj(self: Any, obj: Any) -> list[Any]:
            return [item for item in items(self, obj) if _in_site(item, _SITE.get())]

        return with_obj

    @functools.wraps(items)
    def without_obj(self: Any) -> list[Any]:
        return [item for item in items(self) if _in_site(item, _SITE.get())]

    return without_obj


def tag_uri(link: str, first_published: dt.date | dt.datetime | None) -> str:
    """``tag:<host>,<YYYY-MM-DD>:<path>`` for the record at ``link``. The host is SITE_URL's when
    it is set, so that the id does not depend on the address a reader used."""
    parts = urlsplit(link)
    host = urlsplit(settings.SITE_URL).hostname if settings.SITE_URL else None
    host = host or parts.hostname or "localhost"
    if isinstance(first_published, dt.datetime):
        first_published = timezone.localdate(first_published)
    day = f",{first_published:%Y-%m-%d}" if first_published else ""
    return f"tag:{host}{day}:{parts.path}"


class PortalAtomFeed(Atom1Feed):
    """Atom whose entry ids are tag: URIs (Django's would use the RSS guid, e.g. an index
    number, which is not an IRI)."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        item["unique_id"] = tag_uri(item["link"], item.get("first_published") or item["pubdate"])
        super().add_item_elements(handler, item)


class PublicationFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    #: How many of the newest items a feed carries.
    length = 50

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        items = cls.__dict__.get("items")
        if callable(items):
            cls.items = _site_filtered(items)

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _SITE.set(sites.current_site(request))
        try:
            return super().__call__(request, *args, **kwargs)
        finally:
            _SITE.reset(token)

    def scope(self, queryset: QS, field: str = "agency") -> QS:
        """``queryset`` within the site of the feed being rendered."""
        return sites.scope(queryset, _SITE.get(), field)

    def item_updateddate(self, item: Any) -> dt.datetime:
        """The record's last change (Atom's <updated>)."""
        return item.updated_at

    def item_author_name(self, item: Any) -> str:
        """The agency that published the record."""
        agency = getattr(item, "agency", None)
        return agency.name if agency is not None else settings.SITE_NAME

    def item_first_published(self, item: Any) -> dt.date | dt.datetime | None:
        """The day in the record's Atom id; it must never change for the record."""
        return getattr(item, "published_at", None)

    def item_extra_kwargs(self, item: Any) -> dict[str, Any]:
        return {"first_published": self.item_first_published(item)}


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
