"""What the public pages, the API, the feeds, the sitemap, the exports and search read (the
published responses, with their own fields only: never a field of the concern), and what the
back office and the sweep read of the register (concerns with the responses that went out)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from concerns.models import Concern, Response, ResponseKind, Severity
from disclosure.models import Document
from interpretation.models import Interpretation
from portal import sites
from portal.models import Agency

PER_PAGE = 20


def published() -> QuerySet[Response]:
    """Published responses, newest first, with what their pages show: their agency and the
    published interpretations and documents they link. The concern is never joined: public
    pages, the API, feeds, exports and search read the response's own fields only."""
    return (
        Response.objects.published()
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "interpretations",
                queryset=Interpretation.objects.published().order_by("-published_at"),
            ),
            Prefetch("documents", queryset=Document.objects.published().order_by("-id")),
        )
        .order_by("-published_at", "-id")
    )


def published_response(pk: int) -> Response | None:
    return published().filter(pk=pk).first()


@dataclass(frozen=True)
class ResponseFilters:
    agency: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ResponseFilters:
        kind = query.get("kind", "").strip()
        return cls(
            agency=query.get("agency", "").strip()[:32],
            kind=kind if kind in ResponseKind.values else "",
        )

    def as_query(self) -> dict[str, str]:
        return {"agency": self.agency, "kind": self.kind}


def responses(
    filters: ResponseFilters | None = None, *, site: sites.CurrentSite | None = None
) -> QuerySet[Response]:
    """The published responses; with ``site``, only its agencies' (portal.sites), and an
    agency filter names one of them or finds nothing."""
    found = sites.scope(published(), site)
    if filters is not None:
        if filters.kind:
            found = found.filter(kind=filters.kind)
        if filters.agency:
            agencies = sites.scope(Agency.objects.all(), site, field="")
            agency = agencies.filter(code=filters.agency).first()
            found = found.filter(agency__path__startswith=agency.path) if agency else found.none()
    return found


def agencies_with_responses(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    """The list's agency filter: the site's agencies with published responses."""
    published_by = Response.objects.published().values("agency_id")
    return sites.scope(Agency.objects.filter(pk__in=published_by), site, field="").order_by("path")


# --- The register (staff only) ----------------------------------------------------------------


def with_clock_data(concerns: QuerySet[Concern]) -> QuerySet[Concern]:
    """Concerns with their agency and the responses that went out (``concern.released``),
    which is all ``clock.clocks`` needs: two queries for any number of concerns."""
    return concerns.select_related("agency").prefetch_related(
        Prefetch(
            "responses",
            queryset=Response.objects.released().order_by("published_at"),
            to_attr="released",
        )
    )


def awaiting_response() -> QuerySet[Concern]:
    """Concerns with an obligation not yet met: a general concern without a published
    response; a major one without a response given at a press conference (which also meets
    the authoritative-information obligation, if nothing did before)."""
    released = Response.objects.released().filter(concern=OuterRef("pk"))
    return with_clock_data(
        Concern.objects.annotate(
            has_response=Exists(released),
            has_press_conference=Exists(released.filter(at_press_conference=True)),
        ).filter(
            Q(severity=Severity.GENERAL, has_response=False)
            | Q(severity=Severity.MAJOR, has_press_conference=False)
        )
    )
