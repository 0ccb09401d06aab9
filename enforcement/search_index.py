"""What enforcement decisions put in the site search: decisions on display (published, within
their 公示期), with the party's published name only (a natural person masked, never the ID
number). Search checks ``queryset_to_index`` when it builds a page, so a decision leaves the
results on the day its 公示期 ends; the daily task then removes its index entry."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement import selectors, selectors_inspections
from enforcement.models import Decision, InspectionPlan
from portal.search.registry import IndexDefinition, SearchFields


class DecisionIndex(IndexDefinition[Decision]):
    key = "enforcement_decision"
    label = _("Enforcement decisions")
    model = Decision

    def queryset_to_index(self) -> QuerySet[Decision]:
        return selectors.on_display()

    def to_fields(self, obj: Decision) -> SearchFields:
        return SearchFields(
            title=f"{obj.get_kind_display()}决定 {obj.number}",
            url=obj.get_absolute_url(),
            content="\n".join([obj.summary, obj.decision_text, obj.legal_basis]),
            meta=" ".join(
                filter(None, [obj.number, obj.public_subject_name, obj.public_credit_code])
            ),
            exact=(obj.number,),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre=str(obj.get_kind_display()),
            date=obj.decision_date,
        )


class InspectionPlanIndex(IndexDefinition[InspectionPlan]):
    """Published 双随机 plans: their items, the drawn market subjects (names and credit codes,
    public) and the published results. A result's publication re-indexes its plan."""

    key = "enforcement_inspection_plan"
    label = _("Random inspection plans")
    model = InspectionPlan

    def queryset_to_index(self) -> QuerySet[InspectionPlan]:
        return selectors_inspections.with_page_data(selectors_inspections.published_plans())

    def to_fields(self, obj: InspectionPlan) -> SearchFields:
        drawn = []
        if hasattr(obj, "draw"):
            drawn = list(obj.draw.drawn.all())
        results = [r for d in drawn if (r := selectors_inspections.published_result(d))]
        items = [f"{item.name} {item.basis}" for item in obj.items.all()]
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content="\n".join([obj.description, *items, *(r.summary for r in results)]),
            meta=" ".join(f"{d.subject.name} {d.subject.credit_code}" for d in drawn),
            exact=tuple(d.subject.credit_code for d in drawn),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            genre=str(_("Random inspection plan")),
            date=timezone.localdate(obj.published_at) if obj.published_at else None,
        )
