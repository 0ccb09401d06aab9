"""The policy Q&A assistant (问政策): a question in, the portal's own passages out.

It never writes a word of its own. An answer is assembled from what the portal publishes: the
articles and items of published documents (``disclosure.passages``), each quoted briefly with
its citation (title, 文号, 第N条 or 三、（一）) and a link to its exact place on the document's
page, and the published policy Q&A entries, each with its link. When nothing covers the question
well enough (``MIN_SCORE``), it says so and hands the question to the message box and the
disclosure office; a document number in the question (浙政办发〔2026〕5号) leads straight to
that document.

Retrieval uses the site search's index and analyzer (``portal.search``, Whoosh or PostgreSQL as
``SEARCH_BACKEND`` says, through ``suggest.best_keys`` and ``suggest.document_frequencies``): the
question is folded (traditional → simplified, full width → half width) and cut into words as the
index was, so 基層 and 基层 find the same passages. The index gives up to ``CANDIDATES`` passages
and Q&A entries that share words with the question; each is then scored by how much of the
question it covers.

The score
    The share of the question's weight that the passage contains: each key word of the
    question (its words less question words like 由谁, 如何, 吗) weighs its inverse document
    frequency in the index (BM25's idf: a rare word like 标准目录 says more about what is asked
    than 工作), and a passage scores the sum of the weights of the words it contains (as they
    are, or all of their parts) divided by the sum of all. 1.0: every key word is there.

    BM25's own score is not used as the threshold: it grows with the number of words and the
    length of the corpus, so no fixed value means "answers the question" from one portal or
    month to the next. The share of the question covered is comparable across questions and
    corpora, and is what a reader checks: are the things I asked about in this passage?

    Passages of the same score come in force first, then by ``density`` (BM25 over the
    passage's own text), then in the index's order: computed from the text, so that Whoosh
    and PostgreSQL give the same answers.

``MIN_SCORE`` (settings.ASSISTANT_MIN_SCORE, 0.7)
    At least 70% of the question's weight must be in a passage for it to be shown. Below that,
    a passage shares the topic but not the point: for 基层政务公开标准目录由谁编制, a passage on
    政务公开 and 目录 that says nothing of 标准 or 编制 covers about half of it. A question with
    one word the portal has never published (公积金, in a portal without housing-fund policies)
    loses that word's large weight and falls below the threshold, as it should: nothing here
    speaks of it. Raising it shows fewer, closer passages; lowering it lets in passages on the
    same topic that do not answer.

On a site of the site group (``portal.sites``), the assistant answers from the site's own
publications: the passages of its agencies' documents, their Q&A entries and policy items, and
only the site's documents are found by their 文号 (the index's candidates are the site's, as in
the site search, so a sub-site gets its full share of them).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString

from disclosure.documents import normalize_doc_number
from disclosure.models import Document, DocumentPassage, Validity
from disclosure.screening import find_personal_data, mask
from policies.models import AskedQuestion, PolicyItem
from portal import sites
from portal.search import query, registry, snippets, suggest
from portal.search.analysis import fold, query_parts, query_words

MAX_QUESTION = 200  # characters kept of a question (the box allows as many)
CANDIDATES = 100  # index hits scored per question
# Ties of coverage go to the passage that says more about the question (``density``).
TYPICAL_CHARS = 200
BM25_K1, BM25_B = 1.2, 0.75
MAX_PASSAGES = 3
MAX_ENTRIES = 3
EXCERPT_CHARS = 160  # the longest quotation of a passage; the link leads to the whole
PASSAGE_TYPE = "passage"  # disclosure.search_index.DocumentPassageIndex
QA_TYPE = "policy_question"  # interpretation.search_index.PolicyQuestionIndex
REPORT_DAYS = 90
REPORT_TERMS = 20
REPORT_EXAMPLES = 5

# Words that ask rather than say what is asked about.
QUESTION_WORDS = frozenset(
    " ".join(
        [
            "由 谁 由谁 什么 什么样 如何 怎么 怎样 怎么样 怎么办 哪些 哪个 哪里 哪儿 哪 几",
            "多少 多久",
            "何时 什么时候 为什么 为何 是否 是不是 能否 能不能 可否 可以 能 会 要 需要 应该 应当",
            "吗 呢 吧 啊 呀 么 的 了 地 得 是 有 在 和 与 及 或 及其 请问 请 问 想 想问 咨询",
            "我 我们 你 你们 您 他 她 它 这 那 这个 那个 个 一下 被 把 对 给 向 从 到 就 都 也",
            "还 又 上 下 中 里",
        ]
    ).split()
)
_DOC_NUMBER_TAIL = re.compile(r"[\[［【(（〔﹝]\s*(\d{4})\s*[\]］】)）〕﹞]\s*(\d{1,5})\s*号")
_DATA_LABEL = re.compile(
    r"(?:我的|本人)?(?:联系)?(?:手机号码|手机号|手机|电话号码|电话|身份证号码|身份证号|身份证|"
    r"银行卡号|银行卡|卡号|电子邮箱|邮箱|e-?mail)[是为:：\s]*$",
    re.IGNORECASE,
)
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]?")


def min_score() -> float:
    return float(settings.ASSISTANT_MIN_SCORE)


# --- The question -----------------------------------------------------------------------------


def clean_question(text: str) -> str:
    return " ".join((text or "").split())[:MAX_QUESTION]


def masked_question(text: str) -> str:
    """The question with any personal data masked (ID, bank card, mobile, e-mail)."""
    pieces, position = [], 0
    for match in find_personal_data(text):
        pieces += [text[position : match.start], mask(match.kind, match.text)]
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces)


def _without_personal_data(text: str) -> str:
    """The question with personal data cut out, and the words that introduce it (我的手机,
    身份证号): a phone number is not what is asked about."""
    pieces, position = [], 0
    for match in find_personal_data(text):
        before = _DATA_LABEL.sub("", text[position : match.start])
        pieces += [before, " "]
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces)


def key_words(text: str) -> list[str]:
    """The question's words that say what it is about: folded and segmented as the index is,
    without question words; single characters only if nothing longer is left."""
    words = [word for word in query_words(text) if word not in QUESTION_WORDS]
    longer = [word for word in words if len(word) > 1]
    return longer or words


def find_doc_number(
    text: str, site: sites.CurrentSite | None = None
) -> tuple[Document | None, str]:
    """The published document of ``site`` whose 文号 the question quotes (brackets of any kind,
    full or half width), and the question without that number; (None, text) if none."""
    normal = unicodedata.normalize("NFKC", text)
    for found in _DOC_NUMBER_TAIL.finditer(normal):
        tail = f"〔{found.group(1)}〕{found.group(2)}号"
        before = normal[: found.start()].rstrip()
        # The issuer's abbreviation is the run of characters before the year; the question
        # may run into it (请问浙政办发〔2026〕5号), so every length is tried: one query.
        keys: dict[str, int] = {}
        for size in range(1, min(len(before), 15) + 1):
            if not _IDEOGRAPH.match(before[-size]):
                break
            keys[normalize_doc_number(before[-size:] + tail)] = size
        if not keys:
            continue
        documents = sites.scope(Document.objects.published(), site).filter(
            doc_number_key__in=list(keys)
        )
        best = max(documents, key=lambda document: len(document.doc_number_key), default=None)
        if best is not None:
            start = len(before) - keys[best.doc_number_key]
            return best, normal[:start] + " " + normal[found.end() :]
    return None, text


# --- Results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PassageAnswer:
    passage: DocumentPassage
    score: float
    excerpt: SafeString
    url: str

    @property
    def document(self) -> Document:
        return self.passage.document

    @property
    def in_force(self) -> bool:
        return self.passage.document.validity == Validity.VALID


@dataclass(frozen=True)
class EntryAnswer:
    question: SafeString
    excerpt: SafeString
    url: str
    agency_name: str
    score: float


@dataclass
class Answer:
    question: str
    words: list[str] = field(default_factory=list)
    document: Document | None = None  # the document whose 文号 the question quotes
    passages: list[PassageAnswer] = field(default_factory=list)
    entries: list[EntryAnswer] = field(default_factory=list)
    # The policy items on display of the documents quoted (or named by their 文号): what the
    # passages grant, each linking to its own page.
    policy_items: list[PolicyItem] = field(default_factory=list)
    best_score: float = 0.0

    @property
    def answered(self) -> bool:
        return self.document is not None or bool(self.passages or self.entries)


# --- Scoring ----------------------------------------------------------------------------------


def word_weights(words: Iterable[str]) -> dict[str, float]:
    """Each word's inverse document frequency in the index (BM25's, always positive)."""
    count, frequencies = suggest.document_frequencies(list(words))
    total = max(count, 1)
    return {
        word: math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
        for word, frequency in frequencies.items()
    }


def _contains(folded: str, word: str) -> bool:
    if word in folded:
        return True
    parts = query_parts(word)
    return bool(parts) and all(part in folded for part in parts)


def coverage(weights: dict[str, float], text: str) -> float:
    """The share of the question's weight found in ``text`` (0 to 1)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    folded = fold(text)
    return sum(weight for word, weight in weights.items() if _contains(folded, word)) / total


def _occurrences(folded: str, word: str) -> int:
    """How often ``word`` occurs in ``folded`` (or, for a word cut differently, its rarest part)."""
    found = folded.count(word)
    if found:
        return found
    parts = query_parts(word)
    return min((folded.count(part) for part in parts), default=0)


def density(weights: dict[str, float], text: str) -> float:
    """How much ``text`` is about the question, for ordering passages of equal ``coverage``:
    BM25's term saturation over the words' occurrences, against a passage of typical length
    (``TYPICAL_CHARS``). Computed from the text alone, so that the order does not depend on the
    search backend's own ranking (Whoosh's BM25F, PostgreSQL's ts_rank)."""
    folded = fold(text)
    length = len(folded) / TYPICAL_CHARS
    total = 0.0
    for word, weight in weights.items():
        found = _occurrences(folded, word)
        total += weight * found * (BM25_K1 + 1) / (found + BM25_K1 * (1 - BM25_B + BM25_B * length))
    return total


def excerpt(text: str, words: list[str], limit: int = EXCERPT_CHARS) -> str:
    """The sentences of ``text`` that hold most of ``words`` (at most ``limit`` characters,
    cut with … where text is left out): a quotation, never a rewording."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    sentences = [s for s in _SENTENCE.findall(text) if s]
    folded = [fold(sentence) for sentence in sentences]
    scores = [sum(1 for word in words if _contains(f, word)) for f in folded]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    start, end = best, best + 1
    length = len(sentences[best])
    while True:  # the neighbouring sentences, as long as they fit
        grown = False
        if end < len(sentences) and length + len(sentences[end]) <= limit:
            length += len(sentences[end])
            end += 1
            grown = True
        if start > 0 and length + len(sentences[start - 1]) <= limit:
            start -= 1
            length += len(sentences[start])
            grown = True
        if not grown:
            break
    quoted = "".join(sentences[start:end])
    offset = sum(len(s) for s in sentences[:start])
    if len(quoted) > limit:  # one long sentence: the part around its first match
        first = min((fold(quoted).find(w) for w in words if w in fold(quoted)), default=0)
        cut = max(0, min(first - limit // 3, len(quoted) - limit))
        quoted, offset = quoted[cut : cut + limit], offset + cut
    before = "…" if offset > 0 else ""
    after = "…" if offset + len(quoted) < len(text) else ""
    return f"{before}{quoted}{after}"


def _tiers(question: str, words: list[str]) -> tuple[list[str], list[str], set[str]]:
    return [fold(question)], words, query.highlight_terms(words)


# --- Retrieval --------------------------------------------------------------------------------


def _candidates(words: list[str], site_path: str = "") -> dict[str, list[int]]:
    """Type key -> primary keys of the passages and Q&A entries that share words with the
    question, best first (the site search's index and analysis, on either backend), of the
    agencies whose tree path starts with ``site_path``."""
    found: dict[str, list[int]] = {PASSAGE_TYPE: [], QA_TYPE: []}
    keys = suggest.best_keys(
        words, types=(PASSAGE_TYPE, QA_TYPE), limit=CANDIDATES, site_path=site_path
    )
    for key in keys:
        type_key, _sep, raw_pk = key.partition(":")
        if type_key in found and raw_pk.isdigit():
            found[type_key].append(int(raw_pk))
    return found


def _passages(
    pks: list[int] | None, document: Document | None, site: sites.CurrentSite | None = None
) -> list[DocumentPassage]:
    passages = sites.scope(
        DocumentPassage.objects.searchable().select_related("document__agency"),
        site,
        field="document__agency",
    )
    if document is not None:
        return list(passages.filter(document=document).order_by("order"))
    found = passages.in_bulk(pks or [])
    return [found[pk] for pk in pks or [] if pk in found]


def _entries(pks: list[int], site: sites.CurrentSite | None = None) -> list[Any]:
    definition = registry.get(QA_TYPE)
    if definition is None or not pks:
        return []
    found = sites.scope_records(definition.queryset_to_index(), site).in_bulk(pks)
    return [found[pk] for pk in pks if pk in found and definition.is_indexable(found[pk])]


def answer(question: str, site: sites.CurrentSite | None = None) -> Answer:
    """The portal's passages and Q&A entries that answer ``question``, best first; none of
    them if none covers at least ``MIN_SCORE`` of it (``Answer.answered`` is then False).
    Only ``site``'s publications (None: the whole installation's)."""
    question = clean_question(question)
    result = Answer(question=question)
    if not question:
        return result
    searchable = _without_personal_data(question)
    result.document, searchable = find_doc_number(searchable, site)
    result.words = words = key_words(searchable)
    if not words:
        result.policy_items = policy_items_of(result, site)
        return result
    weights = word_weights(words)
    site_path = site.root_path if site is not None else ""
    candidates = _candidates(words, site_path) if result.document is None else {QA_TYPE: []}
    tiers = _tiers(question, words)
    threshold = min_score()
    scored_passages = []
    for position, passage in enumerate(
        _passages(candidates.get(PASSAGE_TYPE), result.document, site)
    ):
        text = f"{passage.text}\n{passage.context}\n{passage.heading}"
        score = coverage(weights, text)
        result.best_score = max(result.best_score, score)
        if score >= threshold:
            in_force = passage.document.validity == Validity.VALID
            order = (-score, not in_force, -density(weights, text), position)
            scored_passages.append((order, passage, score))
    for _key, passage, score in sorted(scored_passages, key=lambda item: item[0])[:MAX_PASSAGES]:
        result.passages.append(
            PassageAnswer(
                passage=passage,
                score=score,
                excerpt=snippets.highlight(excerpt(passage.text, words), *tiers),
                url=passage.get_absolute_url(),
            )
        )
    definition = registry.get(QA_TYPE)
    scored_entries = []
    for position, entry in enumerate(_entries(candidates.get(QA_TYPE, []), site)):
        assert definition is not None  # entries come from it
        fields = definition.to_fields(entry)
        text = f"{fields.title}\n{fields.content}"
        score = coverage(weights, text)
        result.best_score = max(result.best_score, score)
        if score >= threshold:
            scored_entries.append(
                ((-score, False, -density(weights, text), position), fields, score)
            )
    for _key, fields, score in sorted(scored_entries, key=lambda item: item[0])[:MAX_ENTRIES]:
        result.entries.append(
            EntryAnswer(
                question=snippets.highlight(fields.title, *tiers),
                excerpt=snippets.highlight(excerpt(fields.content, words), *tiers),
                url=fields.url,
                agency_name=fields.agency_name,
                score=score,
            )
        )
    result.policy_items = policy_items_of(result, site)
    return result


MAX_POLICY_ITEMS = 5


def policy_items_of(result: Answer, site: sites.CurrentSite | None = None) -> list[PolicyItem]:
    """The policy items on display of ``site`` of the documents the answer quotes, in the
    order the documents are quoted (at most ``MAX_POLICY_ITEMS``; one query)."""
    documents = [result.document.pk] if result.document is not None else []
    documents += [found.passage.document_id for found in result.passages]
    documents = list(dict.fromkeys(documents))
    if not documents:
        return []
    items = (
        sites.scope(PolicyItem.objects.on_display(), site)
        .filter(document_id__in=documents)
        .select_related("agency", "document")
        .order_by("name", "id")
    )
    rank = {pk: position for position, pk in enumerate(documents)}
    return sorted(items, key=lambda item: rank[item.document_id])[:MAX_POLICY_ITEMS]


# --- The log and the staff report -------------------------------------------------------------


def _loggable_terms(masked: str) -> list[str]:
    """The words of the masked question worth grouping by: no digits (what is left of a masked
    number), nothing Latin (what is left of a masked e-mail address)."""
    return [
        word
        for word in key_words(masked)
        if _IDEOGRAPH.search(word) and not any(char.isdigit() for char in word)
    ]


def question_log_record(*, result: Answer) -> AskedQuestion | None:
    """Keep the question for the staff report: masked, with its words, best score and whether
    it was answered, and the day. Never who asked (no IP address, session or user)."""
    if not result.question:
        return None
    masked = masked_question(result.question)
    return AskedQuestion.objects.create(
        question=masked[: AskedQuestion._meta.get_field("question").max_length],
        terms=_loggable_terms(masked),
        best_score=round(result.best_score, 3),
        answered=result.answered,
    )


@dataclass(frozen=True)
class Topic:
    term: str
    count: int
    examples: list[str]


@dataclass(frozen=True)
class Report:
    since: dt.date
    asked: int
    unanswered: int
    topics: list[Topic]


def question_log_purge(today: dt.date | None = None) -> int:
    """Delete the questions asked more than ``ASSISTANT_LOG_DAYS`` days before ``today``;
    returns how many. Run daily; deleting what is already gone changes nothing."""
    day = today or timezone.localdate()
    cutoff = day - dt.timedelta(days=settings.ASSISTANT_LOG_DAYS)
    deleted, _by_model = AskedQuestion.objects.filter(asked_on__lt=cutoff).delete()
    return deleted


def unanswered_topics(*, days: int = REPORT_DAYS) -> Report:
    """The words that recur in questions left without an answer over the last ``days`` days,
    most frequent first, each with a few of those questions (masked): the topics the policy
    Q&A lacks."""
    since = timezone.localdate() - dt.timedelta(days=days)
    recent = AskedQuestion.objects.since(since)
    unanswered = list(recent.unanswered().values_list("question", "terms")[:5000])
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for text, terms in unanswered:
        for term in dict.fromkeys(terms):
            counts[term] += 1
            bucket = examples.setdefault(term, [])
            if len(bucket) < REPORT_EXAMPLES and text not in bucket:
                bucket.append(text)
    topics = [
        Topic(term=term, count=count, examples=examples[term])
        for term, count in counts.most_common(REPORT_TERMS)
    ]
    return Report(since=since, asked=recent.count(), unanswered=len(unanswered), topics=topics)
