"""RSS and Atom feeds of published budgets and final accounts."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budgets import selectors
from budgets.amounts import format_amount
from budgets.models import BudgetDisclosure
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


class BudgetDisclosureFeed(PublicationFeed):
    title = _("Budgets and final accounts")
    description = _("Department and government budgets and final accounts as they are published")

    def link(self) -> str:
        return reverse("budgets:index")

    def items(self) -> list[BudgetDisclosure]:
        return list(
            self.scope(selectors.published_disclosures()).order_by("-published_at", "-id")[
                : self.length
            ]
        )

    def item_title(self, item: BudgetDisclosure) -> str:
        return item.title

    def item_description(self, item: BudgetDisclosure) -> str:
        totals = gettext(
            "Total income %(income)s, total expenditure %(expenditure)s (10,000 yuan)"
        ) % {
            "income": format_amount(item.total_income),
            "expenditure": format_amount(item.total_expenditure),
        }
        return plain_text(totals, item.description)

    def item_pubdate(self, item: BudgetDisclosure) -> dt.datetime | None:
        return item.published_at


class BudgetDisclosureAtomFeed(BudgetDisclosureFeed):
    feed_type = PortalAtomFeed
    subtitle = BudgetDisclosureFeed.description
