"""The site's identity in every page's footer (主办单位, 承办单位, 网站标识码, ICP备案号,
公安机关备案号, the 党政机关网站标识, 我为政府网站找错), as the national website rules require.

The environment's settings give the values; a site operator may override each in the back
office (``SiteIdentity``, one row). In a site group (``portal.sites``) each site has its own
identity fields; an empty one falls back to that row and the settings. Every page reads it, so
it is kept in the cache (per site) until the public content changes, and a change in the back
office retires every cached page at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlencode, urlsplit

import filetype

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import page_cache, sites
from portal.models import Site, SiteIdentity

ICP_LOOKUP = "https://beian.miit.gov.cn/"
POLICE_LOOKUP = "https://beian.mps.gov.cn/#/query/webSearch?code="
ERROR_REPORT = "https://zfwzzc.www.gov.cn/"

# The badge is a small picture; recognised by its content, as applicants' files are
# (requests_app.uploads). No SVG: it could carry a script to a page on our own origin.
BADGE_TYPES: dict[str, tuple[str, ...]] = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
}
BADGE_MAX_BYTES = 512 * 1024
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class Identity:
    host: str
    organizer: str
    site_code: str
    icp_number: str
    police_number: str
    police_url: str
    badge_src: str
    badge_url: str
    error_report_url: str

    # The lookup page for ICP numbers takes no number in its address.
    icp_url: str = ICP_LOOKUP


def stored() -> SiteIdentity:
    """The one row the back office edits (made on first use)."""
    identity, _created = SiteIdentity.objects.get_or_create(pk=1)
    return identity


def _web_address(url: str) -> str:
    """``url`` if it is an http(s) address, else nothing: the form validates it, but a value
    from a setting or written around the form must never become a javascript: link."""
    return url if urlsplit(url.strip()).scheme in ("http", "https") else ""


def _police_url(number: str) -> str:
    digits = "".join(re.findall(r"\d+", number))
    return POLICE_LOOKUP + digits if digits else ""


def _error_report_url(configured: str, site_code: str) -> str:
    if _web_address(configured):
        return configured
    return ERROR_REPORT + (f"?{urlencode({'sitecode': site_code})}" if site_code else "")


def _compute(site: sites.CurrentSite) -> Identity:
    row = SiteIdentity.objects.filter(pk=1).first() or SiteIdentity()
    own = Site.objects.filter(pk=site.pk).first() if site.pk is not None else None
    agency = sites.root_agency(site)

    def value(name: str, setting: str) -> str:
        """The site's own value, else the single row's, else the setting's."""
        return str(
            (getattr(own, name) if own else "") or getattr(row, name) or getattr(settings, setting)
        )

    site_code = value("site_code", "SITE_IDENTIFIER_CODE")
    police_number = value("police_number", "SITE_POLICE_NUMBER")
    # A site's own badge, else the single row's; the version in the address lets browsers
    # keep the picture until it is replaced.
    badge_owner: Site | SiteIdentity | None = (
        own if own and own.badge else row if row.badge else None
    )
    return Identity(
        # A site of the group is hosted by its own government unless it says otherwise.
        host=(own.host if own else "")
        or ("" if own else row.host or settings.SITE_HOST)
        or (agency.name if agency else ""),
        organizer=value("organizer", "SITE_ORGANIZER"),
        site_code=site_code,
        icp_number=value("icp_number", "SITE_ICP_NUMBER"),
        police_number=police_number,
        police_url=_police_url(police_number),
        badge_src=(
            f"{reverse('portal:site_badge')}?v={badge_owner.updated_at:%Y%m%d%H%M%S}"
            if badge_owner is not None
            else ""
        ),
        badge_url=_web_address(value("badge_url", "SITE_BADGE_URL")),
        error_report_url=_error_report_url(
            value("error_report_url", "SITE_ERROR_REPORT_URL"), site_code
        ),
    )


def current(site: sites.CurrentSite | None = None) -> Identity:
    """What the footer of ``site`` (the implicit one when None) shows, read once until the
    public content changes."""
    site = site or sites.default_site()
    return page_cache.until_changed(f"site-identity:{site.pk}", lambda: _compute(site))


def badge_owner(site: sites.CurrentSite) -> Site | SiteIdentity | None:
    """Whose 党政机关网站标识 the site shows: its own, else the single row's."""
    own = Site.objects.filter(pk=site.pk).exclude(badge="").first() if site.pk else None
    return own or SiteIdentity.objects.filter(pk=1).exclude(badge="").first()


def site_identity_changed() -> None:
    """The back office changed the identity: every cached page shows the new footer."""
    page_cache.public_content_changed()


def check_badge(upload: UploadedFile) -> str:
    """Check an uploaded 党政机关网站标识; return its content type or raise ValidationError."""
    name = PurePath(upload.name or "").name.strip() or "?"
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    if upload.size > BADGE_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; each file may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(BADGE_MAX_BYTES),
            }
        )
    upload.seek(0)
    guess = filetype.guess(upload.read(_HEAD_BYTES))
    upload.seek(0)
    if guess is None or guess.mime not in BADGE_TYPES:
        raise ValidationError(
            _("“%(name)s” is not a PNG, JPG or GIF image (files are checked by their content).")
            % {"name": name}
        )
    if PurePath(name).suffix.lower() not in BADGE_TYPES[guess.mime]:
        raise ValidationError(
            _(
                "The content of “%(name)s” does not match its extension; it may be damaged or "
                "another kind of file."
            )
            % {"name": name}
        )
    return guess.mime


def logo_src(site: sites.CurrentSite) -> str:
    """The address of the site's own logo in the header, or "" (the portal's emblem)."""
    if not site.logo_version:
        return ""
    return f"{reverse('portal:site_logo')}?v={site.logo_version}"
