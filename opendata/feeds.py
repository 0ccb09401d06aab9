"""RSS and Atom feeds of new and updated datasets: a dataset is (re)announced when it is
published and each time a new version of its data is released (its ``modified_at``). The
portal's automatic datasets change with every record and are not announced here."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opendata import selectors
from opendata.models import Dataset
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class DatasetFeed(PublicationFeed):
    title = _("Open data: new and updated datasets")
    description = _("Datasets published by the agencies, and their new versions")

    def link(self) -> str:
        return reverse("opendata:catalog")

    def items(self) -> list[Dataset]:
        return list(selectors.published_datasets()[: self.length])

    def item_title(self, item: Dataset) -> str:
        current = item.public[0] if item.public else None  # type: ignore[attr-defined]
        return f"{item.title} {current.version}" if current else item.title

    def item_description(self, item: Dataset) -> str:
        current = item.public[0] if item.public else None  # type: ignore[attr-defined]
        return plain_text(item.description, current.change_note if current else "")

    def item_pubdate(self, item: Dataset) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Dataset) -> dt.datetime:
        return item.modified_at or item.updated_at


class DatasetAtomFeed(DatasetFeed):
    feed_type = PortalAtomFeed
    subtitle = DatasetFeed.description
