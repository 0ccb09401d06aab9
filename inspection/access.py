"""Who sees the self-inspection: superusers, and office heads (办公室负责人), who see the
site's score with the items of the site as a whole and of the agencies they head."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from portal import access
from portal.models import StaffRole

Role = StaffRole.Role


def can_view_inspection(user: access.AnyUser) -> bool:
    return access.is_superuser(user) or bool(access.agency_ids_for(user, [Role.OFFICE_HEAD]))


def visible_rows(user: access.AnyUser, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored findings or columns (dicts with ``agency_id``) the user may see."""
    if access.is_superuser(user):
        return list(rows)
    headed = access.agency_ids_for(user, [Role.OFFICE_HEAD])
    return [row for row in rows if row.get("agency_id") is None or row["agency_id"] in headed]
