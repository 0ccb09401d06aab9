"""Recording a policy item and its conditions: only drafts are edited, only by drafters of the
document's agency, and each condition must make sense for its type (values of that type, at
least one region, an ordered age range). Nothing is saved when a check fails."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from disclosure.models import Document
from policies.models import (
    VOCABULARY_TYPES,
    Condition,
    CriterionType,
    CriterionValue,
    PolicyItem,
)
from portal import access
from portal.models import Agency, AgencyKind, StaffRole
from publishing.models import Status
from publishing.workflow import record_event


@dataclass
class Criterion:
    """One condition to record: value codes of the vocabulary, regions, or an age range."""

    kind: str
    values: Sequence[str] = ()
    regions: Sequence[Agency] = ()
    age_min: int | None = None
    age_max: int | None = None
    _found: list[CriterionValue] = field(default_factory=list, repr=False)


def check_condition(
    *,
    kind: str,
    values: Iterable[CriterionValue] = (),
    regions: Iterable[Agency] = (),
    age_min: int | None = None,
    age_max: int | None = None,
) -> None:
    """Raises ValidationError (by field) when the condition does not fit its type."""
    values, regions = list(values), list(regions)
    label = CriterionType(kind).label if kind in CriterionType.values else kind
    errors: dict[str, str] = {}
    if kind in VOCABULARY_TYPES:
        if not values:
            errors["values"] = _("Choose at least one value for the condition “%(type)s”.") % {
                "type": label
            }
        wrong = [str(v) for v in values if v.kind != kind]
        if wrong:
            errors["values"] = _("“%(values)s” are not values of “%(type)s”.") % {
                "values": "、".join(wrong),
                "type": label,
            }
    elif values:
        errors["values"] = _("The condition “%(type)s” takes no values from the list.") % {
            "type": label
        }
    if kind == CriterionType.REGION:
        if not regions:
            errors["regions"] = _("Choose at least one region.")
        elif any(region.kind != AgencyKind.GOVERNMENT for region in regions):
            errors["regions"] = _(
                "A region is a people's government (an administrative division), not a department."
            )
    elif regions:
        errors["regions"] = _("Only a region condition takes regions.")
    if kind == CriterionType.AGE:
        if age_min is None and age_max is None:
            errors["age_min"] = _("Give the lowest age, the highest age, or both.")
        elif age_min is not None and age_max is not None and age_min > age_max:
            errors["age_max"] = _("The highest age is lower than the lowest age.")
    elif age_min is not None or age_max is not None:
        errors["age_min"] = _("Only an age condition takes an age range.")
    if errors:
        raise ValidationError(errors)


def check_drafter(item: PolicyItem, *, user: User) -> None:
    if item.document_id is None:
        return
    agency_id = item.document.agency_id
    if not access.can_act(user, agency_id, StaffRole.Role.DRAFTER):
        raise ValidationError(
            {
                "document": _(
                    "You can only record policy items of documents of an agency where you are "
                    "a drafter."
                )
            }
        )


def check_item(item: PolicyItem) -> None:
    errors: dict[str, str] = {}
    item.name = " ".join(item.name.split())
    item.article_ref = item.article_ref.strip()
    if item.document_id is not None and item.document.status != Status.PUBLISHED:
        errors["document"] = _("Policy items belong to published documents only.")
    if item.benefit_amount is not None and item.benefit_amount < 0:
        errors["benefit_amount"] = _("The benefit cannot be negative.")
    if item.apply_deadline and item.apply_deadline < dt.date(2000, 1, 1):
        errors["apply_deadline"] = _("Give the application deadline as a real date.")
    if errors:
        raise ValidationError(errors)


def _resolve(criteria: Sequence[Criterion]) -> None:
    kinds = [c.kind for c in criteria]
    if len(kinds) != len(set(kinds)):
        raise ValidationError(_("Give each type of condition once."))
    codes = {(c.kind, code) for c in criteria for code in c.values}
    found = {
        (v.kind, v.code): v
        for v in CriterionValue.objects.filter(code__in={code for _k, code in codes})
    }
    for criterion in criteria:
        missing = [code for code in criterion.values if (criterion.kind, code) not in found]
        if missing:
            raise ValidationError(
                _("Unknown values of “%(type)s”: %(codes)s.")
                % {"type": CriterionType(criterion.kind).label, "codes": "、".join(missing)}
            )
        criterion._found = [found[(criterion.kind, code)] for code in criterion.values]
        check_condition(
            kind=criterion.kind,
            values=criterion._found,
            regions=criterion.regions,
            age_min=criterion.age_min,
            age_max=criterion.age_max,
        )


@transaction.atomic
def item_save(
    *, item: PolicyItem, user: User, conditions: Sequence[Criterion] | None = None
) -> PolicyItem:
    """Create or update a draft item; with ``conditions``, they replace the item's. The cited
    article links to its passage on the document's page when staff left the anchor empty (or
    it was found for an article they have since changed)."""
    current = None
    if item.pk:
        current = PolicyItem.objects.select_for_update().get(pk=item.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
    stale = (
        current is not None
        and current.article_ref != item.article_ref
        and current.article_anchor == item.article_anchor
    )
    if not item.article_anchor or stale:
        item.article_anchor = article_anchor_for(item.document, item.article_ref)
    check_drafter(item, user=user)
    check_item(item)
    if conditions is not None:
        _resolve(conditions)
    item.agency_id = item.document.agency_id
    creating = item.pk is None
    if creating and item.drafter_id is None:
        item.drafter = user
    item.full_clean(exclude=["agency", "document", "drafter"])
    item.save()
    if conditions is not None:
        item.conditions.all().delete()
        for criterion in conditions:
            condition = Condition.objects.create(
                item=item, kind=criterion.kind, age_min=criterion.age_min,
                age_max=criterion.age_max,
            )  # fmt: skip
            condition.values.set(criterion._found)
            condition.regions.set(criterion.regions)
    if creating:
        record_event(document=item, user=user, action="create", to_status=Status.DRAFT)
    return item


def _folded(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def article_anchor_for(document: Document, article_ref: str) -> str:
    """The stable anchor of the passage of ``document`` that ``article_ref`` cites (第五条,
    第二章 第五条, 三、（一）: full- or half-width, spaces ignored), or "" when none does. The
    anchor outlives later edits of the document (``disclosure.passages``)."""
    ref = _folded(article_ref)
    if not ref:
        return ""
    found = list(document.passages.order_by("order").values_list("citation", "anchor"))
    for matches in (lambda c: c == ref, lambda c: c.endswith(ref)):
        for citation, anchor in found:
            if matches(_folded(citation)):
                return anchor
    return ""
