"""Search tests: each test gets its own empty index in a temporary directory, and runs once
with each backend (``search_backend``: Whoosh, then PostgreSQL when the database is)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from django.db import connection
from django.utils import timezone
from django.utils.html import escape

import disclosure
from disclosure.documents import normalize_doc_number
from disclosure.index_numbers import index_number_assign
from disclosure.models import Document
from portal.search import indexing, query, store
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft, negative_entry_a  # noqa: F401 - a fixture


@pytest.fixture(autouse=True, params=["whoosh", "postgres"])
def search_backend(request, settings):
    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip("the postgres search backend needs a PostgreSQL database")
    settings.SEARCH_BACKEND = request.param
    return request.param


@pytest.fixture
def whoosh_only(search_backend):
    """For tests of what only the Whoosh backend has (its files, locks and generations)."""
    if search_backend != "whoosh":
        pytest.skip("Whoosh only")


@pytest.fixture
def postgres_only(search_backend):
    """For tests of what only the PostgreSQL backend has (its table and advisory lock)."""
    if search_backend != "postgres":
        pytest.skip("PostgreSQL only")


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    yield settings.SEARCH_INDEX_DIR
    store.forget()


def search(q: str = "", **params: str) -> query.SearchResults:
    return query.search(query.parse_params({"q": q, **params}))


def keys(results: query.SearchResults) -> list[str]:
    return [hit.key for hit in results.hits]


def indexed_keys() -> set[str]:
    return {f"{type_key}:{pk}" for type_key, pks in indexing.indexed_ids().items() for pk in pks}


@pytest.fixture
def publish_now(agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks):
    """Draft, review and publish a document through the workflow, running what it queues on
    commit (the screening, the index update) as the worker would."""

    def publish(**fields: object) -> Document:
        document = make_draft(agency_a, drafter_a, **fields)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.submit(obj=document, user=drafter_a)
        workflow.approve(obj=document, user=reviewer_a, review_result=ReviewResult.CLEAR)
        with django_capture_on_commit_callbacks(execute=True):
            return workflow.publish(obj=document, user=publisher_a)

    return publish


def published_document(agency, **fields: object) -> Document:
    """A published document written directly, as the demo data and imports do."""
    values = {
        "agency": agency,
        "title": "关于做好政务公开工作的通知",
        "date_formed": dt.date(2026, 3, 2),
        "date_published": dt.date(2026, 3, 9),
        "body": "<p>现将有关事项通知如下。</p>",
        **fields,
    }
    document = Document(status=Status.PUBLISHED, **values)
    document.doc_number_key = normalize_doc_number(document.doc_number)
    document.published_at = timezone.make_aware(
        dt.datetime.combine(document.date_published, dt.time(9))
    )
    index_number_assign(document=document)
    document.save()
    return document


CORPUS = Path(disclosure.__file__).resolve().parent / "fixtures" / "corpus"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture
def corpus(agency_a):
    """The five real documents of the corpus (000 and 001 in traditional characters), published
    and indexed through the indexing service; keyed by their number ("000" ... "004")."""
    documents = {}
    for path in corpus_files():
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        documents[path.name[:3]] = published_document(
            agency_a,
            title=lines[0][:200],
            body="\n".join(f"<p>{escape(line)}</p>" for line in lines[1:]),
        )
    indexing.index_keys(f"document:{document.pk}" for document in documents.values())
    return documents
