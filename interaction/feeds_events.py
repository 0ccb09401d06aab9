"""RSS and Atom feeds of online interviews and public meetings (announcements, newest first)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interaction import selectors_events
from interaction.models.events import Interview, Meeting
from publishing.feeds import PortalAtomFeed, PublicationFeed, plain_text


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


class InterviewFeed(PublicationFeed):
    title = _("Online interviews")
    description = _("Online interviews announced and held")

    def link(self) -> str:
        return reverse("interaction:interviews")

    def items(self) -> list[Interview]:
        interviews = self.scope(selectors_events.published_interviews())
        return list(
            interviews.prefetch_related(None).order_by("-published_at", "-id")[: self.length]
        )

    def item_title(self, item: Interview) -> str:
        return item.title

    def item_description(self, item: Interview) -> str:
        return plain_text(str(_("Time: %(when)s")) % {"when": _when(item.starts_at)}, item.summary)

    def item_pubdate(self, item: Interview) -> dt.datetime | None:
        return item.published_at


class InterviewAtomFeed(InterviewFeed):
    feed_type = PortalAtomFeed
    subtitle = InterviewFeed.description


class MeetingFeed(PublicationFeed):
    title = _("Public meetings")
    description = _("Government meetings open to the public")

    def link(self) -> str:
        return reverse("interaction:meetings")

    def items(self) -> list[Meeting]:
        meetings = self.scope(selectors_events.published_meetings())
        return list(meetings.order_by("-published_at", "-id")[: self.length])

    def item_title(self, item: Meeting) -> str:
        return item.title

    def item_description(self, item: Meeting) -> str:
        return plain_text(
            str(_("Time: %(when)s")) % {"when": _when(item.starts_at)},
            str(_("Place: %(place)s")) % {"place": item.place},
        )

    def item_pubdate(self, item: Meeting) -> dt.datetime | None:
        return item.published_at


class MeetingAtomFeed(MeetingFeed):
    feed_type = PortalAtomFeed
    subtitle = MeetingFeed.description
