"""The end of the 公示期. The public querysets leave a decision out from the day after its
last day by themselves (``DecisionQuerySet.on_display``); this only takes the stale entries out
of the search index, daily. Idempotent: it re-queues the removal of every published decision
whose period ended in the last ``CATCH_UP_DAYS`` days (a missed run is caught up), and removing
what is not in the index does nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from enforcement.models import Decision, DecisionKind, publication_days
from portal.search import indexing as search_indexing

CATCH_UP_DAYS = 7


def expired_recently(today: dt.date | None = None) -> list[Decision]:
    today = today or timezone.localdate()
    found: list[Decision] = []
    for kind in DecisionKind.values:
        days = publication_days(kind)
        # Last day shown = decision date + days; expired today when that was yesterday.
        newest = today - dt.timedelta(days=days + 1)
        oldest = newest - dt.timedelta(days=CATCH_UP_DAYS - 1)
        found += (
            Decision.objects.published()
            .filter(kind=kind, decision_date__gte=oldest, decision_date__lte=newest)
            .only("pk")
        )
    return found


def remove_expired_from_search(today: dt.date | None = None) -> int:
    expired = expired_recently(today)
    search_indexing.queue_many(expired)
    return len(expired)
