"""The random draw of 双随机、一公开, as a pure function anyone can run again.

Input: the seed (published with the draw), the subjects' keys (their unified social credit
codes), the inspectors' keys (their 执法证号), the share and number of subjects to draw and the
inspectors per subject — all on the plan's public page. Output: the subjects in the order drawn,
each with its inspectors. The same input gives the same output, on any computer::

    import random
    rng = random.Random(seed)                    # a text seed: seeded from its SHA-512
    pool, team = sorted(set(codes)), sorted(set(numbers))
    subjects = pick(rng, pool, count)            # count: see subjects_to_draw
    teams = [sorted(pick(rng, team, per_subject)) for _ in subjects]

where ``pick`` is a partial Fisher–Yates shuffle that reads only ``rng.random()``. Python keeps
``random()`` and text seeding the same across versions (the documented guarantee of the
``random`` module); ``sample`` and ``randrange`` carry no such promise, so they are not used.

No Django here: the module can be copied out and run with Python alone.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

ALGORITHM = "fisher-yates-random-v1"


class DrawError(ValueError):
    """The pools cannot give the draw asked for (too few inspectors, nothing to draw)."""


@dataclass(frozen=True)
class Assignment:
    """A drawn subject (its key) and its inspectors (their keys, sorted)."""

    subject: str
    inspectors: tuple[str, ...]


def subjects_to_draw(pool_size: int, ratio: Decimal | None, minimum: int | None) -> int:
    """How many subjects to draw from a pool of ``pool_size``.

    The share (a percentage, two decimals) is a floor — 抽查比例 "不低于5%" — so its count is
    rounded up: 5% of 37 subjects is 1.85, so 2 are drawn. With a number as well, at least
    that many. Never more than the pool.
    """
    wanted = 0
    if ratio is not None and ratio > 0:
        hundredths = int((ratio * 100).to_integral_value(rounding=ROUND_CEILING))
        wanted = -(-pool_size * hundredths // 10_000)  # ceiling division, in integers
    if minimum is not None:
        wanted = max(wanted, minimum)
    return min(wanted, pool_size)


def pick(rng: random.Random, items: Sequence[str], count: int) -> list[str]:
    """``count`` items in the order drawn: a partial Fisher–Yates shuffle on ``rng.random()``."""
    chosen = list(items)
    for i in range(count):
        j = i + int(rng.random() * (len(chosen) - i))
        chosen[i], chosen[j] = chosen[j], chosen[i]
    return chosen[:count]


def draw(
    *,
    seed: str,
    subjects: Iterable[str],
    inspectors: Iterable[str],
    ratio: Decimal | None,
    minimum: int | None,
    per_subject: int,
) -> list[Assignment]:
    """The draw: which subjects, in which order, each with ``per_subject`` inspectors.

    The pools are sorted first, so the order they were typed in changes nothing.
    """
    pool = sorted(set(subjects))
    team = sorted(set(inspectors))
    count = subjects_to_draw(len(pool), ratio, minimum)
    if count < 1:
        raise DrawError("nothing to draw")
    if per_subject < 1 or per_subject > len(team):
        raise DrawError("too few inspectors")
    # Not for secrets: the draw must be repeatable; its seed comes from ``secrets``.
    rng = random.Random(seed)  # noqa: S311
    drawn = pick(rng, pool, count)
    return [Assignment(subject, tuple(sorted(pick(rng, team, per_subject)))) for subject in drawn]


def pool_digest(
    *,
    subjects: Iterable[str],
    inspectors: Iterable[str],
    ratio: Decimal | None,
    minimum: int | None,
    per_subject: int,
) -> str:
    """SHA-256 of everything the draw reads but the seed: kept with the draw, it shows that
    the pools on the page are the ones drawn from."""
    canonical = {
        "algorithm": ALGORITHM,
        "subjects": sorted(set(subjects)),
        "inspectors": sorted(set(inspectors)),
        "ratio": None if ratio is None else f"{ratio:.2f}",
        "minimum": minimum,
        "per_subject": per_subject,
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
