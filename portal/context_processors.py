from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from portal import agencies, display, return_paths, site_identity

# The public navigation. Entries whose page does not exist yet are left out rather than shown
# as dead links; each app's URLs make its entry appear.
NAVIGATION = [
    ("portal:home", _("Home")),
    ("portal:agency_directory", _("Agency directory")),
    ("disclosure:catalog", _("Disclosure catalog")),
    ("portal:openness", _("Five kinds of openness")),
    ("gazette:index", _("Government gazette")),
    ("annual_reports:list", _("Disclosure annual reports")),
    ("requests_app:apply", _("Request information")),
    ("interpretation:list", _("Policy interpretation")),
    ("interpretation:consultations", _("Consultations")),
    ("interpretation:questions", _("Policy Q&A")),
    ("policies:library", _("Policy library")),
    ("interaction:index", _("Interaction")),
    ("disclosure:negative_list", _("Negative list")),
    ("opendata:catalog", _("Open data")),
    ("search:page", _("Search")),
]


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for name, label in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": False})
    # The current entry is the one whose URL is the longest prefix of the path, so that a page
    # under /catalog/negative/ marks "Negative list" and not also "Disclosure catalog".
    matches = [
        item
        for item in items
        if request.path == item["url"]
        or (item["url"] != "/" and request.path.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    return items


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.SITE_NAME,
        "site_agency": SimpleLazyObject(agencies.site_agency),
        "site_identity": SimpleLazyObject(site_identity.current),
        "navigation": _navigation(request),
        "large_text": display.text_size(request) == display.TEXT_SIZE_LARGE,
        "text_size": display.text_size(request),
        "elder_mode": display.elder_mode(request),
        # ``next`` of the header switches: a short relative path (portal.return_paths).
        "return_path": return_paths.return_path(request),
    }
