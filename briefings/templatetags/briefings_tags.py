"""Template filters of the conference pages."""

from __future__ import annotations

from django import template
from django.urls import reverse

from briefings.models import ConferenceMedia

register = template.Library()


@register.filter
def conference_media_url(item: ConferenceMedia, preview: bool = False) -> str:
    """The address of a media file: public, or the staff copy in the back office's preview
    (an unpublished record's files have no public address)."""
    if preview:
        return reverse("admin:briefings_media_staff", args=[item.pk])
    return item.get_absolute_url()
