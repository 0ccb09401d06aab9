"""Personas and helpers for the gazette tests: a gazette of agency A with its 栏目, published
documents to print, and issues made and published through the services, as staff do."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.models import Document
from gazette import drafting
from gazette.models import Gazette, GazetteSection, Issue
from gazette.pdf import minimal_pdf
from publishing import workflow
from publishing.models import ReviewResult
from tests.api.conftest import published_document

# A valid three-page PDF (pypdf counts its pages).
PDF_3_PAGES = minimal_pdf(["Lishui Gazette 2026-5", "page 2", "page 3"])
SECTIONS = ["市政府文件", "市政府办公室文件", "部门文件", "人事任免"]


def pdf_upload(
    name: str = "公报2026年第5期.pdf", content: bytes = PDF_3_PAGES
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def gazette_a(agency_a) -> Gazette:
    gazette = drafting.gazette_save(
        gazette=Gazette(agency=agency_a, title="丽水市人民政府公报", slug="lishui")
    )
    for order, name in enumerate(SECTIONS, start=1):
        GazetteSection.objects.create(gazette=gazette, name=name, order=order)
    return gazette


def section(gazette: Gazette, name: str) -> GazetteSection:
    return gazette.sections.get(name=name)


@pytest.fixture
def document_a(agency_a) -> Document:
    return published_document(
        agency_a, title="丽水市人民政府关于印发重点工作任务分解方案的通知",
        doc_number="丽政发〔2026〕1号", doc_number_key="丽政发〔2026〕1号",
        index_number="331100000/2026-90001",
    )  # fmt: skip


def draft_issue(gazette: Gazette, drafter: Any, *, number: int = 5, pdf: bool = True,
                **fields: Any) -> Issue:  # fmt: skip
    values: dict[str, Any] = {
        "gazette": gazette,
        "year": 2026,
        "number": number,
        "publication_date": dt.date(2026, 5, 31),
        "summary": "本期刊登市政府重点工作任务分解方案。",
        **fields,
    }
    return drafting.issue_save(
        issue=Issue(**values), user=drafter, pdf=pdf_upload() if pdf else None
    )


def issue_with(gazette: Gazette, drafter: Any, *documents: Document, text: str = "",
               **fields: Any) -> Issue:  # fmt: skip
    """A draft issue printing ``documents`` under 市政府文件 (and ``text`` under 人事任免)."""
    issue = draft_issue(gazette, drafter, **fields)
    for page, document in enumerate(documents, start=2):
        drafting.entry_add(issue=issue, user=drafter, section=section(gazette, "市政府文件"),
                           document=document, page=page)  # fmt: skip
    if text:
        drafting.entry_add(issue=issue, user=drafter, section=section(gazette, "人事任免"),
                           text=text)  # fmt: skip
    return issue


def publish(issue: Issue, drafter: Any, reviewer: Any, publisher: Any) -> Issue:
    workflow.submit(obj=issue, user=drafter)
    workflow.approve(obj=issue, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=issue, user=publisher)
