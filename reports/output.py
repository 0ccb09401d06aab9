"""The annual report's outputs: the tables laid out like the official ones (section 6), as an
HTML page, an XLSX workbook (openpyxl), a PDF (WeasyPrint) and JSON.

Every output takes the tables as computed by ``reports.tables.compute`` (or frozen in a published
report), so a published report looks the same in every format, whatever changed since.
The headings and labels are the statutory format, in Chinese whatever the user's language.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from portal.spreadsheets import neutralise_workbook
from reports.models import AnnualReport
from reports.tables import OUTCOME_ROWS, REVIEW_KINDS, REVIEW_RESULTS
from requests_app.letters import PdfUnavailable

TITLE = "政府信息公开工作年度报告"
# The official table 三 shows the organisation subtypes, not their subtotal.
TABLE3_COLUMNS = [
    "person",
    "business",
    "research",
    "public_interest",
    "legal_service",
    "other",
    "total",
]
TABLE3_HEAD = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


@dataclass
class Label:
    text: str
    col: int  # 0-based label column (table 三 has three)
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Row:
    key: str
    labels: list[Label]
    values: list[Any] = field(default_factory=list)


def table_three_rows(table: dict[str, dict[str, int]]) -> list[Row]:
    """Table 三 with its label cells (spans) and the values of the official columns."""
    groups: dict[str, int] = {}
    for _key, group, item, _outcomes in OUTCOME_ROWS:
        if item:
            groups[group] = groups.get(group, 0) + 1
    rows = [
        Row("new", [Label("一、本年新收政府信息公开申请数量", 0, colspan=3)]),
        Row("carried_in", [Label("二、上年结转政府信息公开申请数量", 0, colspan=3)]),
    ]
    seen: set[str] = set()
    for index, (key, group, item, _outcomes) in enumerate(OUTCOME_ROWS):
        labels = []
        if index == 0:
            labels.append(Label("三、本年度办理结果", 0, rowspan=len(OUTCOME_ROWS) + 1))
        if not item:
            labels.append(Label(group, 1, colspan=2))
        else:
            if group not in seen:
                seen.add(group)
                labels.append(Label(group, 1, rowspan=groups[group]))
            labels.append(Label(item, 2))
        rows.append(Row(key, labels))
    rows.append(Row("decided", [Label("（七）总计", 1, colspan=2)]))
    rows.append(Row("carried_out", [Label("四、结转下年度继续办理", 0, colspan=3)]))
    for row in rows:
        row.values = [table[row.key][column] for column in TABLE3_COLUMNS]
    return rows


DECISION_LABELS = [("licensing", "行政许可"), ("penalty", "行政处罚"), ("coercion", "行政强制")]


def table_two_rows(table: dict[str, Any]) -> dict[str, Any]:
    return {
        "documents": [
            ("规章", table["rules"]),
            ("行政规范性文件", table["normative"]),
        ],
        "decisions": [
            ("第二十条第（五）项", "行政许可", table["licensing"]),
            ("第二十条第（六）项", "行政处罚", table["penalty"]),
            ("第二十条第（六）项", "行政强制", table["coercion"]),
        ],
        "fees": table["fees_10k_yuan"],
        # Reports frozen before the counts came from the records have no overrides.
        "overrides": [
            {
                "agency": override["agency"],
                "reason": override["reason"],
                "figures": [
                    (label, override["figures"][key])
                    for key, label in DECISION_LABELS
                    if key in override["figures"]
                ],
            }
            for override in table.get("decision_overrides", [])
        ],
    }


def table_four_values(table: dict[str, dict[str, int]]) -> list[int]:
    return [table[kind][result] for kind, _l in REVIEW_KINDS for result, _r in REVIEW_RESULTS]


def context(tables: dict[str, Any], report: AnnualReport | None = None) -> dict[str, Any]:
    """What the report templates need: the sections and the laid-out tables."""
    agency = tables["agency"]["name"]
    return {
        "report": report,
        "tables": tables,
        "title": f"{agency}{tables['year']}年{TITLE}",
        "table2": table_two_rows(tables["table2"]),
        "table3_head": TABLE3_HEAD,
        "table3_rows": table_three_rows(tables["table3"]),
        "review_results": [label for _key, label in REVIEW_RESULTS],
        "table4_values": table_four_values(tables["table4"]),
    }


def render_html(tables: dict[str, Any], report: AnnualReport | None = None) -> str:
    """A standalone HTML page (also the source of the PDF)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("reports/print.html", context(tables, report))


def render_pdf(tables: dict[str, Any], report: AnnualReport | None = None) -> bytes:
    # As for the answer letters (requests_app.letters): imported here, so that a server
    # without Pango still starts; the Chinese font is found by fontconfig, nothing is fetched.
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(f"（{error}）") from error
    no_fetching = weasyprint.URLFetcher(allowed_protocols=())
    page = weasyprint.HTML(
        string=render_html(tables, report), base_url=None, url_fetcher=no_fetching
    )
    return page.write_pdf()


def render_json(tables: dict[str, Any]) -> str:
    return json.dumps(tables, ensure_ascii=False, indent=2, sort_keys=False)


def render_xlsx(tables: dict[str, Any], report: AnnualReport | None = None) -> bytes:
    """One sheet per table, with the official labels and merged label cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    ctx = context(tables, report)
    book = Workbook()
    wrap = Alignment(wrap_text=True, vertical="center")
    bold = Font(bold=True)

    sheet = book.active
    sheet.title = "二、主动公开"
    sheet.append([ctx["title"]])
    sheet["A1"].font = bold
    sheet.append(["二、主动公开政府信息情况"])
    sheet.append(["第二十条第（一）项"])
    sheet.append(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
    for label, counts in ctx["table2"]["documents"]:
        sheet.append([label, counts["issued"], counts["repealed"], counts["in_force"]])
    for article, label, count in ctx["table2"]["decisions"]:
        sheet.append([article])
        sheet.append(["信息内容", "本年处理决定数量"])
        sheet.append([label, count])
    sheet.append(["第二十条第（八）项"])
    sheet.append(["信息内容", "本年收费金额（万元）"])
    sheet.append(["行政事业性收费", float(Decimal(ctx["table2"]["fees"]))])
    for override in ctx["table2"]["overrides"]:
        entered = "；".join(
            f"{label} 填报 {figure['entered']} 件（按记录统计 {figure['counted']} 件）"
            for label, figure in override["figures"]
        )
        sheet.append([f"注：{override['agency']}人工填报：{entered}。理由：{override['reason']}"])
    sheet.column_dimensions["A"].width = 24

    sheet = book.create_sheet("三、申请情况")
    sheet.append(["三、收到和处理政府信息公开申请情况"])
    sheet.append(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "",
                  "申请人情况"])  # fmt: skip
    sheet.append(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"])
    sheet.append(["", "", "", "", *TABLE3_HEAD[1:6], ""])
    sheet.merge_cells(start_row=2, start_column=1, end_row=4, end_column=3)
    sheet.merge_cells(start_row=2, start_column=4, end_row=2, end_column=10)
    sheet.merge_cells(start_row=3, start_column=4, end_row=4, end_column=4)
    sheet.merge_cells(start_row=3, start_column=5, end_row=3, end_column=9)
    sheet.merge_cells(start_row=3, start_column=10, end_row=4, end_column=10)
    first = 5
    for offset, row in enumerate(ctx["table3_rows"]):
        number = first + offset
        for label in row.labels:
            cell = sheet.cell(row=number, column=label.col + 1, value=label.text)
            cell.alignment = wrap
            if label.colspan > 1 or label.rowspan > 1:
                sheet.merge_cells(
                    start_row=number,
                    start_column=label.col + 1,
                    end_row=number + label.rowspan - 1,
                    end_column=label.col + label.colspan,
                )
        for index, value in enumerate(row.values):
            sheet.cell(row=number, column=4 + index, value=value)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 40

    sheet = book.create_sheet("四、复议诉讼")
    sheet.append(["四、政府信息公开行政复议、行政诉讼情况"])
    sheet.append(["行政复议", "", "", "", "", "行政诉讼"])
    sheet.append(["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"])
    sheet.append([*ctx["review_results"] * 3])
    sheet.append(ctx["table4_values"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=3, end_column=5)
    sheet.merge_cells(start_row=2, start_column=6, end_row=2, end_column=15)
    sheet.merge_cells(start_row=3, start_column=6, end_row=3, end_column=10)
    sheet.merge_cells(start_row=3, start_column=11, end_row=3, end_column=15)

    sheet = book.create_sheet("六、信息处理费")
    sheet.append(["本年度收取信息处理费（元）", float(Decimal(tables["processing_fees_yuan"]))])

    neutralise_workbook(book)  # the title carries the agency's name: never a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
