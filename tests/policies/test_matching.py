"""政策找人: every criterion type gives matched, not matched or "to check" (the visitor left it
unknown); an item with any condition not matched is left out; results are ordered by benefit
and deadline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from policies import matching, selectors
from policies.drafting import Criterion
from policies.matching import Outcome, Profile
from policies.models import Condition, PolicyItem
from tests.policies.conftest import T, item_on

pytestmark = pytest.mark.django_db


def _outcome(item: PolicyItem, profile: Profile, kind: str) -> Outcome:
    found = selectors.with_conditions(PolicyItem.objects.filter(pk=item.pk)).get()
    condition = next(c for c in found.conditions.all() if c.kind == kind)
    return matching.judge(condition, profile)


@pytest.fixture
def everything(document_a, people, county_a):
    """An item with one condition of every type."""
    return item_on(
        document_a,
        people,
        audience="both",
        conditions=[
            Criterion(T.REGION, regions=[county_a]),
            Criterion(T.INDUSTRY, values=["C", "I"]),
            Criterion(T.SIZE, values=["small", "micro"]),
            Criterion(T.AGE, age_min=18, age_max=35),
            Criterion(T.HOUSEHOLD, values=["dibao", "tekun"]),
            Criterion(T.GROUP, values=["graduate"]),
        ],
    )


def test_a_region_matches_inside_it_is_to_check_for_a_wider_area_and_fails_elsewhere(
    everything, agency_a, county_a, other_county, agency_b
):
    assert _outcome(everything, Profile(region=county_a), T.REGION) == Outcome.MATCHED
    # The city holds the county: whether the visitor is in it needs checking.
    assert _outcome(everything, Profile(region=agency_a), T.REGION) == Outcome.TO_CHECK
    assert _outcome(everything, Profile(region=other_county), T.REGION) == Outcome.NOT_MATCHED
    assert _outcome(everything, Profile(region=agency_b), T.REGION) == Outcome.NOT_MATCHED
    assert _outcome(everything, Profile(), T.REGION) == Outcome.TO_CHECK


def test_a_region_below_the_policys_region_matches(document_a, people, agency_a, county_a):
    item = item_on(document_a, people, conditions=[Criterion(T.REGION, regions=[agency_a])])
    assert _outcome(item, Profile(region=county_a), T.REGION) == Outcome.MATCHED


def test_industry_matches_one_of_its_sections(everything):
    assert _outcome(everything, Profile(industry="I"), T.INDUSTRY) == Outcome.MATCHED
    assert _outcome(everything, Profile(industry="F"), T.INDUSTRY) == Outcome.NOT_MATCHED
    assert _outcome(everything, Profile(), T.INDUSTRY) == Outcome.TO_CHECK


def test_enterprise_size(everything):
    assert _outcome(everything, Profile(size="micro"), T.SIZE) == Outcome.MATCHED
    assert _outcome(everything, Profile(size="large"), T.SIZE) == Outcome.NOT_MATCHED
    assert _outcome(everything, Profile(), T.SIZE) == Outcome.TO_CHECK


def test_age_range_includes_both_ends(everything):
    assert _outcome(everything, Profile(age=18), T.AGE) == Outcome.MATCHED
    assert _outcome(everything, Profile(age=35), T.AGE) == Outcome.MATCHED
    assert _outcome(everything, Profile(age=17), T.AGE) == Outcome.NOT_MATCHED
    assert _outcome(everything, Profile(age=36), T.AGE) == Outcome.NOT_MATCHED
    assert _outcome(everything, Profile(), T.AGE) == Outcome.TO_CHECK


def test_an_open_ended_age_range(document_a, people):
    item = item_on(document_a, people, conditions=[Criterion(T.AGE, age_min=80)])
    assert _outcome(item, Profile(age=80), T.AGE) == Outcome.MATCHED
    assert _outcome(item, Profile(age=120), T.AGE) == Outcome.MATCHED
    assert _outcome(item, Profile(age=79), T.AGE) == Outcome.NOT_MATCHED


def test_household_status_any_listed_one_and_none_of_these_is_a_definite_no(everything):
    assert _outcome(everything, Profile(households=frozenset({"tekun"})), T.HOUSEHOLD) == (
        Outcome.MATCHED
    )
    assert _outcome(everything, Profile(households=frozenset({"veteran-family"})), T.HOUSEHOLD) == (
        Outcome.NOT_MATCHED
    )
    # "None of these" (an empty set) is an answer; not answering (None) is unknown.
    assert _outcome(everything, Profile(households=frozenset()), T.HOUSEHOLD) == (
        Outcome.NOT_MATCHED
    )
    assert _outcome(everything, Profile(), T.HOUSEHOLD) == Outcome.TO_CHECK


def test_special_groups(everything):
    assert _outcome(everything, Profile(groups=frozenset({"graduate", "disabled"})), T.GROUP) == (
        Outcome.MATCHED
    )
    assert _outcome(everything, Profile(groups=frozenset({"veteran"})), T.GROUP) == (
        Outcome.NOT_MATCHED
    )
    assert _outcome(everything, Profile(groups=frozenset()), T.GROUP) == Outcome.NOT_MATCHED
    assert _outcome(everything, Profile(), T.GROUP) == Outcome.TO_CHECK


def test_an_unknown_criterion_type_is_never_a_silent_yes(everything):
    condition = Condition(item=everything, kind="future-type")
    assert matching.judge(condition, Profile(age=30)) == Outcome.TO_CHECK


def test_the_audience_excludes_individuals_from_business_policies(document_a, people):
    item = item_on(document_a, people, audience="businesses")
    assert not matching.fits(item, Profile(audience="individuals"))
    assert matching.fits(item, Profile(audience="businesses"))
    unknown = matching.match_item(item, Profile())
    assert [c.kind for c in unknown.to_check] == ["audience"]


def test_a_match_lists_what_matched_and_what_to_check(everything, county_a):
    item = selectors.with_conditions(PolicyItem.objects.filter(pk=everything.pk)).get()
    match = matching.match_item(item, Profile(region=county_a, industry="C", age=30))
    assert match.fits
    assert {c.kind for c in match.matched} == {"audience", T.REGION, T.INDUSTRY, T.AGE}
    assert {c.kind for c in match.to_check} == {T.SIZE, T.HOUSEHOLD, T.GROUP}
    labels = [c.label for c in match.matched]
    assert "Industry：C 制造业、I 信息传输、软件和信息技术服务业" in labels
    assert "Age：18 to 35 years" in labels


def test_one_condition_not_matched_leaves_the_item_out(everything, county_a):
    items = selectors.with_conditions(PolicyItem.objects.all())
    assert matching.find(items, Profile(region=county_a, industry="C")) != []
    assert matching.find(items, Profile(region=county_a, industry="C", size="large")) == []


def test_results_are_ordered_by_amount_then_text_then_deadline(document_a, people):
    def item(name: str, amount: str | None, text: str, deadline: dt.date | None) -> None:
        item_on(document_a, people, name=name, benefit_amount=Decimal(amount) if amount else None,
                benefit_text=text, apply_deadline=deadline)  # fmt: skip

    item("small", "1000", "一千元", None)
    item("large", "50000", "五万元", None)
    item("words-b", None, "B 免费代办", None)
    item("words-a-late", None, "A 减免", dt.date(2026, 12, 31))
    item("words-a-soon", None, "A 减免", dt.date(2026, 9, 30))
    item("words-a-open", None, "A 减免", None)
    found = matching.find(selectors.with_conditions(PolicyItem.objects.all()), Profile())
    assert [m.item.name for m in found] == [
        "large", "small", "words-a-soon", "words-a-late", "words-a-open", "words-b",
    ]  # fmt: skip


def test_the_document_expiry_counts_as_the_deadline(agency_a, people):
    from tests.policies.conftest import published_document

    sooner = published_document(agency_a, expiry_date=dt.date(2099, 1, 31))
    later = published_document(agency_a)
    item_on(later, people, name="deadline-later", apply_deadline=dt.date(2099, 6, 1))
    item_on(sooner, people, name="expires-sooner", apply_deadline=None)
    found = matching.find(selectors.with_conditions(PolicyItem.objects.all()), Profile())
    assert [m.item.name for m in found] == ["expires-sooner", "deadline-later"]


def test_a_saved_profile_reads_back_the_same(county_a):
    profile = Profile(
        audience="businesses", region=county_a, industry="C", size="small", age=40,
        households=frozenset(), groups=frozenset({"veteran"}),
    )  # fmt: skip
    saved = profile.as_query()
    assert saved["household"] == ["none"]
    assert Profile.from_saved(saved, {county_a.code: county_a}) == profile
    # A region gone since is unknown, not an error.
    assert Profile.from_saved(saved, {}).region is None
