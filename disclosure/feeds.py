"""RSS 2.0 and Atom feeds of new disclosures (all, per agency, per theme), interpretations
and consultations. Published records only, newest first."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from disclosure import selectors
from disclosure.models import Document, Theme
from portal import sites
from portal.models import Agency
from publishing.feeds import PortalAtomFeed, PublicationFeed, aware, plain_text


class DocumentFeed(PublicationFeed):
    """New disclosures; ``agency`` (with sub-agencies) or ``theme`` narrow it."""

    description = _("Newly published government information")

    def get_object(
        self, request: HttpRequest, code: str | None = None, theme: int | None = None
    ) -> Agency | Theme | None:
        if code is not None:
            return sites.agency_or_404(request, Agency.objects.all(), code=code)
        if theme is not None:
            return get_object_or_404(Theme, pk=theme)
        return None

    def title(self, obj: Agency | Theme | None) -> str:
        base = str(_("New disclosures"))
        return f"{base} · {obj}" if obj is not None else base

    def link(self, obj: Agency | Theme | None) -> str:
        if isinstance(obj, Agency):
            return reverse("disclosure:catalog_agency", kwargs={"code": obj.code})
        if isinstance(obj, Theme):
            # The theme's page: the catalog filtered by it (with its sub-themes).
            return f"{reverse('disclosure:catalog')}?{urlencode({'theme': obj.pk})}"
        return reverse("disclosure:catalog")

    def items(self, obj: Agency | Theme | None) -> list[Document]:
        documents = self.scope(Document.objects.published().select_related("agency"))
        if isinstance(obj, Agency):
            documents = documents.filter(selectors.agency_subtree(obj))
        elif isinstance(obj, Theme):
            documents = documents.filter(selectors.theme_and_children(obj))
        return list(documents.order_by("-date_published", "-id")[: self.length])

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        return plain_text(item.agency.name, item.doc_number, item.summary)

    def item_pubdate(self, item: Document) -> dt.datetime | None:
        return item.published_at or aware(item.date_published)

    def item_first_published(self, item: Document) -> dt.date | None:
        # The official date of publication, which staff may not change once published.
        return item.date_published

    def item_guid(self, item: Document) -> str:
        return item.index_number or str(item.pk)

    item_guid_is_permalink = False


class DocumentAtomFeed(DocumentFeed):
    feed_type = PortalAtomFeed
    subtitle = DocumentFeed.description
