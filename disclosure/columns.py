"""Sections that proactive disclosure adds to an agency's column and to the home page.

"法定主动公开内容" lists the categories every agency must disclose proactively (Art 20, in the
article's words), each linked to the catalog filtered to it, with the number of documents
published in it (``disclosure.statutory`` decides what belongs where).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from disclosure import placements, selectors, statutory
from disclosure.models import StatutoryCategory
from portal import page_cache, sites
from portal.columns import (
    ColumnPage,
    ColumnSection,
    register_home_section,
    register_page,
    register_section,
)
from portal.models import Agency

LATEST_COUNT = 10


def art20_categories(agency: Agency) -> list[dict[str, Any]]:
    """The fifteen categories of Art 20 in the article's words, each linked to the catalog of
    the agency (with its sub-agencies) filtered to it, with the number of documents published
    in it: one aggregate query whatever the number of categories, kept until the public
    content changes like the catalog's counts (at 100,000 documents the count was two fifths
    of an agency column's time). (二) also links the agency's profile (functions, structure,
    address, hours, contacts and heads)."""
    conditions = {
        f"c{category.number}": statutory.category_condition(category.number)
        for category in statutory.categories()
    }
    counts = page_cache.until_changed(
        f"art20-counts:{agency.pk}",
        lambda: selectors.count_matching(agency=agency, conditions=conditions),
    )
    catalog = reverse("disclosure:catalog")
    rows = []
    for category in statutory.categories():
        query = urlencode({"agency": agency.code, "art20": str(category.number)})
        row = {
            "number": category.number,
            "numeral": category.numeral,
            "label": category.label,
            "url": f"{catalog}?{query}",
            "count": counts[f"c{category.number}"],
            "profile_url": "",
        }
        if category.number == StatutoryCategory.AGENCY:
            row["profile_url"] = reverse("portal:agency_profile", kwargs={"code": agency.code})
        rows.append(row)
    return rows


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
    documents = selectors.latest_documents(site=sites.current_site(request), limit=LATEST_COUNT)
    if not documents:
        return None
    return ColumnSection(
        title=_("Latest government information"),
        template="disclosure/home/latest.html",
        context={"documents": documents},
        anchor="latest-disclosures",
    )


def home_county_section(request: HttpRequest) -> ColumnSection | None:
    """区县动态: the latest documents of the sites below this one (a city's county sites),
    read from where they are stored, not copied; None without such sites."""
    below = sites.sub_sites(sites.current_site(request))
    if not below:
        return None
    documents = selectors.latest_documents(
        within=[site.root_path for site in below], limit=LATEST_COUNT
    )
    if not documents:
        return None
    return ColumnSection(
        title=_("News from the counties and districts"),
        template="disclosure/home/county_news.html",
        context={"documents": documents, "sites": below},
        anchor="county-news",
    )


def home_placed_section(request: HttpRequest) -> ColumnSection | None:
    """转载: published documents of other sites placed on this one, with their notes."""
    documents = list(placements.placed_documents(sites.current_site(request), limit=LATEST_COUNT))
    if not documents:
        return None
    return ColumnSection(
        title=_("From other sites"),
        template="disclosure/home/latest.html",
        context={"documents": documents},
        anchor="placed-documents",
    )


def register() -> None:
    register_page(ColumnPage("rules", _("Disclosure rules"), "portal:agency_rules"), order=20)
    register_page(
        ColumnPage(
            "statutory", _("Information disclosed proactively by law"), "portal:agency_statutory"
        ),
        order=30,
    )
    register_section(art20_section, order=10)
    register_section(latest_section, order=20)
    register_home_section(home_latest_section, order=10)
    register_home_section(home_county_section, order=15)
    register_home_section(home_placed_section, order=16)
