"""Which index the search layer uses: ``SEARCH_BACKEND`` is "whoosh" (files, the default) or
"postgres" (``portal.search.pg``, the ``portal_searchentry`` table).

``indexing`` and ``query`` keep their functions and signatures and ask ``is_postgres()`` where
the two differ (writing entries, listing what is indexed, matching, counting and ordering);
queueing, reconciliation, hydration and snippets are the same code for both.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

WHOOSH, POSTGRES = "whoosh", "postgres"


def name() -> str:
    chosen = getattr(settings, "SEARCH_BACKEND", WHOOSH) or WHOOSH
    if chosen not in (WHOOSH, POSTGRES):
        raise ImproperlyConfigured(f"SEARCH_BACKEND must be whoosh or postgres, not {chosen!r}.")
    if chosen == POSTGRES and connection.vendor != "postgresql":
        raise ImproperlyConfigured("SEARCH_BACKEND=postgres needs a PostgreSQL database.")
    return chosen


def is_postgres() -> bool:
    return name() == POSTGRES


def agency_paths(codes: Iterable[str]) -> dict[str, str]:
    """Agency code -> the agency's treebeard path, stored with each item for site scoping."""
    from portal.models import Agency

    wanted = {code for code in codes if code}
    if not wanted:
        return {}
    return dict(Agency.objects.filter(code__in=wanted).values_list("code", "path"))
