"""The 网站地图 (site map for people): every public section, grouped as the navigation and the
inspection's columns name them, and each agency's column (``portal.views.site_map``). Sections
are named by their URL, so that this module imports no app; a section whose app is not installed
is left out."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Entry = tuple[str, dict[str, str], Promise]

# The open data downloads, the feeds and the API (also on the home page).
OPEN_DATA: list[Entry] = [
    ("opendata:catalog", {}, _("Open data catalog")),
    ("export", {"dataset": "documents", "fmt": "csv"}, _("Documents (CSV)")),
    ("export", {"dataset": "catalog-items", "fmt": "csv"}, _("Catalog items (CSV)")),
    ("export", {"dataset": "negative-list", "fmt": "csv"}, _("Negative list (CSV)")),
    (
        "export",
        {"dataset": "enforcement-decisions", "fmt": "csv"},
        _("Enforcement decisions (CSV)"),
    ),
    ("export", {"dataset": "subsidy-lists", "fmt": "csv"}, _("Beneficiary lists (CSV)")),
    (
        "export",
        {"dataset": "concern-responses", "fmt": "csv"},
        _("Responses to public concerns (CSV)"),
    ),
    ("export", {"dataset": "policy-items", "fmt": "csv"}, _("Policy items (CSV)")),
    ("export", {"dataset": "major-decisions", "fmt": "csv"}, _("Major decisions (CSV)")),
    ("feed_documents_atom", {}, _("Latest documents (Atom feed)")),
    ("feed_interpretations_atom", {}, _("Policy interpretations (Atom feed)")),
    ("feed_consultations_atom", {}, _("Consultations (Atom feed)")),
    ("feed_messages_atom", {}, _("Published replies (Atom feed)")),
    ("feed_interviews_atom", {}, _("Online interviews (Atom feed)")),
    ("feed_meetings_atom", {}, _("Public meetings (Atom feed)")),
    ("feed_enforcement_atom", {}, _("Enforcement decisions (Atom feed)")),
    ("feed_subsidies_atom", {}, _("Beneficiary lists (Atom feed)")),
    ("feed_concerns_atom", {}, _("Responses to public concerns (Atom feed)")),
    ("export", {"dataset": "newmedia-accounts", "fmt": "csv"}, _("Government new media (CSV)")),
    ("feed_newmedia_atom", {}, _("Government new media (Atom feed)")),
    (
        "export",
        {"dataset": "proposal-replies", "fmt": "csv"},
        _("Replies to suggestions and proposals (CSV)"),
    ),
    ("feed_proposals_atom", {}, _("Replies to suggestions and proposals (Atom feed)")),
    ("export", {"dataset": "budget-totals", "fmt": "csv"}, _("Budgets and final accounts (CSV)")),
    ("feed_budgets_atom", {}, _("Budgets and final accounts (Atom feed)")),
    ("feed_opendata_atom", {}, _("New and updated datasets (Atom feed)")),
    ("opendata:catalog_jsonld", {}, _("Open data catalog (DCAT JSON-LD)")),
    ("export", {"dataset": "power-items", "fmt": "csv"}, _("Power items (CSV)")),
    ("feed_powers_atom", {}, _("Changes to the lists of powers (Atom feed)")),
    (
        "export",
        {"dataset": "inspection-results", "fmt": "csv"},
        _("Random inspection results (CSV)"),
    ),
    ("feed_inspections_atom", {}, _("Random inspections (Atom feed)")),
    ("export", {"dataset": "gazette-issues", "fmt": "csv"}, _("Gazette issues (CSV)")),
    ("export", {"dataset": "gazette-contents", "fmt": "csv"}, _("Gazette contents (CSV)")),
    ("feed_gazette_atom", {}, _("Government gazette (Atom feed)")),
    ("feed_policies_atom", {}, _("Policy items (Atom feed)")),
    ("export", {"dataset": "press-conferences", "fmt": "csv"}, _("Press conferences (CSV)")),
    ("feed_briefings_atom", {}, _("Press conferences (Atom feed)")),
    ("feed_decisions_atom", {}, _("Major decisions (Atom feed)")),
    ("export", {"dataset": "key-tasks", "fmt": "csv"}, _("Key tasks (CSV)")),
    ("feed_keytasks_atom", {}, _("Key tasks: quarterly progress (Atom feed)")),
    ("api:swagger-ui", {}, _("API documentation")),
]

# The feeds, each in Atom and RSS: (Atom URL name, RSS URL name, title). The home page names
# them in its head (<link rel="alternate">) for feed readers.
FEEDS: list[tuple[str, str, Promise]] = [
    ("feed_documents_atom", "feed_documents", _("Latest disclosures")),
    ("feed_interpretations_atom", "feed_interpretations", _("Policy interpretations")),
    ("feed_consultations_atom", "feed_consultations", _("Consultations")),
    ("feed_messages_atom", "feed_messages", _("Published replies")),
    ("feed_interviews_atom", "feed_interviews", _("Online interviews")),
    ("feed_meetings_atom", "feed_meetings", _("Public meetings")),
    ("feed_enforcement_atom", "feed_enforcement", _("Enforcement decisions")),
    ("feed_subsidies_atom", "feed_subsidies", _("Beneficiary lists")),
    ("feed_concerns_atom", "feed_concerns", _("Responses to public concerns")),
    ("feed_newmedia_atom", "feed_newmedia", _("Government new media")),
    ("feed_proposals_atom", "feed_proposals", _("Replies to suggestions and proposals")),
    ("feed_budgets_atom", "feed_budgets", _("Budgets and final accounts")),
    ("feed_opendata_atom", "feed_opendata", _("New and updated datasets")),
    ("feed_powers_atom", "feed_powers", _("Changes to the lists of powers")),
    ("feed_inspections_atom", "feed_inspections", _("Random inspections")),
    ("feed_gazette_atom", "feed_gazette", _("Government gazette")),
    ("feed_policies_atom", "feed_policies", _("Policy items")),
    ("feed_briefings_atom", "feed_briefings", _("Press conferences")),
    ("feed_decisions_atom", "feed_decisions", _("Major decisions")),
    ("feed_keytasks_atom", "feed_keytasks", _("Key tasks: quarterly progress")),
]

SITE_MAP: list[tuple[Promise, list[Entry]]] = [
    (
        _("Home"),
        [
            ("portal:home", {}, _("Home")),
            ("portal:agency_directory", {}, _("Agency directory")),
            ("search:page", {}, _("Search")),
        ],
    ),
    (
        _("Government information disclosure"),
        [
            ("disclosure:catalog", {}, _("Disclosure catalog")),
            ("portal:openness", {}, _("Five kinds of openness")),
            ("disclosure:normative", {}, _("Normative documents")),
            ("annual_reports:list", {}, _("Annual reports")),
            ("disclosure:negative_list", {}, _("Negative list")),
            ("enforcement:list", {}, _("Enforcement decisions")),
            ("powers:list", {}, _("Powers and responsibilities")),
            ("enforcement:inspections", {}, _("Random inspections")),
            ("subsidies:index", {}, _("Beneficiary lists")),
            ("concerns:index", {}, _("Responses to public concerns")),
            ("budgets:index", {}, _("Budgets and final accounts")),
            ("gazette:index", {}, _("Government gazette")),
            ("newmedia:list", {}, _("Government new media")),
            ("proposals:list", {}, _("Replies to suggestions and proposals")),
            ("proposals:statistics", {}, _("Statistics of the replies")),
            ("decisions:index", {}, _("Major decisions")),
            ("keytasks:index", {}, _("Key tasks")),
        ],
    ),
    (
        _("Disclosure on application"),
        [
            ("requests_app:apply", {}, _("Apply for government information")),
            ("requests_app:track", {}, _("Track your request")),
        ],
    ),
    (
        _("Policy interpretation"),
        [
            ("interpretation:list", {}, _("Policy interpretation")),
            ("interpretation:questions", {}, _("Policy Q&A")),
            ("interpretation:consultations", {}, _("Consultations")),
            ("policies:library", {}, _("Policy library")),
            ("policies:automatic", {}, _("Granted without application")),
            ("policies:finder", {}, _("Policy finder")),
            ("briefings:list", {}, _("Press conferences")),
        ],
    ),
    (
        _("Interaction"),
        [
            ("interaction:index", {}, _("Interaction")),
            ("interaction:write", {}, _("Write a message")),
            ("interaction:track", {}, _("Follow your message")),
            ("interaction:messages", {}, _("Published replies")),
            ("interaction:statistics", {}, _("Statistics")),
            ("interaction:interviews", {}, _("Online interviews")),
            ("interaction:meetings", {}, _("Public meetings")),
        ],
    ),
    (_("Open data and feeds"), OPEN_DATA),
]


@dataclass(frozen=True)
class MapLink:
    label: str
    url: str


def links(entries: list[Entry]) -> list[MapLink]:
    found = []
    for name, kwargs, label in entries:
        try:
            found.append(MapLink(label=str(label), url=reverse(name, kwargs=kwargs)))
        except NoReverseMatch:
            continue
    return found


def groups() -> list[tuple[str, list[MapLink]]]:
    """The site map's groups, each with the links to its sections."""
    return [(str(title), found) for title, entries in SITE_MAP if (found := links(entries))]


@dataclass(frozen=True)
class FeedLinks:
    title: str
    atom: str
    rss: str


def feeds() -> list[FeedLinks]:
    found = []
    for atom, rss, title in FEEDS:
        try:
            found.append(FeedLinks(title=str(title), atom=reverse(atom), rss=reverse(rss)))
        except NoReverseMatch:
            continue
    return found
