"""The assistant's tests: each gets its own empty search index, and documents published through
the workflow (so that they are split into passages and indexed as in production). Each runs
once with each search backend (``search_backend``: Whoosh, then PostgreSQL), as tests/search
does."""

from __future__ import annotations

import pytest

from disclosure.models import Document, DocumentPassage
from interpretation import questions
from interpretation.models import PolicyQuestion
from portal.search import store
from tests.disclosure.conftest import make_draft, publish
from tests.search.conftest import search_backend  # noqa: F401 - a fixture, autouse

# Part of 《南通市2021年政务公开工作要点》 (corpus 001), in its traditional characters.
NANTONG = """南通市2021年政務公開工作要點
三、推進基層政務公開,提高標準化規范化程度
(一)動態更新政務公開標準目錄。各縣(市、區)政府(管委會)要結合權責清單和公共服務事項清單的調整工作,組織相關部門、鄉鎮(街道)對已形成的26個試點領域基層政務公開標準化規范化目錄涉及的事項進行再梳理、再優化,堅持“應公開、盡公開”原則,做好標準目錄的動態更新工作。26個試點領域涉及的市級部門要對標準目錄編制落實情況進行跟蹤評估,尚未編制本領域基層政務公開標準目錄的市級部門,要按照上級部門的統一部署,做好編制相關領域標準目錄的對接工作。
(二)加快標準目錄成果應用。各地要明確2021年工作重點,分階段加快推進各項工作任務落實落地。
四、加強平臺制度支撐,提升政務公開水平
(一)加快建設集約高效政務公開平臺。全面推行政府網站和政務新媒體集約化建設。
"""

RULES = """第一条 为了规范城乡居民最低生活保障工作，制定本办法。
第二条 最低生活保障标准由市人民政府民政部门会同财政部门拟定，报市人民政府批准后公布执行。
第三条 申请最低生活保障，由申请人向户籍所在地的乡镇人民政府（街道办事处）提出书面申请。
"""


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    yield
    store.forget()


@pytest.fixture
def published(agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks):
    def make(body: str, **fields: object) -> Document:
        document = make_draft(agency_a, drafter_a, body=body, **fields)
        with django_capture_on_commit_callbacks(execute=True):
            return publish(
                document,
                drafter=drafter_a,
                reviewer=reviewer_a,
                publisher=publisher_a,
                capture=django_capture_on_commit_callbacks,
            )

    return make


@pytest.fixture
def nantong(published) -> Document:
    return published(
        NANTONG, title="南通市人民政府辦公室關於印發南通市2021年政務公開工作要點的通知"
    )


@pytest.fixture
def rules(published) -> Document:
    return published(
        RULES, title="丽水市城乡居民最低生活保障办法", doc_number="丽政办发〔2026〕5号"
    )


@pytest.fixture
def qa_entry(agency_a, django_capture_on_commit_callbacks) -> PolicyQuestion:
    entry = PolicyQuestion(
        agency=agency_a,
        question="申请政府信息公开需要交费吗？",
        answer="行政机关依申请提供政府信息，不收取费用。",
        is_published=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        return questions.question_save(question=entry)


def passage(document: Document, citation: str) -> DocumentPassage:
    return document.passages.get(citation=citation)
