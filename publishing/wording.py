"""Wording checks before publication: sensitive words (敏感词) and wrong forms with their right
ones (规范表述), from the site's list (``WordingRule``). The pre-publication screening
(``disclosure.screening``) reports what is found as hits the reviewer resolves or overrides with
a reason, like its other hits; the national inspection counts serious wording errors in
published content as a single veto.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from publishing.models import WordingRule

# Full-width forms (１３８, ＠, ideographic space) are common in Chinese documents. They fold one
# character to one character, so offsets in the folded text are offsets in the original.
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold_width(text: str) -> str:
    """Full-width ASCII forms to ASCII, keeping the length."""
    return text.translate(FULL_WIDTH)


def _pattern(word: str) -> re.Pattern[str]:
    # Whitespace may come between characters: PDF extraction breaks lines inside words.
    return re.compile(r"\s*".join(map(re.escape, fold_width(word))), re.IGNORECASE)


@dataclass(frozen=True)
class CompiledRule:
    kind: str
    wrong: re.Pattern[str]
    right: re.Pattern[str] | None
    suggestion: str


@dataclass(frozen=True)
class WordingMatch:
    kind: str
    start: int
    end: int
    text: str
    suggestion: str


def compile_rules(rules: Iterable[WordingRule]) -> list[CompiledRule]:
    return [
        CompiledRule(
            kind=rule.kind,
            wrong=_pattern(rule.wrong),
            right=_pattern(rule.right) if rule.right.strip() else None,
            suggestion=rule.right.strip(),
        )
        for rule in rules
        if rule.wrong.strip()
    ]


def active_rules() -> list[CompiledRule]:
    return compile_rules(WordingRule.objects.filter(is_active=True))


def find_wording(text: str, rules: Sequence[CompiledRule]) -> list[WordingMatch]:
    """Sensitive words and wrong forms in ``text``, in order; a wrong form inside its right one
    (a wrong "人民政府" within the right "市人民政府") is not reported."""
    folded = fold_width(text)
    found = []
    for rule in rules:
        right_spans = (
            [(m.start(), m.end()) for m in rule.right.finditer(folded)] if rule.right else []
        )
        for match in rule.wrong.finditer(folded):
            if any(start <= match.start() and match.end() <= end for start, end in right_spans):
                continue
            found.append(
                WordingMatch(
                    kind=rule.kind,
                    start=match.start(),
                    end=match.end(),
                    text=text[match.start() : match.end()],
                    suggestion=rule.suggestion,
                )
            )
    return sorted(found, key=lambda match: match.start)
