"""RSS 2.0 and Atom feeds of new disclosures (all, per agency, per theme), interpretations
and consultations. Published records only, newest first."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db.models import Model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from disclosure import selectors
from disclosure.models import Document, Theme
from interpretation import selectors as interpretation_selectors
from interpretation.models import Consultation, Interpretation
from portal.models import Agency

FEED_LENGTH = 50


def _aware(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class DocumentFeed(Feed):
    """New disclosures; ``agency`` (with sub-agencies) or ``theme`` narrow it."""

    feed_type = Rss201rev2Feed
    description = _("Newly published government information")

    def get_object(
        self, request: HttpRequest, code: str | None = None, theme: int | None = None
    ) -> Agency | Theme | None:
        if code is not None:
            return get_object_or_404(Agency, code=code)
        if theme is not None:
            return get_object_or_404(Theme, pk=theme)
        return None

    def title(self, obj: Agency | Theme | None) -> str:
        base = str(_("New disclosures"))
        return f"{base} · {obj}" if obj is not None else base

    def link(self, obj: Agency | Theme | None) -> str:
        if isinstance(obj, Agency):
            return reverse("disclosure:catalog_agency", kwargs={"code": obj.code})
        return reverse("disclosure:catalog")

    def items(self, obj: Agency | Theme | None) -> list[Document]:
        documents = Document.objects.published().select_related("agency")
        if isinstance(obj, Agency):
            documents = documents.filter(selectors.agency_subtree(obj))
        elif isinstance(obj, Theme):
            documents = documents.filter(selectors.theme_and_children(obj))
        return list(documents.order_by("-date_published", "-id")[:FEED_LENGTH])

    def item_title(self, item: Document) -> str:
        return item.title

    # Descriptions are HTML to feed readers (RSS by custom, Atom's summary says type="html");
    # ours are plain text, so they are escaped, or a summary could carry a live script.
    def item_description(self, item: Document) -> str:
        parts = [item.agency.name, item.doc_number, item.summary]
        return escape(" ".join(part for part in parts if part))

    def item_pubdate(self, item: Document) -> dt.datetime | None:
        return item.published_at or _aware(item.date_published)

    def item_author_name(self, item: Document) -> str:
        return item.agency.name

    def item_guid(self, item: Document) -> str:
        return item.index_number or str(item.pk)

    item_guid_is_permalink = False


class DocumentAtomFeed(DocumentFeed):
    feed_type = Atom1Feed
    subtitle = DocumentFeed.description


class InterpretationFeed(Feed):
    feed_type = Rss201rev2Feed
    title = _("Policy interpretations")
    description = _("Newly published policy interpretations")

    def link(self) -> str:
        return reverse("interpretation:list")

    def items(self) -> list[Interpretation]:
        return list(
            interpretation_selectors.published_interpretations()
            .prefetch_related(None)
            .order_by("-published_at", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item: Interpretation) -> str:
        return item.title

    def item_description(self, item: Interpretation) -> str:
        return escape(item.summary)

    def item_pubdate(self, item: Interpretation) -> dt.datetime | None:
        return item.published_at


class InterpretationAtomFeed(InterpretationFeed):
    feed_type = Atom1Feed
    subtitle = InterpretationFeed.description


class ConsultationFeed(Feed):
    feed_type = Rss201rev2Feed
    title = _("Public consultations")
    description = _("Drafts put up for public comment")

    def link(self) -> str:
        return reverse("interpretation:consultations")

    def items(self) -> list[Consultation]:
        return list(
            interpretation_selectors.published_consultations().order_by("-published_at", "-id")[
                :FEED_LENGTH
            ]
        )

    def item_title(self, item: Consultation) -> str:
        return item.title

    def item_description(self, item: Model) -> str:
        return str(_("Comments from %(opens)s to %(closes)s")) % {
            "opens": item.opens_on,
            "closes": item.closes_on,
        }

    def item_pubdate(self, item: Consultation) -> dt.datetime | None:
        return item.published_at


class ConsultationAtomFeed(ConsultationFeed):
    feed_type = Atom1Feed
    subtitle = ConsultationFeed.description
