"""The open-data datasets of the gazettes (``data/gazette-issues`` and ``data/gazette-contents``,
``.csv`` or ``.json``, all agencies or one with its sub-agencies): the published issues, and
every line of their tables of contents."""

from __future__ import annotations

from django.db.models import QuerySet

from disclosure.exports import Dataset
from gazette import selectors
from gazette.models import Entry, Issue
from portal.models import Agency


def _issue_row(i: Issue) -> list[object]:
    return [
        i.gazette.title,
        i.year,
        i.number,
        "" if i.total_number is None else i.total_number,
        i.publication_date,
        i.agency.name,
        i.summary,
        getattr(i, "entry_count", ""),
        i.get_pdf_url() if i.pdf else "",
        i.pdf_size or "",
        i.get_absolute_url(),
    ]


def _issues(agency: Agency | None) -> QuerySet[Issue]:
    return selectors.issues_with_counts(agency)


def _entry_row(e: Entry) -> list[object]:
    document = e.document
    return [
        e.issue.gazette.title,
        e.issue.year,
        e.issue.number,
        e.section.name,
        e.order,
        e.title,
        e.doc_number,
        "" if e.page is None else e.page,
        document.get_absolute_url() if document is not None else "",
        e.issue.get_absolute_url(),
    ]


ISSUES: Dataset[Issue] = Dataset(
    "gazette-issues",
    [
        ("gazette", "公报名称"),
        ("year", "年份"),
        ("number", "期号"),
        ("total_number", "总期号"),
        ("publication_date", "出版日期"),
        ("agency", "主办机关"),
        ("summary", "本期导读"),
        ("entries", "目录条数"),
        ("pdf", "PDF下载"),
        ("pdf_size", "PDF大小（字节）"),
        ("url", "链接"),
    ],
    _issues,
    _issue_row,
)

CONTENTS: Dataset[Entry] = Dataset(
    "gazette-contents",
    [
        ("gazette", "公报名称"),
        ("year", "年份"),
        ("number", "期号"),
        ("section", "栏目"),
        ("order", "序号"),
        ("title", "标题"),
        ("doc_number", "发文字号"),
        ("page", "页码"),
        ("document", "文件链接"),
        ("issue", "本期链接"),
    ],
    selectors.agency_entries,
    _entry_row,
    # A line of a table of contents belongs to the gazette's agency, whoever issued its
    # document: a county's site does not export the city's gazette.
    site_field="issue__agency",
)
