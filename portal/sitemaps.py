"""sitemap.xml: every public page (published records only), split into sections so that the
100,000 documents stay under the 50,000-URL limit per sitemap file (Django pages them). Each
record's ``lastmod`` is its real last change (``updated_at``), never the time of the request.

Each site of the site group (portal.sites) lists its own: ``site_sitemaps`` gives the sections
for the request's site, each section's items restricted to the site's agency subtree (records
with an ``agency``, the agencies themselves and their columns), on the site's own host. Kept
for an hour, and retired at once when a site changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, NamedTuple

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page

from briefings.models import Conference
from budgets import selectors as budgets_selectors
from budgets.models import BudgetDisclosure
from concerns import selectors as concerns_selectors
from concerns.models import Response as ConcernResponse
from decisions.models import Decision as MajorDecision
from disclosure.models import Document
from enforcement import selectors as enforcement_selectors
from enforcement import selectors_inspections
from enforcement.models import Decision, InspectionPlan
from gazette import selectors as gazette_selectors
from gazette.models import Issue
from interaction.models import Interview, Meeting, Message
from interpretation.models import Consultation, Interpretation, PolicyQuestion
from keytasks import selectors as keytasks_selectors
from keytasks.models import KeyTask
from newmedia import selectors as newmedia_selectors
from newmedia.models import Account
from opendata import selectors as opendata_selectors
from opendata.models import Dataset
from policies import selectors as policy_selectors
from policies.models import PolicyItem
from portal import columns, page_cache, sites
from portal.models import Agency
from powers import selectors as powers_selectors
from powers.models import PowerItem
from proposals import selectors as proposals_selectors
from proposals.models import Proposal
from reports import publishing
from reports.models import AnnualReport
from subsidies import selectors as subsidies_selectors
from subsidies.models import BeneficiaryList


class StaticPages(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "portal:home",
            "portal:agency_directory",
            "disclosure:catalog",
            "portal:openness",
            "disclosure:normative",
            "disclosure:negative_list",
            "interpretation:list",
            "interpretation:questions",
            "interpretation:consultations",
            "interaction:interviews",
            "interaction:meetings",
            "annual_reports:list",
            "requests_app:apply",
            "interaction:index",
            "interaction:messages",
            "interaction:statistics",
            "enforcement:list",
            "subsidies:index",
            "concerns:index",
            "newmedia:list",
            "proposals:list",
            "proposals:statistics",
            "budgets:index",
            "opendata:catalog",
            "opendata:terms",
            "powers:list",
            "enforcement:inspections",
            "gazette:index",
            "policies:library",
            "policies:automatic",
            "policies:finder",
            "briefings:list",
            "decisions:index",
            "keytasks:index",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class _UpdatedAt(Sitemap):
    changefreq = "monthly"

    def lastmod(
        self,
        item: Agency
        | Interpretation
        | PolicyQuestion
        | Consultation
        | AnnualReport
        | Interview
        | Meeting,
    ) -> dt.datetime:
        return item.updated_at


class AgencyPages(_UpdatedAt):
    changefreq = "weekly"

    def items(self) -> QuerySet[Agency]:
        return Agency.objects.filter(is_active=True).order_by("path")

    def location(self, item: Agency) -> str:
        return reverse("portal:agency_column", kwargs={"code": item.code})


class ColumnPages(Sitemap):
    """The pages of each active agency's column other than its home page (公开指南, 公开制度,
    法定主动公开内容, 公开年报, 依申请公开, 机构概况), as its navigation lists them."""

    changefreq = "weekly"

    def items(self) -> list[tuple[str, str]]:
        names = [page.url_name for page in columns.pages() if page.key != columns.COLUMN_HOME]
        codes = (
            Agency.objects.filter(is_active=True).order_by("path").values_list("code", flat=True)
        )
        return [(code, name) for code in codes for name in names]

    def location(self, item: tuple[str, str]) -> str:
        code, name = item
        return reverse(name, kwargs={"code": code})


class DocumentPages(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self) -> QuerySet[Document]:
        return (
            Document.objects.published().only("pk", "updated_at").order_by("-date_published", "-id")
        )

    def lastmod(self, item: Document) -> dt.datetime:
        return item.updated_at


class InterpretationPages(_UpdatedAt):
    def items(self) -> QuerySet[Interpretation]:
        return Interpretation.objects.published().order_by("-published_at", "-id")


class QuestionPages(_UpdatedAt):
    def items(self) -> QuerySet[PolicyQuestion]:
        return PolicyQuestion.objects.published().order_by("-updated_at", "-id")


class ConsultationPages(_UpdatedAt):
    def items(self) -> QuerySet[Consultation]:
        return Consultation.objects.published().order_by("-opens_on", "-id")


class InterviewPages(_UpdatedAt):
    def items(self) -> QuerySet[Interview]:
        return Interview.objects.published().order_by("-starts_at", "-id")


class MeetingPages(_UpdatedAt):
    def items(self) -> QuerySet[Meeting]:
        return Meeting.objects.published().order_by("-starts_at", "-id")


class MessagePages(Sitemap):
    """Published messages and their replies (the question masked, never the citizen)."""

    changefreq = "monthly"

    def items(self) -> QuerySet[Message]:
        return (
            Message.objects.published()
            .only("pk", "tracking_number", "updated_at")
            .order_by("-replied_on", "-id")
        )

    def lastmod(self, item: Message) -> dt.datetime:
        return item.updated_at


class DecisionPages(Sitemap):
    """Enforcement decisions on display (within their 公示期: an ended one leaves the sitemap
    that day, as it leaves the pages)."""

    changefreq = "monthly"

    def items(self) -> QuerySet[Decision]:
        return enforcement_selectors.on_display().select_related(None).only("pk", "updated_at")

    def lastmod(self, item: Decision) -> dt.datetime:
        return item.updated_at


class BeneficiaryListPages(Sitemap):
    """Beneficiary lists on display (within their 公示期: a list leaves the sitemap the day
    after, as it leaves the pages)."""

    changefreq = "weekly"

    def items(self) -> QuerySet[BeneficiaryList]:
        return subsidies_selectors.on_display().select_related(None).only("pk", "updated_at")

    def lastmod(self, item: BeneficiaryList) -> dt.datetime:
        return item.updated_at


class ConcernResponsePages(Sitemap):
    """Published responses to public concerns (回应关切)."""

    changefreq = "monthly"

    def items(self) -> QuerySet[ConcernResponse]:
        return (
            concerns_selectors.published()
            .select_related(None)
            .prefetch_related(None)
            .only("pk", "updated_at")
        )

    def lastmod(self, item: ConcernResponse) -> dt.datetime:
        return item.updated_at


class NewMediaAccountPages(Sitemap):
    """Published new media accounts (a closed one keeps its page)."""

    changefreq = "monthly"

    def items(self) -> QuerySet[Account]:
        return newmedia_selectors.published().select_related(None).only("pk", "updated_at")

    def lastmod(self, item: Account) -> dt.datetime:
        return item.updated_at


class ProposalPages(Sitemap):
    """Published replies to suggestions and proposals."""

    changefreq = "yearly"

    def items(self) -> QuerySet[Proposal]:
        return (
            proposals_selectors.published()
            .select_related(None)
            .prefetch_related(None)
            .only("pk", "updated_at")
        )

    def lastmod(self, item: Proposal) -> dt.datetime:
        return item.updated_at


class ConferencePages(Sitemap):
    """Published press conferences (announcements included); a transcript moves the date."""

    changefreq = "weekly"

    def items(self) -> QuerySet[Conference]:
        return Conference.objects.published().only("pk", "updated_at")

    def lastmod(self, item: Conference) -> dt.datetime:
        return item.updated_at


class MajorDecisionPages(Sitemap):
    """Decisions of published catalogs (their page changes with each step published)."""

    changefreq = "weekly"
    site_field = "catalog__agency"  # a decision is its catalog's government's

    def items(self) -> QuerySet[MajorDecision]:
        return MajorDecision.objects.public().order_by("pk").only("pk", "updated_at")

    def lastmod(self, item: MajorDecision) -> dt.datetime:
        return item.updated_at


class _Board(NamedTuple):
    code: str
    year: int
    agency_id: int  # the government's, for the site's sections (``_within``)


class KeyTaskBoardPages(Sitemap):
    """Each government's board of key tasks for a year with a published list."""

    changefreq = "weekly"

    def items(self) -> list[_Board]:
        return [
            _Board(agency.code, year, agency.pk)
            for agency, year, _lists in keytasks_selectors.boards()
        ]

    def location(self, item: _Board) -> str:
        return reverse("keytasks:board", kwargs={"code": item.code, "year": item.year})


class KeyTaskPages(Sitemap):
    """The tasks of published key task lists."""

    changefreq = "weekly"
    site_field = "task_list__agency"  # a task is its list's government's

    def items(self) -> QuerySet[KeyTask]:
        return KeyTask.objects.public().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item: KeyTask) -> dt.datetime:
        return item.updated_at


class BudgetDisclosurePages(Sitemap):
    """Published budgets and final accounts."""

    changefreq = "yearly"

    def items(self) -> QuerySet[BudgetDisclosure]:
        return (
            budgets_selectors.published_disclosures().select_related(None).only("pk", "updated_at")
        )

    def lastmod(self, item: BudgetDisclosure) -> dt.datetime:
        return item.updated_at


class DatasetPages(Sitemap):
    """Published datasets (their last change is their newest release) and the portal's
    automatic datasets (changing with what the portal publishes)."""

    changefreq = "weekly"

    def items(self) -> list[Dataset | str]:
        published: list[Dataset | str] = list(
            Dataset.objects.published().only("pk", "modified_at", "updated_at").order_by("pk")
        )
        return published + [entry.url for entry in opendata_selectors.auto_entries()]

    def location(self, item: Dataset | str) -> str:
        return item if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item: Dataset | str) -> dt.datetime | None:
        if isinstance(item, str):
            return None
        return item.modified_at or item.updated_at


class PowerItemPages(Sitemap):
    """Published power items (权力清单、责任清单)."""

    changefreq = "monthly"

    def items(self) -> QuerySet[PowerItem]:
        return (
            powers_selectors.published()
            .select_related(None)
            .prefetch_related(None)
            .only("pk", "updated_at")
        )

    def lastmod(self, item: PowerItem) -> dt.datetime:
        return item.updated_at


class InspectionPlanPages(Sitemap):
    """Published random inspection plans (their draw and results are on the same page)."""

    changefreq = "monthly"

    def items(self) -> QuerySet[InspectionPlan]:
        return selectors_inspections.published_plans().select_related(None).only("pk", "updated_at")

    def lastmod(self, item: InspectionPlan) -> dt.datetime:
        return item.updated_at


class GazetteYear(NamedTuple):
    """A gazette's archive of one year, with the gazette's agency (a site lists its own)."""

    slug: str
    year: int
    agency_id: int


class GazetteIssuePages(Sitemap):
    """Published gazette issues, and each gazette's archive of a year."""

    changefreq = "monthly"

    def items(self) -> list[Issue | GazetteYear]:
        issues = list(
            gazette_selectors.published_issues()
            .select_related(None)
            .select_related("gazette")
            .only("pk", "year", "number", "updated_at", "agency_id", "gazette__slug")
        )
        years = sorted(
            {GazetteYear(issue.gazette.slug, issue.year, issue.agency_id) for issue in issues},
            reverse=True,
        )
        return [*issues, *years]

    def location(self, item: Issue | GazetteYear) -> str:
        if isinstance(item, Issue):
            return item.get_absolute_url()
        return reverse("gazette:year", kwargs={"gazette": item.slug, "year": item.year})

    def lastmod(self, item: Issue | GazetteYear) -> dt.datetime | None:
        return item.updated_at if isinstance(item, Issue) else None


class PolicyItemPages(Sitemap):
    """Policy items on display (an item of a document no longer in force leaves the sitemap
    as it leaves the pages)."""

    changefreq = "monthly"

    def items(self) -> QuerySet[PolicyItem]:
        return policy_selectors.on_display().only("pk", "updated_at")

    def lastmod(self, item: PolicyItem) -> dt.datetime:
        return item.updated_at


class ReportPages(_UpdatedAt):
    changefreq = "yearly"

    def items(self) -> QuerySet[AnnualReport]:
        return publishing.published_reports().order_by("-year", "agency__path")


SITEMAPS = {
    "pages": StaticPages,
    "agencies": AgencyPages,
    "columns": ColumnPages,
    "documents": DocumentPages,
    "interpretations": InterpretationPages,
    "questions": QuestionPages,
    "consultations": ConsultationPages,
    "interviews": InterviewPages,
    "meetings": MeetingPages,
    "reports": ReportPages,
    "messages": MessagePages,
    "enforcement": DecisionPages,
    "subsidies": BeneficiaryListPages,
    "concerns": ConcernResponsePages,
    "newmedia": NewMediaAccountPages,
    "proposals": ProposalPages,
    "budgets": BudgetDisclosurePages,
    "opendata": DatasetPages,
    "powers": PowerItemPages,
    "inspections": InspectionPlanPages,
    "gazette": GazetteIssuePages,
    "policies": PolicyItemPages,
    "briefings": ConferencePages,
    "decisions": MajorDecisionPages,
    "keytask-boards": KeyTaskBoardPages,
    "keytasks": KeyTaskPages,
}


def _within(items: object, site: sites.CurrentSite, field: str = "agency") -> object:
    """A section's items within ``site``: querysets of records with an agency (or of agencies)
    by the path prefix, lists by their agency in the cached tree (a gazette's year archive by
    the gazette's); the rest (the static pages) are the whole installation's. ``field``: the
    path to a section's records' agency where it is not their own ``agency`` (a section's
    ``site_field``)."""
    if isinstance(items, QuerySet):
        if items.model is Agency:
            return sites.scope(items, site, field="")
        if field != "agency":
            return sites.scope(items, site, field=field)
        try:
            items.model._meta.get_field("agency")
        except FieldDoesNotExist:
            return items
        return sites.scope(items, site)
    if isinstance(items, list):
        in_site = {a.pk for a in sites.site_agencies(site)}
        return [item for item in items if getattr(item, "agency_id", None) in (None, *in_site)]
    return items


class _SiteSection:
    """A section's ``items`` within a site (bound to the section's own ``items``)."""

    def __init__(
        self, items: Callable[[], Any], site: sites.CurrentSite, field: str = "agency"
    ) -> None:
        self.original = items
        self.site = site
        self.field = field

    def __call__(self) -> Any:
        return _within(self.original(), self.site, self.field)


class _SiteColumns:
    """ColumnPages' items, (agency code, URL name), of the site's agencies."""

    def __init__(self, items: Callable[[], list[tuple[str, str]]], codes: set[str]) -> None:
        self.original = items
        self.codes = codes

    def __call__(self) -> list[tuple[str, str]]:
        return [page for page in self.original() if page[0] in self.codes]


def site_sitemaps(request: HttpRequest) -> dict[str, type[Sitemap[Any]] | Sitemap[Any]]:
    """The sections of sitemap.xml for the request's site."""
    site = sites.current_site(request)
    sections: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {}
    for name, section in SITEMAPS.items():
        instance = section()
        if site.root_path and isinstance(instance, ColumnPages):
            codes = {agency.code for agency in sites.site_agencies(site)}
            instance.items = _SiteColumns(instance.items, codes)  # type: ignore[method-assign]
        elif site.root_path:
            field = getattr(instance, "site_field", "agency")
            instance.items = _SiteSection(instance.items, site, field)  # type: ignore[method-assign]
        sections[name] = instance
    return sections


#: How long sitemap.xml and its sections are kept, unless a site changes before.
SITEMAP_SECONDS = 3600


def cached_until_sites_change(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """``view`` cached for ``SITEMAP_SECONDS`` per address (``cache_page``) under the version of
    the site group (``page_cache.SITES``): a change of a site (its hosts, canonical host, root
    or activation) retires it at once, since which site a host shows decides its addresses."""

    @wraps(view)
    def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        prefix = f"sitemap:{page_cache.version_of(page_cache.SITES)}"
        response: HttpResponse = cache_page(SITEMAP_SECONDS, key_prefix=prefix)(view)(
            request, *args, **kwargs
        )
        return response

    return cached


def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(
        request, sitemaps=site_sitemaps(request), sitemap_url_name="sitemap-section"
    )


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, sitemaps=site_sitemaps(request), section=section)


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read every public page; not the admin, nor the request-tracking pages
    (they are reached with an applicant's access code and say nothing to anyone else)."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /requests/track/",
        "Disallow: /interaction/track/",
        "Disallow: /interaction/feedback/",
        # The counting download addresses: a crawler's fetch is not a reader's download.
        "Disallow: /opendata/download/",
        "Disallow: /opendata/auto/*/download/",
        f"Sitemap: {_sitemap_address(request)}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _sitemap_address(request: HttpRequest) -> str:
    """On the site's canonical host (the request's for the implicit site)."""
    site = sites.current_site(request)
    if site.canonical_host:
        return site.base_url(secure=request.is_secure()) + reverse("sitemap-index")
    return request.build_absolute_uri(reverse("sitemap-index"))
