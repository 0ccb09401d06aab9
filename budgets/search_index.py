"""What budgets and final accounts put in the site search: published disclosures, found by
their title (the agency or government, the year and the kind), their explanation and the
names of the tables they include."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from budgets import deadlines, selectors
from budgets.models import BudgetDisclosure
from portal.search.registry import IndexDefinition, SearchFields


class BudgetDisclosureIndex(IndexDefinition[BudgetDisclosure]):
    key = "budget_disclosure"
    label = _("Budgets and final accounts")
    model = BudgetDisclosure

    def queryset_to_index(self) -> QuerySet[BudgetDisclosure]:
        return selectors.published_disclosures()

    def to_fields(self, obj: BudgetDisclosure) -> SearchFields:
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content="\n".join(
                filter(
                    None, [obj.description, obj.variance_explanation, "、".join(obj.table_names)]
                )
            ),
            meta=" ".join(
                [obj.kind_name, f"{obj.year}年", obj.agency.name, "财政预决算", "三公经费"]
            ),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre="财政预决算",
            date=deadlines.published_on(obj) or obj.approval_date,
        )
