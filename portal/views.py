"""Public pages shared by every app: home, the agency directory and each agency's column."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from portal import agencies, columns, site_identity, sites
from portal import openness as openness_sections
from portal import site_map as site_map_sections
from portal.display import ELDER_MODE_COOKIE, ELDER_MODE_ON, TEXT_SIZE_COOKIE, TEXT_SIZES
from portal.models import Agency, Site
from portal.site_blocks import HOME_MODULES


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    # The site's root and the agencies right below it (the two top levels without sites).
    site_root = sites.root_agency(site) if site.root_path else None
    top_depth = site_root.depth if site_root else 1
    top = list(
        sites.scope(Agency.objects.active(), site, field="")
        .filter(depth__lte=top_depth + 1)
        .order_by("path")
    )
    # The site's modules, in its order (portal.site_blocks.HOME_MODULES).
    # A section that is no module of HOME_MODULES (none yet) stays, after the chosen ones.
    order = {key: index for index, key in enumerate(site.home_modules)}
    known = {key for key, _label in HOME_MODULES}
    home_sections = sorted(
        (
            s
            for s in columns.home_sections_for(request)
            if s.anchor in order or s.anchor not in known
        ),
        key=lambda section: order.get(section.anchor, len(order)),
    )
    context = {
        "top_agencies": top,
        "top_depth": top_depth,
        "home_sections": home_sections,
        "home_modules": site.home_modules,
        # The open data downloads, the feeds and the API, linked from the home page.
        "open_data": site_map_sections.links(site_map_sections.OPEN_DATA[:4]),
        "feeds": site_map_sections.feeds(),
        "api_docs": site_map_sections.links(site_map_sections.OPEN_DATA[-1:]),
    }
    return render(request, "portal/home.html", context)


@require_safe
def agency_directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    tree = agencies.directory_tree(query=query, within=sites.current_site(request).root_path)
    return render(request, "portal/agency_directory.html", {"tree": tree, "query": query})


@require_safe
def agency_column(request: HttpRequest, code: str) -> HttpResponse:
    agency = sites.agency_or_404(request, Agency.objects.active(), code=code)
    context = {
        **columns.column_context(agency, columns.COLUMN_HOME),
        "children": list(Agency.objects.get_children(agency).active()),
        "sections": columns.sections_for(request, agency),
    }
    return render(request, "portal/agency_column.html", context)


@require_safe
def agency_guide(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开指南 on a page of its own, to read, link and print."""
    agency = sites.agency_or_404(request, Agency.objects.active(), code=code)
    return render(request, "portal/agency_guide.html", columns.column_context(agency, "guide"))


def agency_profile(request: HttpRequest, code: str) -> HttpResponse:
    """机构概况, Art 20(二): functions, structure, office address, office hours, contacts and
    the names of the heads."""
    agency = sites.agency_or_404(request, Agency.objects.active(), code=code)
    context = {
        **columns.column_context(agency, "profile"),
        "structure": [line.strip() for line in agency.structure.splitlines() if line.strip()],
        "heads": [line.strip() for line in agency.head.splitlines() if line.strip()],
        "children": list(Agency.objects.get_children(agency).active()),
    }
    return render(request, "portal/agency_profile.html", context)


@require_safe
def site_map(request: HttpRequest) -> HttpResponse:
    """网站地图: every public section and each active agency's column, grouped."""
    context = {
        "groups": site_map_sections.groups(),
        "tree": agencies.directory_tree(within=sites.current_site(request).root_path),
    }
    return render(request, "portal/site_map.html", context)


@require_safe
def site_badge(request: HttpRequest) -> FileResponse:
    """The 党政机关网站标识 the operator uploaded, from our own storage (uploads are never
    served from MEDIA_ROOT directly). Its address carries a version, so browsers keep it."""
    row = site_identity.badge_owner(sites.current_site(request))
    if row is None or not row.badge or not row.badge_content_type:
        raise Http404
    try:
        stream = row.badge.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(stream, content_type=row.badge_content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def site_logo(request: HttpRequest) -> FileResponse:
    """The current site's own logo for the header, from our own storage."""
    site = sites.current_site(request)
    row = Site.objects.filter(pk=site.pk).exclude(logo="").first() if site.pk else None
    if row is None or not row.logo_content_type:
        raise Http404
    try:
        stream = row.logo.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(stream, content_type=row.logo_content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _remember(request: HttpRequest, cookie: str, value: str | None) -> HttpResponse:
    """Back to the page the switch was on (on this site only), with the preference set for a
    year, or forgotten when ``value`` is None."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if value is None:
        response.delete_cookie(cookie, samesite="Lax")
    else:
        response.set_cookie(
            cookie, value, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
        )
    return response


@csrf_exempt  # a display preference only (see portal.urls on the language switch)
@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    """Switch the text size (large for the whole site, small for a document's body, or
    normal); works without JavaScript (a form posts here)."""
    size = request.POST.get("size")
    return _remember(request, TEXT_SIZE_COOKIE, size if size in TEXT_SIZES else None)


@csrf_exempt  # a display preference only, like the text size
@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    """Switch 长者模式 on or off; works without JavaScript (a form posts here)."""
    on = request.POST.get("mode") == ELDER_MODE_ON
    return _remember(request, ELDER_MODE_COOKIE, ELDER_MODE_ON if on else None)


@require_safe
def openness(request: HttpRequest) -> HttpResponse:
    """五公开: decision-making, implementation, management, services, results, and the
    responses to public concern, each with what the portal publishes under it."""
    return render(request, "portal/openness.html", {"sections": openness_sections.sections()})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """无障碍: what 长者模式, the text sizes and read-aloud do, and how to use them."""
    return render(request, "portal/accessibility.html")


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: the database and the cache answer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = "error"
    try:
        cache.set("portal:health", "1", 5)
        checks["cache"] = "ok" if cache.get("portal:health") == "1" else "error"
    except Exception:  # noqa: BLE001
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form (expired page, cookies blocked) explained in the site's language, with
    the site's layout; Django's default page is English-only and meant for developers. The
    reason is not shown: it helps no citizen, and the form's values were not kept anyway."""
    return render(request, "403_csrf.html", {"no_cookie": "cookie" in reason.lower()}, status=403)
