"""RSS and Atom feeds of policy interpretations and public consultations."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interpretation import selectors
from interpretation.models import Consultation, Interpretation
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class InterpretationFeed(PublicationFeed):
    title = _("Policy interpretations")
    description = _("Newly published policy interpretations")

    def link(self) -> str:
        return reverse("interpretation:list")

    def items(self) -> list[Interpretation]:
        return list(
            self.scope(selectors.published_interpretations())
            .prefetch_related(None)
            .select_related("agency")
            .order_by("-published_at", "-id")[: self.length]
        )

    def item_title(self, item: Interpretation) -> str:
        return item.title

    def item_description(self, item: Interpretation) -> str:
        return plain_text(item.summary)

    def item_pubdate(self, item: Interpretation) -> dt.datetime | None:
        return item.published_at


class InterpretationAtomFeed(InterpretationFeed):
    feed_type = PortalAtomFeed
    subtitle = InterpretationFeed.description


class ConsultationFeed(PublicationFeed):
    title = _("Public consultations")
    description = _("Drafts put up for public comment")

    def link(self) -> str:
        return reverse("interpretation:consultations")

    def items(self) -> list[Consultation]:
        return list(
            self.scope(selectors.published_consultations())
            .select_related("agency")
            .order_by("-published_at", "-id")[: self.length]
        )

    def item_title(self, item: Consultation) -> str:
        return item.title

    def item_description(self, item: Consultation) -> str:
        return plain_text(
            str(_("Comments from %(opens)s to %(closes)s"))
            % {"opens": item.opens_on, "closes": item.closes_on}
        )

    def item_pubdate(self, item: Consultation) -> dt.datetime | None:
        return item.published_at


class ConsultationAtomFeed(ConsultationFeed):
    feed_type = PortalAtomFeed
    subtitle = ConsultationFeed.description
