"""Rules and reads for the agency tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import page_cache
from portal.models import LEVEL_RANK, Agency, AgencyKind, AgencyLevel


def check_level(*, parent: Agency | None, level: str) -> None:
    """An agency sits at its parent's level (a department of that government) or below it."""
    if parent is not None and LEVEL_RANK[level] < LEVEL_RANK[parent.level]:
        raise ValidationError(
            {
                "level": _("An agency cannot sit above the level of its parent (%(parent)s).")
                % {"parent": AgencyLevel(parent.level).label}
            }
        )


@transaction.atomic
def agency_create(
    *,
    parent: Agency | None,
    name: str,
    code: str,
    level: str,
    kind: str = AgencyKind.DEPARTMENT,
    **details: object,
) -> Agency:
    """Create an agency under ``parent`` (a root when None), validated like the admin form."""
    check_level(parent=parent, level=level)
    agency = Agency(name=name, code=code, level=level, kind=kind, **details)
    agency.full_clean(exclude=["path", "depth", "numchild"])
    agency_changed()
    if parent is None:
        return Agency.objects.add_root(instance=agency)
    # Re-read the parent: treebeard computes the child's path from its stored numchild.
    return Agency.objects.add_child(Agency.objects.get(pk=parent.pk), instance=agency)


def agency_changed() -> None:
    """An agency's name, place in the tree, contacts, guide or profile changed: every public
    page shows some of them (the footer, the directory, the columns), and the site group's host
    table holds each site's root path (its root agency's place in the tree)."""
    page_cache.version_changed(page_cache.SITES)
    page_cache.public_content_changed()


# What a list of agencies shows (names, codes, the office's contacts), not the long texts of
# the agency's profile page.
_PROFILE_TEXTS = ("functions", "structure", "head", "disclosure_guide")


def agency_tree() -> list[Agency]:
    """Every agency, active or not, in tree order, without the profile texts: one query when
    the public content changed, then from the cache (every page's footer and the catalog's
    agency navigation read it; a city has a few hundred agencies)."""
    return page_cache.until_changed(
        "agency-tree", lambda: list(Agency.objects.defer(*_PROFILE_TEXTS).order_by("path"))
    )


def agency_with_code(code: str) -> Agency | None:
    """The agency with ``code``, abolished or not, from the cached tree."""
    return next((agency for agency in agency_tree() if agency.code == code), None)


def site_agency() -> Agency | None:
    """The agency whose contacts the footer shows: ``SITE_AGENCY_CODE`` or the first root."""
    active = [agency for agency in agency_tree() if agency.is_active]
    if settings.SITE_AGENCY_CODE:
        return next((a for a in active if a.code == settings.SITE_AGENCY_CODE), None)
    return next((a for a in active if a.depth == 1), None)


@dataclass
class AgencyNode:
    agency: Agency
    children: list[AgencyNode] = field(default_factory=list)


def directory_tree(*, query: str = "", within: str = "") -> list[AgencyNode]:
    """Active agencies as a nested list, in tree order, with one query.

    With ``query``, keep the agencies whose name contains it, plus their ancestors so that
    every match is shown in its place.
    """
    # ``within``: a site's root path (portal.sites), its subtree only.
    active = Agency.objects.active()
    if within:
        active = active.filter(path__startswith=within)
    agencies = list(active.order_by("path"))
    if query:
        matches = [a for a in agencies if query in a.name or query in a.short_name]
        keep = {
            a.path[: Agency.steplen * depth] for a in matches for depth in range(1, a.depth + 1)
        }
        agencies = [a for a in agencies if a.path in keep]
    nodes: dict[str, AgencyNode] = {}
    roots: list[AgencyNode] = []
    for agency in agencies:
        node = AgencyNode(agency)
        nodes[agency.path] = node
        parent = nodes.get(agency.path[: -Agency.steplen])
        if parent is None:
            # A root, or an agency whose inactive parent is hidden: show it at the top.
            roots.append(node)
        else:
            parent.children.append(node)
    return roots
