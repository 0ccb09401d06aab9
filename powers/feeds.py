"""RSS and Atom feeds of the changes to the lists of powers: each entry is one version of an
item (added to the list, changed, removed), with what changed, linked to that version in the
item's change history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powers import selectors, versions
from powers.models import PowerItemVersion
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text, tag_uri


class ChangeAtomFeed(PortalAtomFeed):
    """Entry ids are the item's tag: URI with the version as its fragment (RFC 4151 allows
    one), so that each change of an item is an entry of its own, and never changes."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        page, _sep, fragment = item["link"].partition("#")
        first = item.get("first_published") or item["pubdate"]
        item["unique_id"] = tag_uri(page, first) + (f"#{fragment}" if fragment else "")
        Atom1Feed.add_item_elements(self, handler, item)


class PowerChangeFeed(PublicationFeed):
    title = gettext_lazy("Changes to the lists of powers and responsibilities")
    description = gettext_lazy("Power items added to the lists, changed and removed")

    def link(self) -> str:
        return reverse("powers:list")

    def items(self) -> list[PowerItemVersion]:
        changes = self.scope(selectors.versions_of_public_items(), field="power_item__agency")
        return list(changes[: self.length])

    def item_title(self, item: PowerItemVersion) -> str:
        return _("%(name)s (%(agency)s): version %(number)d, %(kind)s") % {
            "name": item.power_item.name,
            "agency": item.power_item.agency.name,
            "number": item.number,
            "kind": item.get_kind_display(),
        }

    def item_link(self, item: PowerItemVersion) -> str:
        return f"{item.power_item.get_absolute_url()}#version-{item.number}"

    def item_description(self, item: PowerItemVersion) -> str:
        lines = [line.text() for line in versions.describe(item.changes)]
        reason = _("Reason: %(reason)s") % {"reason": item.reason} if item.reason else ""
        return plain_text(reason, *lines)

    def item_pubdate(self, item: PowerItemVersion) -> dt.datetime:
        return item.recorded_at

    def item_updateddate(self, item: PowerItemVersion) -> dt.datetime:
        return item.recorded_at

    def item_author_name(self, item: PowerItemVersion) -> str:
        return item.power_item.agency.name

    def item_first_published(self, item: PowerItemVersion) -> dt.datetime | None:
        return item.power_item.published_at


class PowerChangeAtomFeed(PowerChangeFeed):
    feed_type = ChangeAtomFeed
    subtitle = PowerChangeFeed.description
