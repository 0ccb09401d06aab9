"""The letters to applicants and others: the answer letter (答复告知书, one template per kind of
outcome, citing its articles), the fee notice (收费通知书) and the notice to a third party whose
objection is overridden (Art 32); as HTML and as PDF; and what their templates need besides
their own text (the letter number, the reconsideration body, the fee breakdown, a title free of
personal data, the whitespace rule for Chinese text).

The wording lives in ``templates/requests_app/letters/``; it is always Simplified Chinese,
since a letter is a legal document whatever language the staff member reads. Recording the
answer itself is ``requests_app.handling.answering``; what is released with it and its move
into proactive disclosure (Art 44) is ``requests_app.releases``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import translation

from disclosure.models import Document
from disclosure.screening import find_personal_data, fold_width
from portal.models import Agency, AgencyKind, AgencyLevel
from requests_app.models import (
    RECORD_CORRECTION_OUTCOMES,
    WITHHELD_GROUNDS,
    Answer,
    FeeNotice,
    InformationRequest,
    Outcome,
    ReleasedFile,
    ThirdPartyNotice,
)


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


# --- Rendering ----------------------------------------------------------------------------------

# The template of each outcome (under templates/requests_app/letters/).
LETTER_TEMPLATES: dict[str, str] = {
    Outcome.ALREADY_PUBLIC: "already_public",
    Outcome.DISCLOSED: "disclosed",
    Outcome.PARTIAL: "partial",
    **dict.fromkeys(WITHHELD_GROUNDS, "withheld"),
    # Art 36(七): a matter with a procedure of its own, not Art 36(三).
    Outcome.WITHHELD_INQUIRY: "inquiry",
    Outcome.UNABLE_NOT_HELD: "not_held",
    Outcome.UNABLE_NEEDS_CREATION: "needs_creation",
    Outcome.UNABLE_UNCLEAR: "unclear",
    Outcome.NOT_PROCESSED_COMPLAINT: "not_processed",
    Outcome.NOT_PROCESSED_REPEATED: "not_processed",
    Outcome.NOT_PROCESSED_PUBLICATION: "not_processed",
    Outcome.NOT_PROCESSED_EXCESSIVE: "not_processed",
    Outcome.NOT_PROCESSED_CONFIRMATION: "not_processed",
    Outcome.OTHER: "other",
    **dict.fromkeys(RECORD_CORRECTION_OUTCOMES, "record_correction"),
}
LETTERS_DIR = "requests_app/letters"


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the system libraries it needs (Pango), is not installed."""

    def __init__(self, detail: str = "") -> None:
        message = "无法生成PDF文件：服务器未安装WeasyPrint或其所需的系统库（Pango）。"
        super().__init__(f"{message}{detail}" if detail else message)


def _render(template: str, context: dict[str, Any]) -> str:
    # Letters are legal documents in Simplified Chinese, whatever the staff member's language.
    with translation.override(settings.LANGUAGE_CODE):
        return tidy(render_to_string(f"{LETTERS_DIR}/{template}", context))


#: Ends of a sentence the letter's own wording closes after a quotation: “……文件。”。 reads as
#: a mistake, so the applicant's words are quoted without them.
_CLOSING_MARKS = "。．.；;，,、 \n\r\t"


def quoted_request(text: str) -> str:
    """What the applicant asked for, to quote in a letter: without the closing punctuation the
    letter's sentence adds itself."""
    return text.strip().rstrip(_CLOSING_MARKS)


def _request_context(info_request: InformationRequest) -> dict[str, Any]:
    agency = info_request.agency
    return {
        "request": info_request,
        "asked_for": quoted_request(info_request.description),
        "agency": agency,
        "letter_number": letter_number(info_request),
        "reconsideration_body": reconsideration_body(agency),
        "site_name": settings.SITE_NAME,
    }


def _released_files(answer: Answer) -> list[ReleasedFile]:
    # An answer is rendered before it is first saved (handling.request_answer), with no files.
    return list(answer.files.order_by("id")) if answer.pk else []


def _document_url(document: Document | None) -> str:
    if document is None:
        return ""
    try:
        return document.get_absolute_url()
    except NoReverseMatch:  # the public pages are not mounted (e.g. a back-office-only site)
        return ""


def _letter_context(answer: Answer) -> dict[str, Any]:
    info_request = answer.request
    correction = getattr(info_request, "correction", None) if info_request.pk else None
    return {
        **_request_context(info_request),
        "answer": answer,
        "outcome": answer.outcome,
        "released_files": _released_files(answer),
        "published_url": _document_url(answer.published_document),
        "correction": correction,
    }


def render_letter_html(answer: Answer) -> str:
    """The letter as an HTML fragment, in Chinese whatever the staff member's language."""
    name = LETTER_TEMPLATES.get(answer.outcome, "other")
    return _render(f"{name}.html", _letter_context(answer))


def render_letter_pdf(answer: Answer) -> bytes:
    """The letter as a PDF (A4), with the released files embedded as PDF attachments.

    Rendered afresh, so that it lists the files released since the answer; everything else it
    says depends only on what the answer recorded.
    """
    released = _released_files(answer)
    embedded = []
    for item in released:
        with item.file.open("rb") as handle:
            embedded.append((item.original_name, handle.read()))
    return _html_to_pdf(
        render_letter_html(answer),
        title=f"政府信息公开申请答复告知书 {letter_number(answer.request)}",
        author=answer.request.agency.name,
        files=embedded,
    )


def render_fee_notice_html(notice: FeeNotice) -> str:
    """The fee notice (收费通知书): basis, rate, amount, how and by when to pay."""
    context = {
        **_request_context(notice.request),
        "notice": notice,
        "fee_lines": fee_breakdown(notice),
    }
    return _render("fee_notice.html", context)


def render_fee_notice_pdf(notice: FeeNotice) -> bytes:
    return _html_to_pdf(
        render_fee_notice_html(notice),
        title=f"政府信息公开信息处理费收费通知书 {letter_number(notice.request)}",
        author=notice.request.agency.name,
    )


def render_third_party_notice_html(notice: ThirdPartyNotice) -> str:
    """Art 32: the written notice to a third party whose objection is overridden."""
    context = {**_request_context(notice.request), "notice": notice}
    return _render("third_party_notice.html", context)


def render_third_party_notice_pdf(notice: ThirdPartyNotice) -> bytes:
    return _html_to_pdf(
        notice.letter_html,
        title=f"政府信息公开第三方告知书 {letter_number(notice.request)}",
        author=notice.request.agency.name,
    )


def _html_to_pdf(
    fragment: str, *, title: str, author: str, files: Sequence[tuple[str, bytes]] = ()
) -> bytes:
    # Imported here: a server without Pango still starts, and only PDF letters are unavailable.
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(f"（{error}）") from error
    page = render_to_string(
        f"{LETTERS_DIR}/_print.html", {"letter": fragment, "title": title, "author": author}
    )
    # A letter loads nothing from outside: no URL is fetched, whatever the text contains.
    no_fetching = weasyprint.URLFetcher(allowed_protocols=())
    pdf_attachments = [
        weasyprint.Attachment(file_obj=io.BytesIO(data), name=name, url_fetcher=no_fetching)
        for name, data in files
    ]
    html = weasyprint.HTML(string=page, base_url=None, url_fetcher=no_fetching)
    return html.write_pdf(attachments=pdf_attachments or None)
