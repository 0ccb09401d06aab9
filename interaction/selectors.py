"""What the public pages of the message box read: published messages only (the citizen agreed,
and a reply meant for the site is published), with the masked question, never the original
text, the citizen's name or contacts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from interaction.models import Message, MessageReply
from interaction.search_index import published_replies
from portal import sites
from portal.models import Agency
from publishing.models import Status

PER_PAGE = 20


@dataclass(frozen=True)
class ListFilters:
    agency: str = ""
    kind: str = ""
    year: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ListFilters:
        year = query.get("year", "").strip()[:4]
        return cls(
            agency=query.get("agency", "").strip()[:32],
            kind=query.get("kind", "").strip()[:20],
            year=year if year.isascii() and year.isdigit() else "",
        )

    def as_query(self) -> dict[str, str]:
        return {"agency": self.agency, "kind": self.kind, "year": self.year}


def published_messages(
    filters: ListFilters | None = None, *, site: sites.CurrentSite | None = None
) -> QuerySet[Message]:
    """Published messages, the latest replied first; with ``site``, only its agencies'
    (portal.sites), and an agency filter names one of them or finds nothing."""
    messages = sites.scope(
        Message.objects.published()
        .select_related("kind", "agency")
        .prefetch_related(published_replies())
        .order_by("-replied_on", "-id"),
        site,
    )
    if filters is None:
        return messages
    if filters.agency:
        agency = (
            sites.scope(Agency.objects.all(), site, field="").filter(code=filters.agency).first()
        )
        # An agency's list holds its sub-agencies' messages too.
        messages = (
            messages.filter(agency__path__startswith=agency.path) if agency else messages.none()
        )
    if filters.kind:
        messages = messages.filter(kind__code=filters.kind)
    if filters.year:
        messages = messages.filter(received_on__year=int(filters.year))
    return messages


def agencies_with_published_messages(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    """The list's agency filter: the site's agencies with published messages."""
    published = Message.objects.published().values("agency_id")
    return sites.scope(Agency.objects.filter(pk__in=published), site, field="").order_by("path")


def messages_with_clock() -> QuerySet[Message]:
    return Message.objects.select_related("agency", "kind")


def sent_replies(message: Message) -> QuerySet[MessageReply]:
    """The replies the citizen has been sent (published ones, on the site or not)."""
    return (
        message.replies.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
        .exclude(published_at=None)
        .select_related("agency")
        .order_by("published_at", "id")
    )
