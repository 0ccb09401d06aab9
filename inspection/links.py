"""Broken links (链接不可用) in published bodies and attachments.

Internal links are checked here, without a request: the path is resolved with the site's URL
conf, and a link to a record (a document, an attachment, an interpretation, an agency) must
lead to one the public can see — a link to a withdrawn document is broken. External links are
checked over HTTP by a bounded task (``inspection.external``) where outbound HTTP is allowed;
here only their last result is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db.models import Model, QuerySet
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from disclosure import selectors
from disclosure.models import Document
from inspection.findings import Check, Finding
from inspection.models import ExternalLink
from interpretation import selectors as interpretation_selectors
from interpretation.bodies import is_html
from interpretation.models import SECTION_FIELDS, Consultation, Interpretation, PolicyQuestion
from portal import sites
from portal.models import Agency
from portal.sites import CurrentSite

# Plain text (extracted from attachments, an interpretation's summary): addresses with a scheme.
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'，。；、）)」】]+", re.IGNORECASE)
_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")
_LINK_ATTRIBUTES = {"a": "href", "img": "src", "iframe": "src", "source": "src", "video": "src"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = _LINK_ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value and value.strip():
                self.links.append(value.strip())


def links_in_html(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return [
        link
        for link in dict.fromkeys(parser.links)
        if not link.lower().startswith(_SKIPPED_SCHEMES)
    ]


def links_in_text(text: str) -> list[str]:
    return list(dict.fromkeys(match.group().rstrip(".,") for match in _URL_IN_TEXT.finditer(text)))


def _site_hosts() -> tuple[set[str], set[str]]:
    """(netlocs that are this site, host names that are this site on the default port)."""
    netlocs = {urlsplit(settings.SITE_URL).netloc.lower()} - {""}
    hosts = {host.lower() for host in settings.ALLOWED_HOSTS if host and host[0] not in ".*"}
    return netlocs, hosts


def _group_host(hostname: str) -> bool:
    """Whether ``hostname`` is any host of an active site of the group (portal.sites: every
    host of the sites table, canonical or not), so a link to a sister site is checked here;
    without sites every host answers the implicit site, so none counts."""
    return bool(sites.active_sites()) and sites.site_for_host(hostname) is not None


def internal_path(link: str) -> str | None:
    """The path of a link into this site, or None for an external link."""
    parts = urlsplit(link)
    if not parts.scheme and not parts.netloc:
        return parts.path if parts.path.startswith("/") else None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    netlocs, hosts = _site_hosts()
    netloc = parts.netloc.lower()
    hostname = parts.hostname or ""
    if netloc in netlocs or (parts.port is None and (hostname in hosts or _group_host(hostname))):
        return parts.path or "/"
    return None


def is_external(link: str) -> bool:
    parts = urlsplit(link)
    return parts.scheme.lower() in ("http", "https") and internal_path(link) is None


def _by_pk(queryset: Callable[[], QuerySet]) -> Callable[[dict[str, object]], bool]:
    return lambda kwargs: queryset().filter(pk=kwargs.get("pk")).exists()


def _agency(kwargs: dict[str, object]) -> bool:
    return Agency.objects.active().filter(code=kwargs.get("code")).exists()


# URL names of pages about one record: the record must exist and be public.
RECORD_PAGES: dict[str, Callable[[dict[str, object]], bool]] = {
    "disclosure:document": _by_pk(lambda: Document.objects.published()),
    "disclosure:attachment": _by_pk(selectors.published_attachments),
    "disclosure:catalog_agency": _agency,
    "disclosure:negative_list_agency": _agency,
    "portal:agency_column": _agency,
    "portal:agency_profile": _agency,
    "interpretation:detail": _by_pk(lambda: Interpretation.objects.published()),
    "interpretation:question": _by_pk(lambda: PolicyQuestion.objects.published()),
    "interpretation:consultation": _by_pk(lambda: Consultation.objects.public()),
    # A picture in an interpretation's section is one of its media files.
    "interpretation:media": _by_pk(interpretation_selectors.published_media),
}


def internal_link_problem(path: str) -> str:
    """Why a path into this site leads nowhere public ("" when it is fine)."""
    path = unquote(path)
    if path.startswith(settings.STATIC_URL):
        try:
            found = staticfiles_storage.exists(path[len(settings.STATIC_URL) :])
        except Exception:  # noqa: BLE001 - a name the storage refuses is simply not there
            found = False
        return "" if found else _("no such file")
    try:
        match = resolve(path)
    except Resolver404:
        return _("no such page")
    if "admin" in match.namespaces:
        return _("a back-office page")
    check = RECORD_PAGES.get(match.view_name)
    if check is not None and not check(match.kwargs):
        return _("the page is not public (withdrawn, unpublished or removed)")
    return ""


@dataclass(frozen=True)
class Source:
    """Published content whose links are checked, with where to fix it."""

    title: str
    agency_id: int
    fix_url: str
    public_url: str
    links: list[str]
    missing_files: list[str]


def _admin_url(obj: Model) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


# An interpretation's plain texts; its sections are HTML written in the editor (SECTION_FIELDS).
INTERPRETATION_TEXTS = ("summary", "transcript")


def published_sources(site: CurrentSite | None = None) -> Iterator[Source]:
    """Published documents (body, attachments' files and text) and interpretations, of
    ``site``'s agency subtree (None: the whole installation's)."""
    documents = (
        sites.scope(Document.objects.published(), site)
        .only("pk", "title", "agency_id", "body")
        .prefetch_related("attachments")
        .order_by("pk")
    )
    for document in documents.iterator(chunk_size=500):
        links = links_in_html(document.body)
        missing = []
        for attachment in document.attachments.all():
            links.extend(links_in_text(attachment.text))
            if not attachment.file or not attachment.file.storage.exists(attachment.file.name):
                missing.append(str(attachment))
        yield Source(
            title=document.title,
            agency_id=document.agency_id,
            fix_url=_admin_url(document),
            public_url=document.get_absolute_url(),
            links=list(dict.fromkeys(links)),
            missing_files=missing,
        )
    interpretations = sites.scope(Interpretation.objects.published(), site)
    for interpretation in interpretations.order_by("pk").iterator():
        text = "\n".join(getattr(interpretation, name) for name in INTERPRETATION_TEXTS)
        links = links_in_text(text)
        for name in SECTION_FIELDS:
            section = getattr(interpretation, name)
            links += links_in_html(section) if is_html(section) else links_in_text(section)
        yield Source(
            title=interpretation.title,
            agency_id=interpretation.agency_id,
            fix_url=_admin_url(interpretation),
            public_url=interpretation.get_absolute_url(),
            links=list(dict.fromkeys(links)),
            missing_files=[],
        )


def external_links() -> set[str]:
    """Every external address in published content (what the HTTP check looks at)."""
    return {link for source in published_sources() for link in source.links if is_external(link)}


def broken_link_findings(site: CurrentSite | None = None) -> list[Finding]:
    broken_external = dict(ExternalLink.objects.filter(is_broken=True).values_list("url", "error"))
    findings = []
    for source in published_sources(site):
        problems: list[tuple[str, str]] = [
            (name, _("the attached file is missing")) for name in source.missing_files
        ]
        for link in source.links:
            path = internal_path(link)
            if path is not None:
                problem = internal_link_problem(path)
                if problem:
                    problems.append((link, problem))
            elif link in broken_external:
                problems.append((link, broken_external[link]))
        for link, problem in problems:
            findings.append(
                Finding(
                    check=Check.BROKEN_LINK,
                    veto=False,
                    subject=source.title,
                    detail=_("Broken link %(link)s: %(problem)s")
                    % {"link": link, "problem": problem},
                    agency_id=source.agency_id,
                    fix_url=source.fix_url,
                    public_url=source.public_url,
                )
            )
    return findings
