"""RSS and Atom feeds of the beneficiary lists on display: the list, its 公示期, its
supervision phone and totals; never a row."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text
from subsidies import selectors
from subsidies.models import BeneficiaryList


class BeneficiaryListFeed(PublicationFeed):
    title = gettext_lazy("Beneficiary lists")
    description = gettext_lazy("Lists of who receives social assistance and subsidies, on display")

    def link(self) -> str:
        return reverse("subsidies:index")

    def items(self) -> list[BeneficiaryList]:
        lists = self.scope(selectors.lists()).order_by("-published_at", "-id")
        return list(lists[: self.length])

    def item_title(self, item: BeneficiaryList) -> str:
        return f"{item.title}（{item.period}）"

    def item_description(self, item: BeneficiaryList) -> str:
        notice = _(
            "%(kind)s. Notice period %(start)s to %(end)s; objections to %(phone)s. "
            "%(count)d beneficiaries."
        ) % {
            "kind": item.get_kind_display(),
            "start": item.notice_start.isoformat(),
            "end": item.notice_end.isoformat(),
            "phone": item.supervision_phone,
            "count": getattr(item, "row_count", 0),
        }
        return plain_text(notice, item.notes)

    def item_pubdate(self, item: BeneficiaryList) -> dt.datetime | None:
        return item.published_at


class BeneficiaryListAtomFeed(BeneficiaryListFeed):
    feed_type = PortalAtomFeed
    subtitle = BeneficiaryListFeed.description
