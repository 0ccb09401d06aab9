"""What the letters (答复告知书, 收费通知书) need besides their templates' own text: the letter
number, the reconsideration body, the fee breakdown, a title free of personal data, and the
whitespace rule for Chinese text.

The wording of the letters lives in ``templates/requests_app/letters/``; it is always Simplified
Chinese, since a letter is a legal document whatever language the staff member reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from disclosure.screening import find_personal_data, fold_width
from portal.models import Agency, AgencyKind, AgencyLevel
from requests_app.models import FeeNotice, InformationRequest


def letter_number(info_request: InformationRequest) -> str:
    """``〔2026〕第000123号`` from the tracking number ``2026-000123``."""
    year, _, sequence = info_request.tracking_number.partition("-")
    if year.isdigit() and sequence:
        return f"〔{year}〕第{sequence}号"
    return f"第{info_request.tracking_number}号"


def reconsideration_body(agency: Agency) -> str:
    """To whom the applicant applies for administrative reconsideration (行政复议).

    Administrative Reconsideration Law (2023 revision, Art 24, 27): acts of a government
    department go to the people's government at the same level, those of vertically managed
    bodies (customs, finance, tax, state security) to the department one level up; acts of a
    people's government go to the government one level up, and a provincial government reviews
    its own. Other public bodies: whichever reconsideration body has jurisdiction.
    """
    if agency.kind == AgencyKind.GOVERNMENT:
        if agency.level == AgencyLevel.PROVINCE:
            return "本机关"
        return "上一级人民政府"
    if agency.kind == AgencyKind.DEPARTMENT:
        return "本级人民政府（实行垂直领导的机关为上一级主管部门）"
    return "有管辖权的行政复议机关"


@dataclass(frozen=True)
class FeeLine:
    """One tier of a fee by volume: pages ``first``-``last`` at ``rate`` yuan a page."""

    first: int
    last: int
    rate: Decimal

    @property
    def pages(self) -> int:
        return self.last - self.first + 1

    @property
    def subtotal(self) -> Decimal:
        return self.rate * self.pages


# 国办函〔2020〕109号: pages up to 30 free; 31-100 10 yuan, 101-200 20 yuan, 201 on 40 yuan.
_VOLUME_TIERS = ((31, 100, Decimal(10)), (101, 200, Decimal(20)), (201, None, Decimal(40)))


def fee_breakdown(notice: FeeNotice) -> list[FeeLine]:
    """The charged tiers of a fee by volume (empty for a fee by count, which has one rate)."""
    if notice.method != FeeNotice.Method.BY_VOLUME:
        return []
    lines = []
    for first, last, rate in _VOLUME_TIERS:
        if notice.quantity < first:
            break
        lines.append(FeeLine(first, min(notice.quantity, last or notice.quantity), rate))
    return lines


# Chinese characters, CJK and full-width punctuation, and the general punctuation used around
# them (“” — …).
_WIDE = "\u2010-\u206f\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_LAYOUT_BREAK = re.compile(rf"(?<=[{_WIDE}>])[ \t]*\n\s*|[ \t]*\n\s*(?=[{_WIDE}<])")


def tidy(html: str) -> str:
    """Drop the line breaks the templates are laid out with, next to Chinese text or tags.

    A line break in HTML renders as a space, and a space between two Chinese characters is a
    visible gap; line breaks between two Latin words stay (as spaces).
    """
    return _LAYOUT_BREAK.sub("", html).strip() + "\n"


# What applicants write before the subject: 请公开…, 申请获取…, 我想了解….
_REQUEST_VERBS = re.compile(
    r"^(?:(?:本人|我|我们|申请人)?(?:现|特此|依法)?"
    r"(?:请求|申请|要求|请|想|希望)?(?:依法)?(?:公开|获取|提供|了解|查询|查阅))+"
)
_TITLE_MAX = 100


def _spans_of(text: str, values: Iterable[str | None]) -> list[tuple[int, int]]:
    folded = fold_width(text)
    spans = []
    for value in values:
        needle = fold_width((value or "").strip())
        if not needle:
            continue
        start = folded.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
    return spans


def strip_personal_data(text: str, *, personal: Iterable[str | None] = ()) -> str:
    """``text`` without what identifies the applicant: the given personal values (name,
    phone, ...) and any ID, phone, card number or e-mail address the pre-publication
    screening's detectors find."""
    text = text or ""
    spans = _spans_of(text, personal)
    spans += [(match.start, match.end) for match in find_personal_data(text)]
    # Cut from the end, so that earlier offsets stay valid; overlapping spans cut their union.
    cut_from = len(text) + 1
    for start, end in sorted(spans, reverse=True):
        end = min(end, cut_from)
        if start < end:
            text = text[:start] + text[end:]
        cut_from = min(cut_from, start)
    return re.sub(r"\s+", " ", text).strip()


def title_from_description(description: str, *, personal: Iterable[str | None] = ()) -> str:
    """A document title from the applicant's description: personal data cut out, only the
    first sentence, without the request verb (本人…，请公开X → X)."""
    text = strip_personal_data(description, personal=personal)
    sentence = re.split(r"[。！？!?；;]", text, maxsplit=1)[0]
    clauses = [clause.strip() for clause in re.split(r"[，,]", sentence)]
    # "本人某某，电话…，请公开X": the subject starts at the clause with the request verb.
    start = next((i for i, clause in enumerate(clauses) if _REQUEST_VERBS.match(clause)), 0)
    text = "，".join(clause for clause in clauses[start:] if clause)
    text = _REQUEST_VERBS.sub("", text).strip(" ，,:：“”\"'")
    return text[:_TITLE_MAX]
