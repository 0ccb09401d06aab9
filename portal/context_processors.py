from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from portal import display, return_paths, site_identity, sites
from portal.site_blocks import NAVIGATION, THEMES


def _navigation(request: HttpRequest, site: sites.CurrentSite) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    labels = dict(NAVIGATION)
    for name in site.navigation:
        label = labels[name]
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
    try:
        current = sites.current_site(request)
    except Http404:
        # An error page for a host no site claims (the middleware answers those before any
        # view; this is for a view reached without it).
        current = sites.default_site()
    return {
        # The implicit site (no site group) keeps the SITE_NAME setting.
        "site_name": current.name if current.pk is not None else settings.SITE_NAME,
        "current_site": current,
        "site_theme": current.theme if current.theme in THEMES and current.theme != "red" else "",
        "site_logo": site_identity.logo_src(current),
        "site_agency": SimpleLazyObject(lambda: sites.root_agency(current)),
        "site_identity": SimpleLazyObject(lambda: site_identity.current(current)),
        "navigation": _navigation(request, current),
        "large_text": display.text_size(request) == display.TEXT_SIZE_LARGE,
        "text_size": display.text_size(request),
        "elder_mode": display.elder_mode(request),
        # ``next`` of the header switches: a short relative path (portal.return_paths).
        "return_path": return_paths.return_path(request),
    }
