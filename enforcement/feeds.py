"""RSS and Atom feeds of enforcement decisions on display (the party's published name only),
and of published random inspection plans."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enforcement import selectors, selectors_inspections
from enforcement.models import Decision, InspectionPlan
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class DecisionFeed(PublicationFeed):
    title = _("Enforcement decisions")
    description = _("Administrative licensing, penalty, coercion and inspection decisions")

    def link(self) -> str:
        return reverse("enforcement:list")

    def items(self) -> list[Decision]:
        decisions = self.scope(selectors.on_display())
        return list(decisions.order_by("-published_at", "-id")[: self.length])

    def item_title(self, item: Decision) -> str:
        return f"{item.get_kind_display()} {item.number} {item.public_subject_name}"

    def item_description(self, item: Decision) -> str:
        return plain_text(item.summary, item.decision_text)

    def item_pubdate(self, item: Decision) -> dt.datetime | None:
        return item.published_at


class DecisionAtomFeed(DecisionFeed):
    feed_type = PortalAtomFeed
    subtitle = DecisionFeed.description


class InspectionPlanFeed(PublicationFeed):
    """Published random inspection plans, newest first; an entry's <updated> moves when its
    draw is made or a result is published."""

    title = _("Random inspections")
    description = _("Random inspection plans, their draws and results")

    def link(self) -> str:
        return reverse("enforcement:inspections")

    def items(self) -> list[InspectionPlan]:
        plans = self.scope(selectors_inspections.published_plans()).order_by("-published_at", "-id")
        return list(plans[: self.length])

    def item_title(self, item: InspectionPlan) -> str:
        return f"{item.title}（{item.agency.name}）"

    def item_description(self, item: InspectionPlan) -> str:
        return plain_text(item.description)

    def item_pubdate(self, item: InspectionPlan) -> dt.datetime | None:
        return item.published_at


class InspectionPlanAtomFeed(InspectionPlanFeed):
    feed_type = PortalAtomFeed
    subtitle = InspectionPlanFeed.description
