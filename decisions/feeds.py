"""RSS and Atom feeds of the progress of major decisions: each published step, newest first
(a draft published for comment, a hearing held, a decision taken …), linking the decision's
page at that step."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions import selectors
from decisions.models import DecisionStep
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class DecisionStepFeed(PublicationFeed):
    title = gettext_lazy("Major decisions")
    description = gettext_lazy("Steps of major administrative decisions as they are published")

    def link(self) -> str:
        return reverse("decisions:index")

    def items(self) -> list[DecisionStep]:
        steps = self.scope(selectors.latest_steps(), field=f"decision__{selectors.DECISION_AGENCY}")
        return list(steps[: self.length])

    def item_title(self, item: DecisionStep) -> str:
        return f"{item.decision.title}：{item.get_kind_display()}"

    def item_link(self, item: DecisionStep) -> str:
        return item.get_absolute_url()

    def item_description(self, item: DecisionStep) -> str:
        if item.not_applicable:
            return plain_text(_("Not applicable"), item.not_applicable_reason)
        lead = _("%(government)s · lead agency %(lead)s") % {
            "government": item.decision.catalog.agency.name,
            "lead": item.decision.lead_agency,
        }
        return plain_text(lead, item.summary)

    def item_pubdate(self, item: DecisionStep) -> dt.datetime | None:
        return item.published_at


class DecisionStepAtomFeed(DecisionStepFeed):
    feed_type = PortalAtomFeed
    subtitle = DecisionStepFeed.description
