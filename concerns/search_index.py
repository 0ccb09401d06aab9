"""What 回应关切 puts in the site search: published responses, by their own title and text.
Never the register."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerns import selectors
from concerns.models import Response
from portal.search.registry import IndexDefinition, SearchFields


class ResponseIndex(IndexDefinition[Response]):
    key = "concern_response"
    label = _("Responses to public concerns")
    model = Response

    def queryset_to_index(self) -> QuerySet[Response]:
        return selectors.published()

    def to_fields(self, obj: Response) -> SearchFields:
        kind = str(obj.get_kind_display())
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content="\n".join([kind, obj.agency.name, obj.text]),
            meta=" ".join([kind, obj.agency.name]),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre=kind,
            date=timezone.localdate(obj.published_at) if obj.published_at else None,
        )
