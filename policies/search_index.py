"""What policy items put in the site search: items on display (published, of a published
document in force). Search checks ``queryset_to_index`` when it builds a page, so an item of a
document that expires or is withdrawn leaves the results at once."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from disclosure.models import Validity
from policies import matching, selectors
from policies.models import PolicyItem
from portal.search.registry import IndexDefinition, SearchFields


class PolicyItemIndex(IndexDefinition[PolicyItem]):
    key = "policy_item"
    label = _("Policy items")
    model = PolicyItem

    def queryset_to_index(self) -> QuerySet[PolicyItem]:
        return selectors.with_conditions(selectors.on_display())

    def to_fields(self, obj: PolicyItem) -> SearchFields:
        document = obj.document
        return SearchFields(
            title=obj.name,
            url=obj.get_absolute_url(),
            content="\n".join(
                [
                    obj.summary,
                    obj.benefit_text,
                    obj.how_to_apply,
                    *(matching.describe(c) for c in obj.conditions.all()),
                ]
            ),
            meta=" ".join(filter(None, [document.title, document.doc_number, obj.article_ref])),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            theme=str(document.theme) if document.theme else "",
            genre=str(_("Policy item")),
            validity=Validity.VALID,
            validity_label=str(Validity.VALID.label),
            date=obj.published_at.date() if obj.published_at else None,
        )
