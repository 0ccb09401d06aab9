"""What major decisions put in the site search: each decision of a published catalog, found by
its title, lead agency, legal basis and the texts of its published steps (a withdrawn catalog
takes its decisions out)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions import lifecycle, selectors
from decisions.models import Decision
from portal.search.registry import IndexDefinition, SearchFields


class DecisionIndex(IndexDefinition[Decision]):
    key = "major_decision"
    label = gettext_lazy("Major decisions")
    model = Decision

    def queryset_to_index(self) -> QuerySet[Decision]:
        return selectors.decisions()

    def to_fields(self, obj: Decision) -> SearchFields:
        steps = getattr(obj, "published_steps", None)
        if steps is None:
            steps = list(selectors.published_steps().filter(decision=obj))
        stage = lifecycle.current_stage(step.kind for step in steps)
        government = obj.catalog.agency
        texts = [obj.lead_agency, obj.legal_basis, obj.summary]
        texts += [text for step in steps for text in (step.summary, step.not_applicable_reason)]
        kind = str(_("Major decision"))
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content="\n".join(text for text in texts if text),
            meta=" ".join(
                [
                    str(obj.catalog.year),
                    government.name,
                    obj.lead_agency,
                    str(stage.label) if stage else "",
                ]
            ),
            agency=government.code,
            agency_name=government.name,
            genre=kind,
            date=obj.planned_start,
        )
