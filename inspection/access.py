"""Who sees the self-inspection: superusers and platform operators (``portal.manage_sites``),
who see every site's score with all its items, and office heads (办公室负责人), who see the
score of their agency's site and of the sites below it, with the items of the site as a whole
and of the agencies they head."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from portal import access, agencies
from portal.models import StaffRole
from portal.sites import CurrentSite

Role = StaffRole.Role


def can_view_inspection(user: access.AnyUser) -> bool:
    return access.can_manage_sites(user) or bool(access.agency_ids_for(user, [Role.OFFICE_HEAD]))


def visible_sites(user: access.AnyUser, inspected: Iterable[CurrentSite]) -> list[CurrentSite]:
    """Of the ``inspected`` sites, those whose score the user sees: all of them for platform
    operators; for an office head, the site showing each agency they head and the sites inside
    its subtree (a city's office head sees the city's and its counties' scores, a county's
    only the county's)."""
    inspected = list(inspected)
    if access.can_manage_sites(user):
        return inspected
    if not can_view_inspection(user):
        return []
    headed = access.agency_ids_for(user, [Role.OFFICE_HEAD])
    seen: set[int | None] = set()
    for agency in agencies.agency_tree():
        if agency.pk not in headed:
            continue
        holding = [site for site in inspected if site.contains(agency)]
        if holding:
            seen.add(holding[-1].pk)  # the deepest: the agency's own site
        seen.update(site.pk for site in inspected if site.root_path.startswith(agency.path))
    return [site for site in inspected if site.pk in seen]


def visible_rows(user: access.AnyUser, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored findings or columns (dicts with ``agency_id``) the user may see."""
    if access.can_manage_sites(user):
        return list(rows)
    headed = access.agency_ids_for(user, [Role.OFFICE_HEAD])
    return [row for row in rows if row.get("agency_id") is None or row["agency_id"] in headed]
