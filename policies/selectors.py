"""What the public pages, the API, the feeds, the sitemap, the exports, search and the digest
read: policy items on display (published, of a published document in force), with their
conditions, document, interpretations and Q&A read in a constant number of queries.

The public ones take the site asking (``portal.sites``; None: the whole installation): its
lists, facets and choosers hold the items of the site's agencies. An item's agency is its
document's (``policies.drafting``), so a site never lists an item whose document another site
shows; the interpretations and Q&A entries beside an item are the site's too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from disclosure.models import Document, Theme
from disclosure.selectors import theme_and_children
from interpretation.models import Interpretation, PolicyQuestion
from policies.models import (
    Audience,
    Condition,
    CriterionType,
    CriterionValue,
    Delivery,
    PolicyItem,
    PolicyItemQuerySet,
)
from portal import sites
from portal.models import Agency, AgencyKind

PER_PAGE = 20


class Validity:
    """The library's validity filter: open for application (default), or also those whose
    application deadline has passed. Items of a document no longer in force are never shown."""

    OPEN = ""
    ALL = "all"
    CLOSED = "closed"
    VALUES = (OPEN, ALL, CLOSED)


def with_conditions(items: QuerySet[PolicyItem]) -> QuerySet[PolicyItem]:
    """Items with what ``policies.matching`` and the pages read: three queries in all."""
    return items.select_related("agency", "document", "document__theme").prefetch_related(
        Prefetch(
            "conditions",
            queryset=Condition.objects.prefetch_related(
                Prefetch("values", queryset=CriterionValue.objects.order_by("order", "code")),
                Prefetch("regions", queryset=Agency.objects.order_by("path")),
            ),
        )
    )


def with_sources(
    items: QuerySet[PolicyItem], site: sites.CurrentSite | None = None
) -> QuerySet[PolicyItem]:
    """And the document's published interpretations and Q&A entries that ``site`` shows (two
    queries more)."""
    interpretations = sites.scope(Interpretation.objects.published(), site)
    questions = sites.scope(PolicyQuestion.objects.published(), site)
    return items.prefetch_related(
        Prefetch(
            "document__interpretations",
            queryset=interpretations.order_by("-published_at", "-id"),
            to_attr="published_interpretations",
        ),
        Prefetch(
            "document__policy_questions",
            queryset=questions.order_by("order", "-id"),
            to_attr="published_questions",
        ),
    )


def on_display(
    today: dt.date | None = None, site: sites.CurrentSite | None = None
) -> PolicyItemQuerySet:
    """Items on display, of ``site``'s agencies."""
    return sites.scope(PolicyItem.objects.on_display(today), site).order_by("-published_at", "-id")


def _int(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


@dataclass(frozen=True)
class ListFilters:
    """The library's filters a query string asked for; unknown values are ignored."""

    theme: Theme | None = None
    agency: Agency | None = None
    audience: str = ""
    industry: CriterionValue | None = None
    delivery: str = ""
    validity: str = Validity.OPEN
    q: str = ""

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], site: sites.CurrentSite | None = None
    ) -> ListFilters:
        """The filters of ``query``; an agency outside ``site`` is ignored like an unknown one."""
        theme_id = _int(query.get("theme", ""))
        code = query.get("agency", "").strip()[:32]
        industry = query.get("industry", "").strip()[:40]
        audience = query.get("audience", "").strip()
        delivery = query.get("delivery", "").strip()
        validity = query.get("validity", "").strip()
        return cls(
            theme=Theme.objects.filter(pk=theme_id).first() if theme_id else None,
            agency=sites.scope(Agency.objects.all(), site, field="").filter(code=code).first()
            if code
            else None,
            audience=audience if audience in (Audience.INDIVIDUALS, Audience.BUSINESSES) else "",
            industry=(
                CriterionValue.objects.filter(kind=CriterionType.INDUSTRY, code=industry).first()
                if industry
                else None
            ),
            delivery=delivery if delivery in Delivery.values else "",
            validity=validity if validity in Validity.VALUES else Validity.OPEN,
            q=query.get("q", "").strip()[:100],
        )

    def as_query(self) -> dict[str, str]:
        return {
            "q": self.q,
            "theme": str(self.theme.pk) if self.theme else "",
            "agency": self.agency.code if self.agency else "",
            "audience": self.audience,
            "industry": self.industry.code if self.industry else "",
            "delivery": self.delivery,
            "validity": self.validity,
        }


def items(
    filters: ListFilters | None = None,
    today: dt.date | None = None,
    site: sites.CurrentSite | None = None,
) -> PolicyItemQuerySet:
    day = today or timezone.localdate()
    found = on_display(day, site)
    filters = filters or ListFilters()
    if filters.validity == Validity.OPEN:
        found = found.open_for_application(day)
    elif filters.validity == Validity.CLOSED:
        found = found.filter(apply_deadline__lt=day)
    if filters.theme:
        found = found.filter(document__in=_documents_with_theme(filters.theme).values("pk"))
    if filters.agency:
        # An agency's list holds its sub-agencies' items too.
        found = found.filter(agency__path__startswith=filters.agency.path)
    if filters.audience:
        found = found.filter(audience__in=[filters.audience, Audience.BOTH])
    if filters.industry:
        # For that industry: restricted to it, or open to every industry (no such condition),
        # among items for businesses.
        restricted = Condition.objects.filter(kind=CriterionType.INDUSTRY)
        found = found.filter(audience__in=[Audience.BUSINESSES, Audience.BOTH]).filter(
            Q(conditions__in=restricted.filter(values=filters.industry))
            | ~Q(pk__in=restricted.values("item_id"))
        )
    if filters.delivery:
        found = found.filter(delivery=filters.delivery)
    if filters.q:
        found = found.filter(
            Q(name__icontains=filters.q)
            | Q(summary__icontains=filters.q)
            | Q(document__title__icontains=filters.q)
        )
    return found.distinct()


def _documents_with_theme(theme: Theme) -> QuerySet[Document]:
    return Document.objects.filter(theme_and_children(theme))


def automatic(
    today: dt.date | None = None, site: sites.CurrentSite | None = None
) -> PolicyItemQuerySet:
    """The 免申即享 list: granted without an application, open now."""
    return on_display(today, site).open_for_application(today).filter(delivery=Delivery.AUTOMATIC)


def agencies_with_items(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=on_display(site=site).values("agency_id")).order_by("path")


def themes_with_items(site: sites.CurrentSite | None = None) -> list[Theme]:
    used = set(on_display(site=site).values_list("document__theme_id", flat=True))
    themes = Theme.objects.filter(Q(pk__in=used) | Q(children__in=used)).select_related("parent")
    return sorted(set(themes), key=lambda t: (t.parent_id is not None, str(t)))


def vocabulary(kind: str) -> QuerySet[CriterionValue]:
    return CriterionValue.objects.filter(kind=kind, is_active=True).order_by("order", "code")


def regions(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    """The regions a visitor can choose: people's governments (administrative divisions), of
    ``site``'s subtree."""
    governments = Agency.objects.active().filter(kind=AgencyKind.GOVERNMENT)
    return sites.scope(governments, site, field="").order_by("path")


def subscribable_agencies(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    """The agencies whose items a visitor can follow: the active ones of ``site``."""
    return sites.scope(Agency.objects.active(), site, field="").order_by("path")


def vocabulary_all() -> QuerySet[CriterionValue]:
    """Every value, retired ones included (to name what a saved profile says)."""
    return CriterionValue.objects.all()
