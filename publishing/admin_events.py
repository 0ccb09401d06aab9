"""The back-office pieces announced events share (``publishing.events``): the officials who
speak, the media of a record and the staff copy of a media file for the preview. Each app's
admin sets its model, its own upload check (``inspect``) and its own words."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from portal import ranges
from publishing import media
from publishing.admin import DraftOnlyInline
from publishing.events import PICTURE, EventMedia

#: The back-office pages of an announcement or a record: the workflow buttons, the preview, the
#: follow-up (``follow_up`` in the change page's context); a workflow step has the shared page.
CHANGE_FORM_TEMPLATE = "admin/publishing/event_change_form.html"


class OfficialInline(DraftOnlyInline):
    """The speakers or guests of an announcement, frozen once it leaves the draft."""

    fields = ["name", "post", "order"]
    extra = 1


class EventMediaForm(media.MediaForm):
    """A row of a record's media; a picture needs its text alternative."""

    picture_kinds = frozenset({PICTURE})
    describe_picture = gettext_lazy("Describe the picture for readers who cannot see it.")

    class Meta:
        fields = ["kind", "file", "title", "alt_text", "order"]


class EventMediaInline(DraftOnlyInline):
    """A record's media with the checked type and size; set ``model``, ``form`` (an
    ``EventMediaForm`` with the app's ``inspect``) and ``formset``."""

    fields = ["kind", "file", "title", "alt_text", "order", "file_type", "size"]
    readonly_fields = ["file_type", "size"]

    @admin.display(description=gettext_lazy("file type"))
    def file_type(self, obj: EventMedia) -> str:
        return obj.content_type or "-"


def staff_media_response(
    request: HttpRequest, queryset: QuerySet[Any], pk: int
) -> HttpResponseBase:
    """A media file of ``queryset`` (the user's agencies' files, any status) for the preview,
    with range requests so that the video player can seek."""
    item = get_object_or_404(queryset, pk=pk)
    try:
        return ranges.ranged_response(
            request, item.file, content_type=item.content_type, filename=item.original_name
        )
    except FileNotFoundError as error:
        raise Http404 from error
