"""Template filters of the event pages' media (``publishing.events.EventMedia``)."""

from __future__ import annotations

from django import template

from publishing.events import EventMedia

register = template.Library()


@register.filter
def media_url(item: EventMedia, preview: bool = False) -> str:
    """The address of a media file: public, or the staff copy in the back office's preview."""
    return item.url(preview=bool(preview))
