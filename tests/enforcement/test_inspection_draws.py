"""双随机、一公开: the draw is a pure function of the seed, the sorted pools and the share, which
anyone can run again; the share is rounded up; a published plan is drawn once, by a drafter of
its agency, and the stored seed gives the stored draw again."""

from __future__ import annotations

import random
from decimal import Decimal
from unittest import mock

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from enforcement import draws, inspections
from enforcement.models import DrawnSubject, InspectionDraw, InspectionPlan, PlanSubject
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.enforcement.plans import drawn_plan, make_plan, publish

SUBJECTS = [f"9133110{n:011d}" for n in range(37)]
pytestmark = pytest.mark.django_db

TEAM = ["33110020101", "33110020102", "33110020103", "33110020104", "33110020105"]


def draw(seed: str = "seed", **kwargs) -> list[draws.Assignment]:
    values = {"subjects": SUBJECTS, "inspectors": TEAM, "ratio": Decimal("10"), "minimum": None,
              "per_subject": 2} | kwargs  # fmt: skip
    return draws.draw(seed=seed, **values)


# --- The pure function ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pool", "ratio", "minimum", "expected"),
    [
        (37, Decimal("5"), None, 2),  # 1.85 rounds up: the share is a floor
        (20, Decimal("10"), None, 2),  # exact
        (20, Decimal("10.01"), None, 3),  # 2.002 rounds up
        (1000, Decimal("0.01"), None, 1),  # 0.1 rounds up to one
        (37, Decimal("5"), 10, 10),  # "不低于5%，且不少于10户"
        (37, Decimal("50"), 10, 19),  # the share gives more than the number
        (37, None, 12, 12),
        (8, None, 12, 8),  # never more than the pool
        (0, Decimal("5"), None, 0),
    ],
)
def test_the_share_is_rounded_up_and_the_number_is_a_minimum(pool, ratio, minimum, expected):
    assert draws.subjects_to_draw(pool, ratio, minimum) == expected


def test_the_same_seed_and_pools_give_the_same_draw():
    assert draw("a1b2") == draw("a1b2")
    assert len(draw("a1b2")) == 4  # 10% of 37, rounded up


def test_the_order_the_pools_were_typed_in_changes_nothing():
    shuffled, team = list(SUBJECTS), list(TEAM)
    random.Random(7).shuffle(shuffled)
    team.reverse()
    assert draw("a1b2", subjects=shuffled + shuffled[:3], inspectors=team) == draw("a1b2")


def test_another_seed_gives_another_draw():
    assert len({tuple(draw(f"seed-{n}")) for n in range(20)}) > 15


def test_each_subject_gets_distinct_inspectors_from_the_pool():
    for assignment in draw("x", per_subject=3):
        assert len(set(assignment.inspectors)) == 3
        assert set(assignment.inspectors) <= set(TEAM)
    assert len({a.subject for a in draw("x")}) == 4


def test_the_recipe_on_the_public_page_gives_the_same_draw():
    """The few lines the plan's page prints, run as printed, repeat the draw."""

    def pick(rng, items, count):
        items = list(items)
        for i in range(count):
            j = i + int(rng.random() * (len(items) - i))
            items[i], items[j] = items[j], items[i]
        return items[:count]

    rng = random.Random("4b262a5b63965524")
    subjects = pick(rng, sorted(SUBJECTS), 4)
    teams = [sorted(pick(rng, sorted(TEAM), 2)) for _ in subjects]
    expected = [draws.Assignment(s, tuple(t)) for s, t in zip(subjects, teams, strict=True)]
    assert draw("4b262a5b63965524") == expected


def test_a_known_draw_stays_the_same_across_versions():
    """Published draws must stay repeatable: a change to the algorithm fails here."""
    found = draws.draw(
        seed="0123456789abcdef", subjects=[f"S{i:02d}" for i in range(10)],
        inspectors=["A", "B", "C", "D"], ratio=Decimal("30"), minimum=None, per_subject=2,
    )  # fmt: skip
    assert found == [
        draws.Assignment("S00", ("B", "C")),
        draws.Assignment("S03", ("C", "D")),
        draws.Assignment("S05", ("C", "D")),
    ]


def test_too_few_inspectors_is_an_error():
    with pytest.raises(draws.DrawError):
        draw(per_subject=6)


def test_the_pool_digest_changes_with_the_pools_and_not_their_order():
    base = {"inspectors": TEAM, "ratio": Decimal("10"), "minimum": None, "per_subject": 2}
    digest = draws.pool_digest(subjects=SUBJECTS, **base)
    assert draws.pool_digest(subjects=list(reversed(SUBJECTS)), **base) == digest
    assert draws.pool_digest(subjects=SUBJECTS[1:], **base) != digest
    assert draws.pool_digest(subjects=SUBJECTS, **base | {"ratio": Decimal("10.5")}) != digest


# --- Recording the draw ---------------------------------------------------------------------


def test_the_draw_is_recorded_with_its_seed_and_repeats_from_it(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    with mock.patch("enforcement.inspections.secrets.token_hex", return_value="c0ffee" * 5):
        record = drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a, subjects=37)
    assert record.seed == "c0ffee" * 5
    assert (record.drawn_by, record.algorithm) == (drafter_a, draws.ALGORITHM)
    # 10% of 37, rounded up.
    stored = inspections.recorded_assignments(
        InspectionDraw.objects.prefetch_related("drawn__subject", "drawn__inspectors").get()
    )
    assert len(stored) == 4
    plan = record.plan
    again = draws.draw(
        seed=record.seed,
        subjects=sorted(plan.subjects.values_list("credit_code", flat=True)),
        inspectors=sorted(plan.inspectors.values_list("certificate_number", flat=True)),
        ratio=plan.subject_ratio, minimum=plan.subject_count, per_subject=2,
    )  # fmt: skip
    assert again == stored
    assert inspections.draw_verify(record)
    event = plan.events.get(action="draw")
    assert (event.actor, record.seed in event.note) == (drafter_a, True)


def test_the_seed_comes_from_secrets_and_differs_per_draw(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    first = drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a)
    second = drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a, first_code=500)
    assert len(first.seed) == 32 and first.seed != second.seed


def test_a_changed_pool_no_longer_verifies(agency_a, drafter_a, reviewer_a, publisher_a):
    record = drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a)
    undrawn = PlanSubject.objects.filter(plan=record.plan, drawings__isnull=True).first()
    undrawn.delete()  # nobody can do this through the portal: the plan is published
    assert not inspections.draw_verify(InspectionDraw.objects.get(pk=record.pk))


def test_a_draw_is_never_made_again(agency_a, drafter_a, reviewer_a, publisher_a):
    record = drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a)
    drawn = list(DrawnSubject.objects.values_list("subject_id", flat=True))
    with pytest.raises(ValidationError, match="never made again"):
        inspections.plan_draw(plan=record.plan, user=drafter_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        InspectionDraw.objects.create(
            plan=record.plan, seed="x", algorithm="x", pool_digest="x", drawn_by=drafter_a
        )
    assert list(DrawnSubject.objects.values_list("subject_id", flat=True)) == drawn
    assert InspectionDraw.objects.get().seed == record.seed


def test_only_a_published_plan_is_drawn(agency_a, drafter_a, reviewer_a):
    plan = make_plan(agency_a, drafter_a)
    with pytest.raises(ValidationError, match="Publish the plan"):
        inspections.plan_draw(plan=plan, user=drafter_a)
    workflow.submit(obj=plan, user=drafter_a)
    workflow.approve(obj=plan, user=reviewer_a, review_result=ReviewResult.CLEAR)
    with pytest.raises(ValidationError, match="Publish the plan"):
        inspections.plan_draw(plan=plan, user=drafter_a)
    assert not InspectionDraw.objects.exists()


def test_only_a_drafter_of_the_agency_draws(agency_a, drafter_a, reviewer_a, publisher_a, staff_b):
    plan = publish(make_plan(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
    for outsider in (staff_b, reviewer_a, publisher_a):
        with pytest.raises(PermissionDenied):
            inspections.plan_draw(plan=plan, user=outsider)
    assert not InspectionDraw.objects.exists()


def test_a_plan_goes_to_review_only_complete(agency_a, drafter_a):
    plan = make_plan(agency_a, drafter_a, inspectors=1, subject_count=30, subjects=20)
    plan.items.all().delete()
    with pytest.raises(ValidationError) as error:
        workflow.submit(obj=plan, user=drafter_a)
    text = " ".join(error.value.messages)
    assert "at least one inspection item" in text
    assert "draws 30 subjects, but the pool has only 20" in text
    assert "add at least 2 to the pool of inspectors (it has 1)" in text
    assert InspectionPlan.objects.get().status == Status.DRAFT


def test_a_pool_with_a_person_or_a_wrong_code_does_not_go_to_review(agency_a, drafter_a):
    plan = make_plan(agency_a, drafter_a)
    # Past the back office's form (which checks each row as it is typed).
    PlanSubject.objects.create(plan=plan, name="王小二", credit_code="91331100MA2999999X")
    with pytest.raises(ValidationError, match="do not pass the checks: 91331100MA2999999X"):
        workflow.submit(obj=plan, user=drafter_a)
    assert InspectionPlan.objects.get().status == Status.DRAFT


def test_a_new_round_copies_the_pools_and_keeps_the_old_draw(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    record = drawn_plan(agency_a, drafter_a, reviewer_a, publisher_a)
    old = record.plan
    copy = inspections.plan_new_round(plan=old, user=drafter_a)
    assert (copy.status, copy.previous_round, copy.title) == (
        Status.DRAFT, old, f"{old.title}（第2轮）",
    )  # fmt: skip
    assert sorted(copy.subjects.values_list("credit_code", flat=True)) == sorted(
        old.subjects.values_list("credit_code", flat=True)
    )
    assert copy.inspectors.count() == old.inspectors.count() and copy.items.count() == 2
    assert InspectionDraw.objects.get(plan=old).seed == record.seed
    assert not InspectionDraw.objects.filter(plan=copy).exists()
    third = inspections.plan_new_round(
        plan=inspections.plan_draw(
            plan=publish(copy, drafter_a, reviewer_a, publisher_a), user=drafter_a
        ).plan,
        user=drafter_a,
    )
    assert third.title == f"{old.title}（第3轮）"


def test_a_new_round_follows_a_draw(agency_a, drafter_a):
    with pytest.raises(ValidationError, match="not been drawn"):
        inspections.plan_new_round(plan=make_plan(agency_a, drafter_a), user=drafter_a)
