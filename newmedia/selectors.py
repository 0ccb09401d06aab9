"""What the public pages, the API, the feeds, the sitemap and the exports read: published
accounts only (operating or closed), never a draft or a withdrawn one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import QuerySet

from newmedia.models import PLATFORM_ORDER, Account, AccountQuerySet, Platform
from portal import sites
from portal.models import Agency


def published() -> AccountQuerySet:
    return (
        Account.objects.published()
        .select_related("agency")
        .order_by("agency__path", "platform", "name", "id")
    )


def public_account(pk: int) -> Account | None:
    return published().filter(pk=pk).first()


def newest() -> QuerySet[Account]:
    """Newly registered accounts first (the feed)."""
    return Account.objects.published().select_related("agency").order_by("-published_at", "-id")


@dataclass(frozen=True)
class ListFilters:
    agency: str = ""
    platform: str = ""
    closed: bool = False

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], *, site: sites.CurrentSite | None = None
    ) -> ListFilters:
        """The filters of ``query``; an agency outside ``site`` is ignored (not offered)."""
        platform = query.get("platform", "").strip()
        return cls(
            agency=sites.agency_code_in(query.get("agency", "").strip()[:32], site),
            platform=platform if platform in Platform.values else "",
            closed=query.get("closed", "") == "1",
        )


def accounts(filters: ListFilters, site: sites.CurrentSite | None = None) -> AccountQuerySet:
    """Published accounts of ``site``'s agencies (portal.sites) matching ``filters``."""
    found = sites.scope(published(), site)
    if filters.agency:
        agency = Agency.objects.filter(code=filters.agency).first()
        found = found.filter(agency__path__startswith=agency.path) if agency else found.none()
    if filters.platform:
        found = found.filter(platform=filters.platform)
    return found.closed() if filters.closed else found.operating()


@dataclass
class PlatformGroup:
    platform: str
    label: str
    agencies: list[tuple[Agency, list[Account]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(items) for _agency, items in self.agencies)


def grouped(found: QuerySet[Account]) -> list[PlatformGroup]:
    """The accounts by platform (in the list's order), and within one by operating agency."""
    groups: dict[str, PlatformGroup] = {
        value: PlatformGroup(value, str(Platform(value).label)) for value in PLATFORM_ORDER
    }
    for account in found:
        group = groups[account.platform]
        if group.agencies and group.agencies[-1][0].pk == account.agency_id:
            group.agencies[-1][1].append(account)
        else:
            group.agencies.append((account.agency, [account]))
    return [group for group in groups.values() if group.agencies]


def agencies_with_accounts(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    found = Agency.objects.filter(pk__in=Account.objects.published().values("agency_id"))
    return sites.scope(found, site, field="").order_by("path")


def selected_agency(filters: ListFilters) -> Agency | None:
    return Agency.objects.filter(code=filters.agency).first() if filters.agency else None
