"""What power items put in the site search: published items (never a draft, a revision or a
withdrawn item), found by their code, name, sub-items, basis and responsibilities."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.search.registry import IndexDefinition, SearchFields
from powers import selectors
from powers.models import PowerItem


class PowerItemIndex(IndexDefinition[PowerItem]):
    key = "power_item"
    label = _("Power items")
    model = PowerItem

    def queryset_to_index(self) -> QuerySet[PowerItem]:
        return selectors.published()

    def to_fields(self, obj: PowerItem) -> SearchFields:
        duties = [row.duty for row in obj.responsibilities.all()]
        return SearchFields(
            title=f"{obj.name}（{obj.get_category_display()}）",
            url=obj.get_absolute_url(),
            content="\n".join([obj.sub_items, obj.basis, *duties, obj.accountability_cases]),
            meta=" ".join(filter(None, [obj.code, obj.office, obj.agency.name])),
            exact=(obj.code,),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre=str(obj.get_category_display()),
            date=timezone.localdate(obj.published_at) if obj.published_at else None,
        )
