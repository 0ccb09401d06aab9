"""The site group (集约化平台, 国办函〔2018〕71号): one installation serves a province's portal
and each city and county site, every site under its own host names.

A request's host chooses its site (``SiteMiddleware`` sets ``request.site``; code reads it
with ``current_site(request)``); the site shows its root agency's subtree, and every public
list restricts itself with ``scope(queryset, site)`` — one indexed prefix match on the agency
tree's materialised path, the same as "this agency and everything below it".

**No site at all** (a fresh installation, and most tests): the installation is one implicit
site over the whole tree with the identity of ``SiteIdentity`` and the settings, as before
the site group. **Once a site exists**, a host that no active site claims gets a plain 404
page, never another site's content. Each host must also be in ``ALLOWED_HOSTS`` (Django
refuses the others with a 400 before this module sees them); with DEBUG, ``*.localhost`` is.

The host table is read once per change of the sites (``page_cache.until_changed`` under a
version of its own, ``page_cache.SITES``): every change to a site calls ``site_changed()``,
which retires it with every cached page, and so does every change of an agency (a site's root
path is its place in the tree); publishing leaves it be.
The page cache and the API's shared lists key by host already, so two hosts never share a
page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponseBase,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
)
from django.http.request import split_domain_port
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from portal import agencies, page_cache
from portal.models import Agency, Site, SiteHost
from portal.site_blocks import HOME_MODULES, NAVIGATION

QS = TypeVar("QS", bound="QuerySet[Any]")

_TABLE = "site-hosts"
# Paths that answer on any host: the load balancer's health checks use the machine's address.
_ANY_HOST = ("/healthz",)


@dataclass(frozen=True)
class CurrentSite:
    """What a request needs of its site, read once per change (no model instance: it is kept
    in the shared cache)."""

    pk: int | None  # None: the implicit site of an installation without sites
    name: str
    root_agency_id: int | None
    root_path: str  # "" : the whole tree
    canonical_host: str
    theme: str
    navigation: tuple[str, ...]  # URL names, in order
    home_modules: tuple[str, ...]  # HOME_MODULES keys, in order
    logo_version: str = ""  # "" : no logo of its own

    @property
    def is_implicit(self) -> bool:
        return self.pk is None

    def contains(self, agency: Agency) -> bool:
        """Whether ``agency`` is in the site's subtree."""
        return agency.path.startswith(self.root_path)

    def base_url(self, *, secure: bool) -> str:
        return f"{'https' if secure else 'http'}://{self.canonical_host}"


def _implicit() -> CurrentSite:
    return CurrentSite(
        pk=None,
        name=settings.SITE_NAME,
        root_agency_id=None,
        root_path="",
        canonical_host="",
        theme="",
        navigation=tuple(key for key, _label in NAVIGATION),
        home_modules=tuple(key for key, _label in HOME_MODULES),
    )


def normalize_host(host: str) -> str:
    """``Lishui.localhost:8000`` → ``lishui.localhost``."""
    domain, _port = split_domain_port(host.lower())
    return (domain or host.lower()).rstrip(".")


def _as_current(site: Site, canonical: str) -> CurrentSite:
    return CurrentSite(
        pk=site.pk,
        name=site.name,
        root_agency_id=site.root_agency_id,
        root_path=site.root_agency.path if site.root_agency else "",
        canonical_host=canonical,
        theme=site.theme,
        navigation=tuple(site.navigation) or tuple(key for key, _label in NAVIGATION),
        home_modules=tuple(site.home_modules) or tuple(key for key, _label in HOME_MODULES),
        logo_version=f"{site.updated_at:%Y%m%d%H%M%S}" if site.logo else "",
    )


@dataclass(frozen=True)
class _HostTable:
    by_host: dict[str, CurrentSite]
    sites: tuple[CurrentSite, ...]  # the active ones, deepest root last

    @property
    def empty(self) -> bool:
        return not self.sites


def _read_table() -> _HostTable:
    """One query: the active sites' hosts with their sites (a site without a host answers
    nothing, so "the installation has sites" means "some active site has a host")."""
    hosts = list(
        SiteHost.objects.filter(site__is_active=True)
        .select_related("site__root_agency")
        .order_by("-is_canonical", "host")
    )
    canonical: dict[int, str] = {}
    for row in hosts:
        canonical.setdefault(row.site_id, row.host)
    current = {row.site_id: _as_current(row.site, canonical[row.site_id]) for row in hosts}
    by_host = {row.host: current[row.site_id] for row in hosts}
    # The shallowest first; a main portal over the whole tree first of all.
    ordered = sorted(current.values(), key=lambda site: len(site.root_path))
    return _HostTable(by_host=by_host, sites=tuple(ordered))


def _table() -> _HostTable:
    return page_cache.until_changed(_TABLE, _read_table, version=page_cache.SITES)


def site_for_host(host: str) -> CurrentSite | None:
    """The site answering ``host``; the implicit site when there are no sites; None when there
    are sites and none claims the host."""
    table = _table()
    if table.empty:
        return _implicit()
    return table.by_host.get(normalize_host(host))


def active_sites() -> tuple[CurrentSite, ...]:
    """Every active site, the shallowest root first (empty without sites)."""
    return _table().sites


def default_site() -> CurrentSite:
    """For work outside a request (mail, exports): the implicit site without sites, else the
    site with the shallowest root (the province's portal)."""
    table = _table()
    return table.sites[0] if table.sites else _implicit()


def current_site(request: HttpRequest) -> CurrentSite:
    """The request's site (set by ``SiteMiddleware``; worked out here for a request that did
    not pass it, e.g. in a test of a view)."""
    site = getattr(request, "site", None)
    if isinstance(site, CurrentSite):
        return site
    found = site_for_host(request.get_host())
    if found is None:
        raise Http404(_("No site answers this host name."))
    setattr(request, "site", found)  # noqa: B010 - the stubs type request.site as contrib.sites'
    return found


def scope(queryset: QS, site: CurrentSite | None, field: str = "agency") -> QS:
    """``queryset`` restricted to the site's agency subtree: ``field`` names the row's agency
    (``""`` for a queryset of agencies themselves)."""
    if site is None or not site.root_path:
        return queryset
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    return queryset.filter(**{lookup: site.root_path})


def scope_records(queryset: QS, site: CurrentSite | None) -> QS:
    """``queryset`` within ``site`` whatever its model: agencies by their path, records by their
    agency's; a model without an agency (the catalog's domains) is the whole installation's."""
    if queryset.model is Agency:
        return scope(queryset, site, field="")
    try:
        queryset.model._meta.get_field("agency")
    except FieldDoesNotExist:
        return queryset
    return scope(queryset, site)


def agency_code_in(code: str, site: CurrentSite | None) -> str:
    """``code`` if it names an agency the site shows (or the site is the whole tree), else
    ``""``: a list filter naming another site's agency is ignored, as the catalog does."""
    if site is None or not site.root_path or not code:
        return code
    return code if code in {agency.code for agency in site_agencies(site)} else ""


def agency_or_404(request: HttpRequest, queryset: QuerySet[Agency], **lookup: Any) -> Agency:
    """The agency of ``queryset`` matching ``lookup`` within the request's site, or 404."""
    found = scope(queryset, current_site(request), field="").filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def elsewhere(request: HttpRequest, agency: Agency) -> HttpResponsePermanentRedirect | None:
    """For a public record of ``agency`` asked for on a site that does not show it: a 301 to
    the same path on the canonical host of the site that does (old addresses on the main host
    keep answering when a site is added); None when the request's site shows it. Raises 404
    when no site shows it."""
    site = current_site(request)
    if site.contains(agency):
        return None
    owner = site_of_agency(agency)
    if owner is None or not owner.canonical_host:
        raise Http404
    return HttpResponsePermanentRedirect(_base_url(request, owner) + request.get_full_path())


def _base_url(request: HttpRequest, site: CurrentSite) -> str:
    # The request's port goes along: a site group on one machine (the demo on :8000) answers
    # every host on the same port; behind the usual proxy on 80/443 there is none.
    _domain, port = split_domain_port(request.get_host())
    return site.base_url(secure=request.is_secure()) + (f":{port}" if port else "")


def link_where_shown(request: HttpRequest, records: list[Any]) -> None:
    """Set ``link`` on each public record (one with ``agency`` and ``get_absolute_url``) to
    its ``record_url``, for a template listing records that may belong to another site
    (``{{ record.link|default:record.get_absolute_url }}``)."""
    for record in records:
        record.link = record_url(request, record.agency, record.get_absolute_url())


def record_url(request: HttpRequest, agency: Agency, path: str) -> str:
    """The address of a public record of ``agency`` at ``path``: the path itself on a site that
    shows it, else the whole address on the site that does (a county's page naming the rules of
    the city above it links to them on the city's site, not through a redirect)."""
    if current_site(request).contains(agency):
        return path
    owner = site_of_agency(agency)
    if owner is None or not owner.canonical_host:
        return path
    return _base_url(request, owner) + path


def sub_sites(site: CurrentSite) -> list[CurrentSite]:
    """The active sites inside ``site``'s subtree (a city's county sites), shallowest first."""
    return [
        other
        for other in active_sites()
        if other.pk != site.pk
        and other.root_path.startswith(site.root_path)
        and len(other.root_path) > len(site.root_path)
    ]


def site_of_agency(agency: Agency) -> CurrentSite | None:
    """The deepest active site whose subtree holds ``agency`` (its "own" site), if any."""
    holding = [site for site in active_sites() if site.contains(agency)]
    return holding[-1] if holding else None


def root_agency(site: CurrentSite) -> Agency | None:
    """The agency whose contacts the footer shows: the site's root, or for the implicit site
    ``SITE_AGENCY_CODE`` or the first root (``agencies.site_agency``)."""
    if site.root_agency_id is None:
        # The implicit site, or a main portal over the whole tree.
        return agencies.site_agency()
    return next(
        (agency for agency in agencies.agency_tree() if agency.pk == site.root_agency_id), None
    )


def site_agencies(site: CurrentSite) -> list[Agency]:
    """The site's agencies, active or not, in tree order, from the cached tree."""
    return [agency for agency in agencies.agency_tree() if site.contains(agency)]


def site_changed() -> None:
    """A site, its hosts or its identity changed: the host table and every cached page go."""
    page_cache.version_changed(page_cache.SITES)
    page_cache.public_content_changed()


def unknown_host_page() -> HttpResponseNotFound:
    """A plain page: no template, so nothing of any site (its name, navigation or footer)."""
    message = escape(_("No site answers this host name."))
    language = translation.get_language() or settings.LANGUAGE_CODE
    lang = "zh-Hans" if language == "zh-hans" else escape(language)
    return HttpResponseNotFound(
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>404</title></head>"
        f"<body><h1>404</h1><p>{message}</p></body></html>",
        content_type="text/html; charset=utf-8",
    )


class SiteMiddleware:
    """Sets ``request.site`` from the host; a host no site claims gets ``unknown_host_page``.

    After the page cache (a cached page is keyed by host and retired when sites change) and
    before anything that renders a page."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        site = site_for_host(request.get_host())
        if site is None:
            if request.path.startswith(_ANY_HOST):
                return self.get_response(request)
            return unknown_host_page()
        setattr(request, "site", site)  # noqa: B010 - the stubs type it as contrib.sites' Site
        response: HttpResponseBase = self.get_response(request)
        return response


@transaction.atomic
def site_create(
    *,
    name: str,
    root_agency: Agency | None,
    hosts: list[str],
    **details: Any,
) -> Site:
    """A site with its host names, the first canonical; validated like the admin form."""
    if not hosts:
        raise ValidationError({"hosts": _("A site needs at least one host name.")})
    site = Site(name=name, root_agency=root_agency, **details)
    site.full_clean()
    site.save()
    for index, host in enumerate(hosts):
        row = SiteHost(site=site, host=normalize_host(host), is_canonical=index == 0)
        row.full_clean()
        row.save()
    site_changed()
    return site
