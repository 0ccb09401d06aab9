"""政策找人: which policy items fit a visitor, and why.

A visitor describes itself (``Profile``); each condition of an item is then **matched**, **not
matched**, or **to check** — the visitor left that part unknown (or, for a region, chose a
wider area than the policy's). An item with any condition not matched is left out; the others
are listed with what matched and what to check, the largest amount first (then the benefits
given in words, by their text), and among equals the soonest deadline first.

Plain functions over items whose conditions are prefetched (``selectors.with_conditions``):
nothing here queries the database, so a result page costs the same few queries whatever it
lists, and the digest reuses it for saved profiles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from django.utils.translation import gettext as _

from policies.models import Audience, Condition, CriterionType, PolicyItem
from portal.models import Agency

# A multiple choice (household status, special groups) answered "none of these": a definite
# answer, unlike leaving it empty.
NONE = "none"


class Outcome(Enum):
    MATCHED = "matched"
    NOT_MATCHED = "not_matched"
    TO_CHECK = "to_check"


@dataclass(frozen=True)
class Profile:
    """What a visitor said about itself; empty means unknown. ``households`` and ``groups``
    are None when unknown and empty when the visitor answered "none of these"."""

    audience: str = ""  # Audience.INDIVIDUALS or Audience.BUSINESSES
    region: Agency | None = None
    industry: str = ""
    size: str = ""
    age: int | None = None
    households: frozenset[str] | None = None
    groups: frozenset[str] | None = None

    def as_query(self) -> dict[str, str | list[str]]:
        """The profile as the finder's GET parameters (also what a subscription saves)."""
        query: dict[str, str | list[str]] = {}
        if self.audience:
            query["audience"] = self.audience
        if self.region is not None:
            query["region"] = self.region.code
        if self.industry:
            query["industry"] = self.industry
        if self.size:
            query["size"] = self.size
        if self.age is not None:
            query["age"] = str(self.age)
        if self.households is not None:
            query["household"] = sorted(self.households) or [NONE]
        if self.groups is not None:
            query["group"] = sorted(self.groups) or [NONE]
        return query

    @property
    def is_empty(self) -> bool:
        return not self.as_query()

    @classmethod
    def from_saved(cls, saved: Mapping[str, object], regions: Mapping[str, Agency]) -> Profile:
        """A profile saved with a subscription (``as_query``), read without the database:
        ``regions`` maps the agency codes it may name (an agency gone since is unknown)."""

        def text(name: str) -> str:
            value = saved.get(name)
            return value if isinstance(value, str) else ""

        def several(name: str) -> frozenset[str] | None:
            value = saved.get(name)
            if not isinstance(value, list) or not value:
                return None
            return frozenset(str(v) for v in value if v != NONE)

        age = text("age")
        return cls(
            audience=text("audience"),
            region=regions.get(text("region")),
            industry=text("industry"),
            size=text("size"),
            age=int(age) if age.isdigit() else None,
            households=several("household"),
            groups=several("group"),
        )


@dataclass(frozen=True)
class Check:
    """One condition of an item, judged for the visitor."""

    kind: str
    label: str  # e.g. "行业：制造业"
    outcome: Outcome


@dataclass
class Match:
    item: PolicyItem
    matched: list[Check] = field(default_factory=list)
    to_check: list[Check] = field(default_factory=list)
    not_matched: list[Check] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return not self.not_matched


def _label(kind: str, described: str) -> str:
    return f"{CriterionType(kind).label if kind in CriterionType.values else kind}：{described}"


def _codes(condition: Condition) -> dict[str, str]:
    return {value.code: str(value) for value in condition.values.all()}


def _chosen(known: str | None, codes: Mapping[str, str]) -> Outcome:
    if not known:
        return Outcome.TO_CHECK
    return Outcome.MATCHED if known in codes else Outcome.NOT_MATCHED


def _any_of(known: frozenset[str] | None, codes: Mapping[str, str]) -> Outcome:
    if known is None:
        return Outcome.TO_CHECK
    return Outcome.MATCHED if known & codes.keys() else Outcome.NOT_MATCHED


def _region(region: Agency | None, condition: Condition) -> Outcome:
    """In one of the policy's regions (or below it): matched. A wider area that contains one
    of them (the visitor chose the city, the policy is for one county): to check. Elsewhere:
    not matched."""
    if region is None:
        return Outcome.TO_CHECK
    regions = list(condition.regions.all())
    if any(region.path.startswith(r.path) for r in regions):
        return Outcome.MATCHED
    if any(r.path.startswith(region.path) for r in regions):
        return Outcome.TO_CHECK
    return Outcome.NOT_MATCHED


def _age(age: int | None, condition: Condition) -> Outcome:
    if age is None:
        return Outcome.TO_CHECK
    low, high = condition.age_min, condition.age_max
    if (low is not None and age < low) or (high is not None and age > high):
        return Outcome.NOT_MATCHED
    return Outcome.MATCHED


def describe_age(condition: Condition) -> str:
    low, high = condition.age_min, condition.age_max
    if low is not None and high is not None:
        return _("%(low)s to %(high)s years") % {"low": low, "high": high}
    if low is not None:
        return _("%(low)s years or older") % {"low": low}
    return _("up to %(high)s years") % {"high": high}


def describe(condition: Condition) -> str:
    """The condition in words, e.g. "行业：制造业、建筑业"."""
    if condition.kind == CriterionType.REGION:
        text = "、".join(r.name for r in condition.regions.all())
    elif condition.kind == CriterionType.AGE:
        text = describe_age(condition)
    else:
        text = "、".join(_codes(condition).values())
    return _label(condition.kind, text)


def judge(condition: Condition, profile: Profile) -> Outcome:
    kind = condition.kind
    if kind == CriterionType.REGION:
        return _region(profile.region, condition)
    if kind == CriterionType.AGE:
        return _age(profile.age, condition)
    if kind == CriterionType.INDUSTRY:
        return _chosen(profile.industry, _codes(condition))
    if kind == CriterionType.SIZE:
        return _chosen(profile.size, _codes(condition))
    if kind == CriterionType.HOUSEHOLD:
        return _any_of(profile.households, _codes(condition))
    if kind == CriterionType.GROUP:
        return _any_of(profile.groups, _codes(condition))
    # A type this module does not know yet: never a silent yes.
    return Outcome.TO_CHECK


def _audience(item: PolicyItem, profile: Profile) -> Check:
    label = _label_audience(item)
    if item.audience == Audience.BOTH:
        return Check("audience", label, Outcome.MATCHED)
    if not profile.audience:
        return Check("audience", label, Outcome.TO_CHECK)
    outcome = Outcome.MATCHED if profile.audience == item.audience else Outcome.NOT_MATCHED
    return Check("audience", label, outcome)


def _label_audience(item: PolicyItem) -> str:
    return f"{_('Intended for')}：{item.get_audience_display()}"


def match_item(item: PolicyItem, profile: Profile) -> Match:
    result = Match(item)
    checks = [_audience(item, profile)]
    for condition in item.conditions.all():
        checks.append(Check(condition.kind, describe(condition), judge(condition, profile)))
    for check in checks:
        {
            Outcome.MATCHED: result.matched,
            Outcome.TO_CHECK: result.to_check,
            Outcome.NOT_MATCHED: result.not_matched,
        }[check.outcome].append(check)
    return result


def _order(match: Match) -> tuple[bool, Decimal, str, bool, dt.date, str, int]:
    item = match.item
    amount = item.benefit_amount
    deadline = item.valid_until
    return (
        amount is None,
        -(amount or Decimal(0)),
        item.benefit_text,
        deadline is None,
        deadline or dt.date.max,
        item.name,
        item.pk or 0,
    )


def find(items: Iterable[PolicyItem], profile: Profile) -> list[Match]:
    """The items with no condition not matched, best first (see the module's docstring)."""
    found = [match for item in items if (match := match_item(item, profile)).fits]
    return sorted(found, key=_order)


def fits(item: PolicyItem, profile: Profile) -> bool:
    return match_item(item, profile).fits
