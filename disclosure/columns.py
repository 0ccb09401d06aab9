"""Sections that proactive disclosure adds to an agency's column and to the home page.

"法定主动公开内容" lists the categories every agency must disclose proactively (Art 20), each
linked to the catalog filtered to it, with the number of documents published in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from disclosure import selectors
from disclosure.models import CatalogDomain, Theme
from portal.columns import ColumnSection, register_home_section, register_section
from portal.models import Agency

LATEST_COUNT = 10


@dataclass(frozen=True)
class Topic:
    """Where a category's documents are found: a theme (``top\\sub``), a catalog domain
    (slug), the normative documents, the agency's office contacts, or everything."""

    label: Promise
    theme: str = ""
    domain: str = ""
    normative: bool = False
    office: bool = False
    everything: bool = False


@dataclass(frozen=True)
class Category:
    label: Promise
    topics: tuple[Topic, ...]


# Art 20 (1)-(15). Themes and domains are the seed taxonomies (disclosure/seeds.py); staff may
# rename or delete them, and a topic whose theme or domain is gone is shown without a link.
ART20_CATEGORIES = (
    Category(
        _("Rules and normative documents"),
        (Topic(_("Rules and normative documents"), normative=True),),
    ),
    Category(
        _("Functions, structure, office address, office hours, contacts and heads"),
        (Topic(_("Disclosure office and contacts"), office=True),),
    ),
    Category(
        _("Economic and social development plans, special and regional plans and related policies"),
        (Topic(_("Development plans"), theme="国民经济管理、国有资产监管\\发展规划"),),
    ),
    Category(
        _("Economic and social development statistics"),
        (Topic(_("Statistics"), theme="国民经济管理、国有资产监管\\统计"),),
    ),
    Category(
        _("Administrative licensing and other services: basis, conditions, procedure and results"),
        (),
    ),
    Category(
        _(
            "Administrative penalties and enforcement: basis, conditions, procedure and "
            "significant decisions"
        ),
        (Topic(_("Comprehensive urban law enforcement"), domain="urban-law-enforcement"),),
    ),
    Category(
        _("Budgets and final accounts"),
        (Topic(_("Budgets and final accounts"), domain="budgets"),),
    ),
    Category(_("Administrative fees: items, basis and rates"), ()),
    Category(
        _("Government procurement: catalogue, standards and implementation"),
        (Topic(_("Public resource trading"), domain="public-resources-trading"),),
    ),
    Category(
        _("Major construction projects: approval and implementation"),
        (Topic(_("Major construction projects"), domain="major-projects"),),
    ),
    Category(
        _(
            "Poverty relief, education, health care, social security and employment: policies, "
            "measures and their implementation"
        ),
        (
            Topic(_("Poverty relief"), domain="poverty-relief"),
            Topic(_("Education"), theme="科技、教育\\教育"),
            Topic(_("Health care"), domain="health"),
            Topic(_("Social security"), theme="劳动、人事、监察\\社会保障"),
            Topic(_("Employment"), domain="employment"),
        ),
    ),
    Category(
        _("Emergency plans for public emergencies, warnings and responses"),
        (Topic(_("Emergency management"), theme="综合政务\\应急管理"),),
    ),
    Category(
        _(
            "Supervision and inspection of environmental protection, public health, work "
            "safety, food and drugs and product quality"
        ),
        (
            Topic(_("Environmental protection"), domain="environment"),
            Topic(_("Public health"), theme="卫生、体育\\卫生"),
            Topic(_("Work safety"), domain="work-safety"),
            Topic(_("Food and drugs"), domain="food-drug-regulation"),
            Topic(_("Product quality"), theme="市场监管、安全生产监管\\市场监管"),
        ),
    ),
    Category(
        _("Civil-service recruitment: posts, numbers, requirements and results"),
        (Topic(_("Personnel"), theme="劳动、人事、监察\\人事工作"),),
    ),
    Category(
        _(
            "Other information that laws, regulations, rules and state provisions require to be "
            "disclosed proactively"
        ),
        (Topic(_("All published information"), everything=True),),
    ),
)


def _themes(names: set[str]) -> dict[str, Theme]:
    if not names:
        return {}
    wanted = Q()
    for name in names:
        top, _sep, sub = name.partition("\\")
        wanted |= Q(parent__name=top, name=sub) if sub else Q(parent__isnull=True, name=top)
    return {str(theme): theme for theme in Theme.objects.filter(wanted).select_related("parent")}


def _topic_link(
    topic: Topic, agency: Agency, themes: dict[str, Theme], domains: dict[str, CatalogDomain]
) -> tuple[str, Q | None]:
    """The catalog address of a topic and the condition its count uses ("" when it has none)."""
    catalog = reverse("disclosure:catalog")
    scope = {"agency": agency.code}
    if topic.normative:
        return f"{reverse('disclosure:normative')}?{urlencode(scope)}", Q(is_normative=True)
    if topic.theme in themes:
        theme = themes[topic.theme]
        query = urlencode({**scope, "theme": theme.pk})
        return f"{catalog}?{query}", selectors.theme_and_children(theme)
    if topic.domain in domains:
        domain = domains[topic.domain]
        query = urlencode({**scope, "domain": domain.slug})
        return f"{catalog}?{query}", Q(catalog_item__domain=domain)
    if topic.office:
        return f"{agency.get_absolute_url()}#office", None
    if topic.everything:
        return f"{catalog}?{urlencode(scope)}", Q()  # an empty condition counts every document
    return "", None


def art20_categories(agency: Agency) -> list[dict[str, Any]]:
    """The Art 20 categories with, per topic, a catalog link and a document count.

    Three queries whatever the number of categories: the themes, the domains, and one
    aggregate that counts every topic at once.
    """
    topics = [topic for category in ART20_CATEGORIES for topic in category.topics]
    themes = _themes({topic.theme for topic in topics if topic.theme})
    slugs = {topic.domain for topic in topics if topic.domain}
    domains = {domain.slug: domain for domain in CatalogDomain.objects.filter(slug__in=slugs)}

    categories = []
    conditions: dict[str, Q] = {}
    for number, category in enumerate(ART20_CATEGORIES, start=1):
        entries = []
        for topic in category.topics:
            url, condition = _topic_link(topic, agency, themes, domains)
            key = ""
            if condition is not None:
                key = f"topic{len(conditions)}"
                conditions[key] = condition
            entries.append({"label": topic.label, "url": url, "key": key})
        categories.append({"number": number, "label": category.label, "topics": entries})

    counts = selectors.count_matching(agency=agency, conditions=conditions)
    for category in categories:
        for entry in category["topics"]:
            key = entry.pop("key")
            entry["count"] = counts[key] if key else None
    return categories


def art20_section(request: HttpRequest, agency: Agency) -> ColumnSection:
    return ColumnSection(
        title=_("Information disclosed proactively by law"),
        template="disclosure/columns/art20.html",
        context={"agency": agency, "categories": art20_categories(agency)},
        anchor="statutory-disclosure",
    )


def latest_section(request: HttpRequest, agency: Agency) -> ColumnSection | None:
    documents = selectors.latest_documents(agency=agency, limit=LATEST_COUNT)
    if not documents:
        return None
    return ColumnSection(
        title=_("Latest disclosures"),
        template="disclosure/columns/latest.html",
        context={"agency": agency, "documents": documents},
        anchor="latest-disclosures",
    )


def home_latest_section(request: HttpRequest) -> ColumnSection | None:
    documents = selectors.latest_documents(limit=LATEST_COUNT)
    if not documents:
        return None
    return ColumnSection(
        title=_("Latest government information"),
        template="disclosure/home/latest.html",
        context={"documents": documents},
        anchor="latest-disclosures",
    )


def register() -> None:
    register_section(art20_section, order=10)
    register_section(latest_section, order=20)
    register_home_section(home_latest_section, order=10)
