"""What beneficiary lists put in the site search: the lists on display, found by their title,
kind, period and agency (and notes). Never a row: nobody finds a list by a beneficiary's name.
Search checks ``queryset_to_index`` when it builds a page, so a list leaves the results the
day after its 公示期; the daily task's withdrawal then removes its entry."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.search.registry import IndexDefinition, SearchFields
from subsidies import selectors
from subsidies.models import BeneficiaryList


class BeneficiaryListIndex(IndexDefinition[BeneficiaryList]):
    key = "subsidy_list"
    label = _("Beneficiary lists")
    model = BeneficiaryList

    def queryset_to_index(self) -> QuerySet[BeneficiaryList]:
        return selectors.on_display()

    def to_fields(self, obj: BeneficiaryList) -> SearchFields:
        kind = str(obj.get_kind_display())
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content="\n".join([kind, obj.period, obj.agency.name, obj.notes]),
            meta=" ".join([obj.period, kind, obj.agency.name]),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre=kind,
            date=obj.notice_start,
        )
