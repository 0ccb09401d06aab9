"""Spreadsheets and archives of a historical import, for the tests."""

from __future__ import annotations

from disclosure.backlog import importer
from disclosure.backlog.layout import BacklogReport
from tests.disclosure.scans import text_pdf, zip_of
from tests.disclosure.test_catalog_io import csv_file, xlsx_file

HEAD = ["序号", "标题", "发文字号", "发文机关", "成文日期", "发布日期", "主题分类", "主题词",
        "体裁分类", "有效性", "公开方式", "公开范围", "规范性文件", "摘要", "文件名"]  # fmt: skip
EDUCATION = ["1", "丽水市人民政府关于加强农村义务教育工作的通知", "丽政发〔1998〕12号", "",
             "1998-03-02", "1998-03-05", "科技、教育\\教育", "义务教育", "通知", "失效", "主动公开",
             "全社会", "否", "", "1998-03.pdf"]  # fmt: skip
BUDGET = ["2", "丽水市2005年财政预算执行情况的报告", "", "丽水市财政局", "2005年6月1日",
          "2005/6/10", "财政、金融、审计\\财政", "", "报告", "有效", "", "", "", "",
          "2005预算.pdf、2005预算附表.pdf"]  # fmt: skip
GOOD_ROWS = [HEAD, EDUCATION, BUDGET]
PDF_BYTES = text_pdf("Notice of 1998")
GOOD_FILES = {"1998-03.pdf": PDF_BYTES, "2005预算.pdf": PDF_BYTES, "2005预算附表.pdf": PDF_BYTES}


def import_backlog(
    agency,
    user,
    rows: list[list[str]] | None = None,
    files: dict[str, bytes] | None = None,
    *,
    archive: bytes | None = None,
    spreadsheet: bytes | None = None,
    spreadsheet_name: str = "历史文件.xlsx",
) -> BacklogReport:
    import io

    return importer.backlog_import(
        agency=agency,
        user=user,
        spreadsheet_name=spreadsheet_name,
        spreadsheet=spreadsheet if spreadsheet is not None else xlsx_file(rows or GOOD_ROWS),
        archive_name="历史文件.zip",
        archive=io.BytesIO(archive if archive is not None else zip_of(files or GOOD_FILES)),
    )


__all__ = [
    "GOOD_FILES",
    "GOOD_ROWS",
    "HEAD",
    "PDF_BYTES",
    "csv_file",
    "import_backlog",
    "xlsx_file",
]
