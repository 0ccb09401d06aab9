"""Pre-publication screening (发布前检查), part of the confidentiality review (保密审查).

Before a reviewer approves a document, its title, summary, body and attachments are scanned
for personal data and for the keywords of the agency's negative list (domain-spec section 3).
Art 15: information whose disclosure would harm third parties' lawful rights (personal privacy)
is not disclosed, so a resident ID number, a mobile number, a bank card number or an e-mail
address in a document is something the reviewer must look at. Hits are shown to the reviewer
with their location and context; ``disclosure.workflow.document_approve`` refuses to approve
with unresolved hits unless the reviewer overrides with a reason.

The detectors are pure functions over text. The scan itself runs in a Celery task
(``tasks.screen_document``), because a long attachment takes too long for a request. The
screening record stores every match masked, context included, so it does not itself spread the
personal data it found; the log never carries matched text either.
"""

from __future__ import annotations

import bisect
import contextlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import textract
from disclosure.models import (
    Attachment,
    Document,
    NegativeListEntry,
    ScreeningHit,
    ScreeningRun,
)
from portal import access, queue
from portal.models import StaffRole
from publishing import wording
from publishing.models import WordingRule
from publishing.wording import fold_width  # detectors expect folded text
from publishing.workflow import record_event

logger = logging.getLogger(__name__)

Kind = ScreeningHit.Kind
State = ScreeningRun.State
Role = StaffRole.Role

# Characters of context shown either side of a hit.
CONTEXT_CHARS = 30
# The run's progress is written at most once per this many percent: each write is a query,
# and the admin only polls it every few seconds.
PROGRESS_STEP = 5
# Share of the progress bar for title, summary and body when there are attachments.
FIELDS_SHARE = 10
# Who may ask for a screening: the people who prepare, review and publish the document.
START_ROLES = (Role.DRAFTER, Role.REVIEWER, Role.PUBLISHER)


@dataclass(frozen=True)
class Match:
    """A span of ``text`` (``start``/``end`` are offsets) and what it is."""

    kind: str
    start: int
    end: int
    text: str
    entry_id: int | None = None
    suggestion: str = ""  # the right form, for a wrong form (规范表述)


# --- Detectors --------------------------------------------------------------------------------


def _overlaps(start: int, end: int, spans: Sequence[Match]) -> bool:
    return any(start < other.end and other.start < end for other in spans)


# GB 11643: 6-digit region code (first digit 1-9), birth date YYYYMMDD, 3-digit sequence and an
# ISO 7064 MOD 11-2 check character (0-9 or X). Longer digit runs are something else.
_RESIDENT_ID = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9Xx])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _has_birth_date(candidate: str) -> bool:
    try:
        born = date(int(candidate[6:10]), int(candidate[10:12]), int(candidate[12:14]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def resident_id_checksum_ok(candidate: str) -> bool:
    total = sum(int(digit) * weight for digit, weight in zip(candidate, _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11] == candidate[17].upper()


def find_resident_ids(text: str) -> list[Match]:
    return [
        Match(Kind.RESIDENT_ID, found.start(), found.end(), found.group())
        for found in _RESIDENT_ID.finditer(text)
        if _has_birth_date(found.group()) and resident_id_checksum_ok(found.group())
    ]


# Unbroken 16-19 digits, or groups of four separated by single spaces as printed on the card.
_CARD_PLAIN = re.compile(r"(?<![0-9])[1-9][0-9]{15,18}(?![0-9Xx])")
_CARD_GROUPED = re.compile(
    r"(?<![0-9])(?<![0-9] )[1-9][0-9]{3}(?: [0-9]{4}){3}(?: [0-9]{1,3})?(?! ?[0-9])"
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def find_bank_cards(text: str) -> list[Match]:
    found = []
    for pattern in (_CARD_PLAIN, _CARD_GROUPED):
        for candidate in pattern.finditer(text):
            digits = candidate.group().replace(" ", "")
            if len(digits) == 18 and _has_birth_date(digits):
                # Shaped like a resident ID (with a wrong check digit, else it would be one):
                # a mistyped ID is not a bank card.
                continue
            if luhn_ok(digits):
                found.append(
                    Match(Kind.BANK_CARD, candidate.start(), candidate.end(), candidate.group())
                )
    return sorted(found, key=lambda match: match.start)


# Mainland mobile numbers: 1[3-9]x xxxx xxxx, optionally with +86 / 0086 / 86 and spaces or
# hyphens as 3-4-4. Landlines (0578-2091521) start with 0 and are not personal data here.
_MOBILE = re.compile(
    r"(?<![0-9+])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])"
)


def find_mobiles(text: str) -> list[Match]:
    return [
        Match(Kind.MOBILE, found.start(), found.end(), found.group())
        for found in _MOBILE.finditer(text)
    ]


# Pragmatic, not RFC 5322: what a person writes in a document. The domain's labels are split
# by dots only, so the pattern cannot backtrack badly on long runs of letters.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def find_emails(text: str) -> list[Match]:
    found = []
    for candidate in _EMAIL.finditer(text):
        top_level = candidate.group().rsplit(".", 1)[1]
        if len(top_level) >= 2 and top_level.isascii() and top_level.isalpha():
            found.append(Match(Kind.EMAIL, candidate.start(), candidate.end(), candidate.group()))
    return found


# Where spans overlap, the earlier detector wins: an ID number or a card number also contains
# 11 digits that look like a mobile number, and 13812345678@qq.com is one e-mail address.
_DETECTORS = (find_resident_ids, find_bank_cards, find_emails, find_mobiles)


def find_personal_data(text: str) -> list[Match]:
    """All personal data in ``text``, in order, without overlaps; offsets refer to ``text``."""
    folded = fold_width(text)
    accepted: list[Match] = []
    starts: list[int] = []
    for detector in _DETECTORS:
        for match in detector(folded):
            # ``accepted`` never overlaps itself, so only the neighbours need checking.
            index = bisect.bisect_left(starts, match.start)
            if _overlaps(match.start, match.end, accepted[max(index - 1, 0) : index + 1]):
                continue
            accepted.insert(index, match)
            starts.insert(index, match.start)
    return accepted


@dataclass(frozen=True)
class KeywordRule:
    entry_id: int
    pattern: re.Pattern[str]


def keyword_rules(entries: Iterable[NegativeListEntry]) -> list[KeywordRule]:
    """One pattern per negative-list entry, matching any of its keywords, ignoring case.

    Whitespace may come between the characters of a keyword: PDF extraction breaks lines and
    spaces out characters in the middle of Chinese words.
    """
    rules = []
    for entry in entries:
        keywords = sorted(
            {fold_width(word) for word in entry.keyword_list()}, key=len, reverse=True
        )
        if keywords:
            alternatives = (r"\s*".join(map(re.escape, keyword)) for keyword in keywords)
            pattern = re.compile("|".join(alternatives), re.IGNORECASE)
            rules.append(KeywordRule(entry.pk, pattern))
    return rules


def find_keywords(text: str, rules: Sequence[KeywordRule]) -> list[Match]:
    folded = fold_width(text)
    return [
        Match(
            Kind.KEYWORD,
            found.start(),
            found.end(),
            text[found.start() : found.end()],
            rule.entry_id,
        )
        for rule in rules
        for found in rule.pattern.finditer(folded)
    ]


# Sensitive words and wrong forms of the site's wording list (publishing.wording).
_WORDING_KINDS: dict[str, str] = {
    WordingRule.Kind.SENSITIVE: Kind.SENSITIVE_WORD,
    WordingRule.Kind.CORRECTION: Kind.WORDING,
}


def find_wording(text: str, rules: Sequence[wording.CompiledRule]) -> list[Match]:
    return [
        Match(
            _WORDING_KINDS[found.kind], found.start, found.end, found.text, None, found.suggestion
        )
        for found in wording.find_wording(text, rules)
    ]


# --- Masking and context ----------------------------------------------------------------------


def mask(kind: str, text: str) -> str:
    """The match as stored and shown: enough to find it again, not enough to use it."""
    if kind in (Kind.KEYWORD, Kind.SENSITIVE_WORD, Kind.WORDING):
        return text  # the agency's or the site's own words, not personal data
    if kind == Kind.EMAIL:
        local, _at, domain = text.partition("@")
        return f"{local[:1]}***@{domain}"
    digits = "".join(char for char in text if char.isdigit() or char in "Xx")
    if kind == Kind.RESIDENT_ID:
        return f"{digits[:6]}{'*' * 8}{digits[-4:]}"
    if kind == Kind.MOBILE:
        number = digits[-11:]
        return f"{number[:3]}****{number[-4:]}"
    if kind == Kind.BANK_CARD:
        return f"{digits[:4]} **** **** {digits[-4:]}"
    raise ValueError(f"unknown kind {kind!r}")


def _context(text: str, match: Match, personal: Sequence[Match], ends: Sequence[int]) -> str:
    """About CONTEXT_CHARS either side of ``match``, with all personal data in it masked."""
    low = max(match.start - CONTEXT_CHARS, 0)
    high = min(match.end + CONTEXT_CHARS, len(text))
    nearby = []
    for other in personal[bisect.bisect_right(ends, low) :]:
        if other.start >= high:
            break
        nearby.append(other)
    if nearby:
        # Widen to whole matches: half an ID number left unmasked is still too much.
        low = min(low, nearby[0].start)
        high = max(high, nearby[-1].end)
    pieces = []
    position = low
    for other in nearby:
        pieces.append(text[position : other.start])
        pieces.append(mask(other.kind, other.text))
        position = other.end
    pieces.append(text[position:high])
    snippet = " ".join("".join(pieces).split())
    return f"{'…' if low > 0 else ''}{snippet}{'…' if high < len(text) else ''}"


def scan_text(
    text: str,
    *,
    location: str,
    rules: Sequence[KeywordRule],
    wording_rules: Sequence[wording.CompiledRule] = (),
) -> list[ScreeningHit]:
    """Unsaved hits for one piece of text; the caller sets their run and saves them."""
    if not text:
        return []
    personal = find_personal_data(text)
    ends = [match.end for match in personal]
    matches = sorted(
        [*personal, *find_keywords(text, rules), *find_wording(text, wording_rules)],
        key=lambda match: match.start,
    )
    match_length = ScreeningHit._meta.get_field("match").max_length
    return [
        ScreeningHit(
            kind=match.kind,
            location=location,
            match=mask(match.kind, match.text)[:match_length],
            context=_context(text, match, personal, ends),
            negative_entry_id=match.entry_id,
            suggestion=match.suggestion[:100],
        )
        for match in matches
    ]


class _HTMLText(HTMLParser):
    """The text a reader of the body sees, one line per block; plus link targets and image
    descriptions that are published in the page source (mailto:, tel:, alt, title)."""

    BLOCKS = frozenset(
        {
            "address", "article", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
            "figcaption", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
            "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
            "ul",
        }
    )  # fmt: skip
    HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.attributes: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag in self.BLOCKS:
            self.pieces.append("\n")
        for name, value in attrs:
            if not value:
                continue
            if name in {"alt", "title"}:
                self.attributes.append(value)
            elif name == "href" and value.lower().startswith(("mailto:", "tel:")):
                self.attributes.append(value.split(":", 1)[1])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        if tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.pieces.append(data)


def html_to_text(html: str) -> str:
    """Text of an HTML body. Block ends become line breaks, so words in neighbouring cells
    or paragraphs do not run together, while inline tags (<b>国家</b>秘密) do not split words."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.pieces)
    # Attributes that repeat the visible text (<a href="mailto:x@y.cn">x@y.cn</a>) would only
    # give the same hit twice.
    extra = [value for value in dict.fromkeys(parser.attributes) if value not in text]
    return "\n".join([text, *extra]) if extra else text


# --- Runs -------------------------------------------------------------------------------------


def screening_start(*, document: Document, user: User) -> ScreeningRun:
    """Queue a screening of the document as it is now; the task starts after the commit."""
    if not any(access.can_act(user, document.agency_id, role) for role in START_ROLES):
        raise PermissionDenied(_("Only staff of the issuing agency may start a screening."))
    run = ScreeningRun.objects.create(
        document=document, requested_by=user if user.is_authenticated else None
    )
    # After the commit, or the worker may look for a run that does not exist yet.
    transaction.on_commit(lambda: queue.task("disclosure.tasks.screen_document").delay(run.id))
    return run


class _Progress:
    def __init__(self, run: ScreeningRun) -> None:
        self.run = run
        self.saved = run.progress

    def set(self, percent: float) -> None:
        value = min(int(percent), 99)  # 100 is written together with the state DONE
        if value >= self.saved + PROGRESS_STEP:
            self.run.progress = value
            self.run.save(update_fields=["progress"])
            self.saved = value


def _claim(run_id: int) -> ScreeningRun | None:
    """Mark the run RUNNING, unless it is already DONE (the task was delivered twice)."""
    with transaction.atomic():
        run = ScreeningRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.state == State.DONE:
            return run
        run.state = State.RUNNING
        run.progress = 0
        run.error = ""
        run.started_at = timezone.now()
        run.finished_at = None
        run.save(update_fields=["state", "progress", "error", "started_at", "finished_at"])
        return run


def screen_texts(*, agency_id: int, texts: Iterable[tuple[str, str]]) -> list[ScreeningHit]:
    """Scan short texts at once, for content without attachments (interpretations,
    consultations): unsaved, masked hits for each (location, text) pair."""
    rules = keyword_rules(NegativeListEntry.objects.in_force().filter(agency_id=agency_id))
    wording_rules = wording.active_rules()
    hits = []
    for location, text in texts:
        hits.extend(scan_text(text, location=location, rules=rules, wording_rules=wording_rules))
    return hits


def check_publishable_texts(
    *, agency_id: int, texts: Iterable[tuple[str, str]], override_reason: str = ""
) -> str:
    """Art 15: the same check as at a document's approval, for any text about to become
    public (interpretations, consultations, approved comments, Q&A answers, adoption reports,
    annual reports). Personal data (or negative-list keywords) found stop it unless a reason
    for overriding is given. Returns the note to record with the override ("" when nothing was
    found); hits are named masked, never in clear."""
    hits = screen_texts(agency_id=agency_id, texts=texts)
    if not hits:
        return ""
    found = "；".join(f"{hit.location}: {hit.get_kind_display()} {hit.match}" for hit in hits[:10])
    if not override_reason.strip():
        raise ValidationError(
            _(
                "The screening found %(count)d possible items of personal data or negative-list "
                "keywords (%(found)s). Remove them, or approve with an override and a reason."
            )
            % {"count": len(hits), "found": found},
            code="screening_hits",
        )
    return _("Override of %(count)d screening hits: %(reason)s (%(found)s)") % {
        "count": len(hits),
        "reason": override_reason.strip(),
        "found": found,
    }


def _scan(run: ScreeningRun) -> list[ScreeningHit]:
    document = Document.objects.get(pk=run.document_id)
    entries = NegativeListEntry.objects.in_force().filter(agency_id=document.agency_id)
    rules = keyword_rules(entries)
    wording_rules = wording.active_rules()
    attachments = list(document.attachments.all())
    progress = _Progress(run)

    hits = []
    for location, text in (
        ("标题", document.title),
        ("摘要", document.summary),
        ("正文", html_to_text(document.body)),
    ):
        hits.extend(scan_text(text, location=location, rules=rules, wording_rules=wording_rules))
    fields_share = FIELDS_SHARE if attachments else 100
    progress.set(fields_share)

    share = (100 - fields_share) / len(attachments) if attachments else 0
    for position, attachment in enumerate(attachments):
        base = fields_share + position * share
        parts = []
        # Scans are read by OCR (or their stored OCR text is used): what a scanned page says
        # is screened like any other text.
        reading = textract.Reading()
        for part in textract.iter_parts(attachment, reading=reading):
            hits.extend(
                scan_text(
                    part.text, location=part.location, rules=rules, wording_rules=wording_rules
                )
            )
            parts.append(part)
            progress.set(base + share * part.number / part.total)
        progress.set(base + share)
        # Kept for search indexing, so the file is parsed (and a scan read) once.
        textract.store_text(attachment, parts, reading)
    return hits


def _complete(run: ScreeningRun, hits: list[ScreeningHit]) -> ScreeningRun:
    with transaction.atomic():
        locked = ScreeningRun.objects.select_for_update().get(pk=run.pk)
        if locked.state == State.DONE:
            # Another delivery of the task finished first; its hits may already be resolved.
            return locked
        # Replace, never add: a run redelivered after a worker died may have written hits.
        locked.hits.all().delete()
        for hit in hits:
            hit.run = locked
        ScreeningHit.objects.bulk_create(hits, batch_size=500)
        locked.state = State.DONE
        locked.progress = 100
        locked.error = ""
        locked.finished_at = timezone.now()
        locked.save(update_fields=["state", "progress", "error", "finished_at"])
    logger.info("screening run %s done: %d hits", run.pk, len(hits))
    return locked


def _fail(run: ScreeningRun, error: str) -> None:
    # The error names the kind of failure only: exception messages may quote the document.
    ScreeningRun.objects.filter(pk=run.pk).exclude(state=State.DONE).update(
        state=State.FAILED, error=error, finished_at=timezone.now()
    )
    run.refresh_from_db()


def screening_run(*, run_id: int) -> ScreeningRun | None:
    """Scan the run's document and store the hits; safe to call twice for the same run.

    Returns None when the run no longer exists (its document was deleted meanwhile).
    """
    run = _claim(run_id)
    if run is None:
        logger.info("screening run %s no longer exists", run_id)
        return None
    if run.state == State.DONE:
        return run
    try:
        hits = _scan(run)
        return _complete(run, hits)
    except OperationalError as exc:
        # A database hiccup: the task retries (autoretry_for) and the retry starts over.
        logger.warning("screening run %s: database error (%s)", run_id, type(exc).__name__)
        with contextlib.suppress(OperationalError):
            _fail(run, _("Database error; the screening is retried."))
        raise
    except Exception as exc:  # any failure is recorded on the run for the reviewer to see
        logger.exception("screening run %s failed", run_id)
        _fail(run, _("The screening failed (%(error)s).") % {"error": type(exc).__name__})
        return run


# --- Selectors and resolving hits -------------------------------------------------------------


def latest_run(document: Document) -> ScreeningRun | None:
    return ScreeningRun.objects.filter(document=document).order_by("-created_at", "-id").first()


def unresolved_hits(document: Document) -> QuerySet[ScreeningHit]:
    """Open hits of the document's latest finished screening (none without one)."""
    latest_done = (
        ScreeningRun.objects.filter(document=document, state=State.DONE)
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    return ScreeningHit.objects.filter(run=Subquery(latest_done), resolved=False).select_related(
        "negative_entry"
    )


def screening_is_current(document: Document) -> bool:
    """Whether a finished screening saw the document as it is: created after the document's
    last change and after its newest attachment. Read from the database, so a stale instance
    does not make an old screening look current."""
    newer_attachment = Attachment.objects.filter(
        document_id=OuterRef("document_id"), uploaded_at__gte=OuterRef("created_at")
    )
    return (
        ScreeningRun.objects.filter(
            document=document, state=State.DONE, created_at__gt=F("document__updated_at")
        )
        .exclude(Exists(newer_attachment))
        .exists()
    )


@dataclass(frozen=True)
class Overview:
    """A document's screening as a list shows it: its latest run, whether a finished run saw
    the document as it is (``screening_is_current``), and the open hits of the latest finished
    run (``unresolved_hits``)."""

    run: ScreeningRun | None
    current: bool
    unresolved: int


def screening_overview(documents: Sequence[Document]) -> dict[int, Overview]:
    """``Overview`` of each document in three queries, whatever their number (a batch's
    confirmation page). The same rules as ``screening_is_current`` and ``unresolved_hits``."""
    ids = [document.pk for document in documents]
    runs: dict[int, list[ScreeningRun]] = {}
    for run in ScreeningRun.objects.filter(document_id__in=ids).order_by("-created_at", "-id"):
        runs.setdefault(run.document_id, []).append(run)
    newest_file: dict[int, datetime] = dict(
        Attachment.objects.filter(document_id__in=ids)
        .order_by()
        .values("document_id")
        .annotate(newest=Max("uploaded_at"))
        .values_list("document_id", "newest")
    )
    latest_done = {
        document_id: next((run for run in found if run.state == State.DONE), None)
        for document_id, found in runs.items()
    }
    open_hits = dict(
        ScreeningHit.objects.filter(
            run_id__in=[run.pk for run in latest_done.values() if run is not None],
            resolved=False,
        )
        .order_by()
        .values("run__document_id")
        .annotate(n=Count("pk"))
        .values_list("run__document_id", "n")
    )
    overview = {}
    for document in documents:
        found = runs.get(document.pk, [])
        newest = newest_file.get(document.pk)
        current = any(
            run.state == State.DONE
            and run.created_at > document.updated_at
            and (newest is None or newest < run.created_at)
            for run in found
        )
        overview[document.pk] = Overview(
            run=found[0] if found else None,
            current=current,
            unresolved=open_hits.get(document.pk, 0),
        )
    return overview


@transaction.atomic
def hit_resolve(*, hit: ScreeningHit, user: User, resolution: str) -> ScreeningHit:
    """The reviewer records what was done about a hit (removed, or why it may stay)."""
    document = hit.run.document
    # Judging hits is part of the confidentiality review (保密审查), the reviewer's job.
    access.require_role(user, document.agency_id, Role.REVIEWER)
    resolution = resolution.strip()
    if not resolution:
        raise ValidationError({"resolution": _("Say how the hit was dealt with.")})
    hit.resolved = True
    hit.resolution = resolution
    hit.save(update_fields=["resolved", "resolution"])
    record_event(
        document=document,
        user=user,
        action="screening_resolve",
        note=f"{hit.get_kind_display()} {hit.match}（{hit.location}）：{resolution}",
    )
    return hit
