"""Demo data of 财政预决算 (丽水市): 丽水市教育局's 2025 budget, 2025 final accounts (shown beside
that budget, with the reasons for the changes) and 2026 budget; the 2026 government budget of
丽水市, published by 丽水市财政局 after the people's congress approved it; 丽水市人民政府办公室's
2026 budget, published late (the self-inspection flags it); and 丽水市财政局's 2025 final
accounts, still a draft past its due date (flagged as not published).

Each disclosure has its documents: a PDF of its tables (made with WeasyPrint; a plain PDF where
it cannot run) and an XLSX of the same figures. Made through the services (``drafting``, the
shared workflow), drafted in the name of the city's demo drafter and reviewed and published by
the superuser; publication dates are set to those of the story. Idempotent:
each record is remembered as a ``DemoRecord`` under its key and never made again.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.html import escape

from budgets import deadlines, drafting
from budgets.models import TABLE_NAMES, BudgetDisclosure, Kind, Scope, Table
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from publishing import workflow
from publishing.models import ReviewResult, Status

NOTE = "（示例数据）"
OFFICE, FINANCE, EDUCATION = "331100001", "331100002", "331100003"
DEPARTMENT_TABLES = list(Table.values)
D = Decimal


@dataclass(frozen=True)
class DemoDisclosure:
    key: str
    agency_code: str
    scope: str
    kind: str
    year: int
    approval_date: dt.date
    approved_by: str
    total_income: Decimal
    total_expenditure: Decimal
    three_public: tuple[Decimal, Decimal, Decimal, Decimal] | None
    description: str
    published: dt.date | None  # None: left a draft
    region: str = ""
    variance: str = ""
    tables: list[str] = field(default_factory=lambda: DEPARTMENT_TABLES)


DISCLOSURES = [
    DemoDisclosure(
        "education-2025-budget", EDUCATION, Scope.DEPARTMENT, Kind.BUDGET, 2025,
        dt.date(2025, 1, 24), "丽财预〔2025〕3号", D("186452.37"), D("186452.37"),
        (D("12.00"), D("0.00"), D("28.60"), D("9.80")),
        "丽水市教育局2025年部门预算包括局机关和所属18家预算单位。收入预算186452.37万元，其中一般公共"
        "预算财政拨款收入153218.45万元；支出预算186452.37万元，主要用于教育事业发展、学生资助和"
        "校舍维修改造。",
        dt.date(2025, 2, 10),
    ),
    DemoDisclosure(
        "education-2025-final", EDUCATION, Scope.DEPARTMENT, Kind.FINAL, 2025,
        dt.date(2026, 7, 20), "丽财预〔2026〕41号", D("192318.06"), D("189704.52"),
        (D("6.45"), D("0.00"), D("25.37"), D("7.12")),
        "丽水市教育局2025年度部门决算包括局机关和所属18家预算单位。本年收入192318.06万元，"
        "本年支出189704.52万元，年末结转和结余2613.54万元。",
        dt.date(2026, 8, 3),
        variance="收入、支出决算数比预算数增加，主要是年中追加义务教育学校校舍安全保障和学生资助"
        "资金。“三公”经费决算数比预算数减少11.46万元，主要是严格执行中央八项规定精神，压减出国"
        "（境）团组2个，公务接待批次和人数减少。",
    ),
    DemoDisclosure(
        "education-2026-budget", EDUCATION, Scope.DEPARTMENT, Kind.BUDGET, 2026,
        dt.date(2026, 1, 22), "丽财预〔2026〕2号", D("198736.80"), D("198736.80"),
        (D("10.00"), D("0.00"), D("26.50"), D("8.50")),
        "丽水市教育局2026年部门预算包括局机关和所属18家预算单位。收入预算198736.80万元，其中一般公共"
        "预算财政拨款收入162904.12万元；支出预算198736.80万元。“三公”经费预算45.00万元，比上年减少"
        "5.40万元。",
        dt.date(2026, 2, 6),
    ),
    DemoDisclosure(
        "office-2026-budget", OFFICE, Scope.DEPARTMENT, Kind.BUDGET, 2026,
        dt.date(2026, 1, 22), "丽财预〔2026〕2号", D("4826.15"), D("4826.15"),
        (D("0.00"), D("0.00"), D("18.20"), D("12.60")),
        "丽水市人民政府办公室2026年部门预算包括办公室本级和所属3家事业单位。收入预算4826.15万元，"
        "支出预算4826.15万元。",
        dt.date(2026, 3, 9),
    ),
    DemoDisclosure(
        "lishui-2026-government-budget", FINANCE, Scope.GOVERNMENT, Kind.BUDGET, 2026,
        dt.date(2026, 1, 16), "丽水市第五届人民代表大会第五次会议", D("2968420.00"),
        D("2968420.00"), None,
        "丽水市2026年全市和市本级预算，包括一般公共预算、政府性基金预算、国有资本经营预算和社会保险"
        "基金预算，已经丽水市第五届人民代表大会第五次会议审查批准。",
        dt.date(2026, 1, 30), region="丽水市",
        tables=[Table.SUMMARY, Table.INCOME, Table.EXPENDITURE, Table.GENERAL, Table.FUNDS,
                Table.THREE_PUBLIC],
    ),
    DemoDisclosure(
        "finance-2025-final", FINANCE, Scope.DEPARTMENT, Kind.FINAL, 2025,
        dt.date(2026, 7, 20), "丽财预〔2026〕41号", D("3512.48"), D("3498.90"),
        (D("0.00"), D("0.00"), D("9.30"), D("4.10")),
        "丽水市财政局2025年度部门决算包括局本级和所属2家事业单位。",
        None,
    ),
]  # fmt: skip


def _pdf(disclosure: BudgetDisclosure) -> bytes:
    """The tables as a PDF: WeasyPrint renders the Chinese; a plain one where it cannot run."""
    rows: list[tuple[str, Decimal | None]] = [
        ("收入总计", disclosure.total_income),
        ("支出总计", disclosure.total_expenditure),
    ]
    if disclosure.three_public_total is not None:
        rows += [("“三公”经费合计", disclosure.three_public_total),
                 ("因公出国（境）费", disclosure.outbound_travel),
                 ("公务用车购置费", disclosure.vehicle_purchase),
                 ("公务用车运行费", disclosure.vehicle_operation),
                 ("公务接待费", disclosure.reception)]  # fmt: skip
    try:
        import weasyprint

        body = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
        tables = "、".join(disclosure.table_names)
        html = (
            f"<html><body><h1>{escape(disclosure.title)}</h1><p>{escape(disclosure.description)}</p>"
            f"<p>本公开包括：{tables}。</p><table><caption>主要数据（万元）</caption>{body}</table>"
            f"<p>{NOTE}</p></body></html>"
        )
        return weasyprint.HTML(
            string=html, url_fetcher=weasyprint.URLFetcher(allowed_protocols=())
        ).write_pdf()
    except (ImportError, OSError):
        return _plain_pdf(
            [
                f"{disclosure.agency.code} {disclosure.year} {disclosure.kind}",
                *(f"{n}: {value}" for n, (_label, value) in enumerate(rows, 1)),
            ]
        )


def _plain_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF 1.4 of ASCII lines (Helvetica), with its cross-reference table."""
    text = " ".join(f"({line}) Tj 0 -24 Td" for line in lines)
    stream = f"BT /F1 14 Tf 72 760 Td {text} ET".encode("ascii", "replace")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[4 0 R]/Count 1>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>"
        b"/Contents 5 0 R>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _xlsx(disclosure: BudgetDisclosure) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "收支总表"
    sheet.append([disclosure.title, "", NOTE])
    sheet.append(["项目", "金额（万元）"])
    sheet.append(["收入总计", float(disclosure.total_income)])
    sheet.append(["支出总计", float(disclosure.total_expenditure)])
    if disclosure.three_public_total is not None:
        three = book.create_sheet(TABLE_NAMES[Table.THREE_PUBLIC].strip("“”"))
        three.append(["因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费", "合计"])
        three.append([float(v or 0) for v in (disclosure.outbound_travel, disclosure.vehicle_purchase,
                      disclosure.vehicle_operation, disclosure.reception,
                      disclosure.three_public_total)])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _disclosure(spec: DemoDisclosure, admin: User, drafter: User) -> bool:
    key = f"budgets.disclosure:{spec.key}"
    agency = Agency.objects.filter(code=spec.agency_code).first()
    if agency is None:
        return False
    earlier = BudgetDisclosure.objects.filter(agency=agency, scope=spec.scope, kind=spec.kind,
                                              year=spec.year)  # fmt: skip
    if demo_record_find(key, earlier)[0]:
        return False
    three = spec.three_public or (None, None, None, None)
    disclosure = drafting.disclosure_save(
        disclosure=BudgetDisclosure(
            agency=agency, scope=spec.scope, kind=spec.kind, year=spec.year, region=spec.region,
            approval_date=spec.approval_date, approved_by=spec.approved_by, tables=spec.tables,
            total_income=spec.total_income, total_expenditure=spec.total_expenditure,
            outbound_travel=three[0], vehicle_purchase=three[1], vehicle_operation=three[2],
            reception=three[3], description=spec.description + NOTE,
            variance_explanation=spec.variance,
            # Recorded in the name of the city's demo drafter: whoever drafts does not approve.
            drafter=drafter,
        ),
        user=admin,
    )  # fmt: skip
    name = f"{disclosure.title}"
    drafting.attachment_add(
        disclosure=disclosure, user=admin, title=f"{name}（公开文本）",
        upload=SimpleUploadedFile(f"{name}.pdf", _pdf(disclosure), "application/pdf"),
    )  # fmt: skip
    drafting.attachment_add(
        disclosure=disclosure, user=admin, title=f"{name}（报表）",
        upload=SimpleUploadedFile(f"{name}.xlsx", _xlsx(disclosure)),
    )  # fmt: skip
    if spec.published is not None:
        workflow.submit(obj=disclosure, user=admin)
        workflow.approve(obj=disclosure, user=admin, review_result=ReviewResult.CLEAR)
        workflow.publish(obj=disclosure, user=admin)
        # The day of the story, in China: on time or late as the demo means it to be.
        moment = dt.datetime.combine(spec.published, dt.time(10, 0), tzinfo=deadlines.CHINA)
        BudgetDisclosure.objects.filter(pk=disclosure.pk).update(published_at=moment)
        disclosure.events.filter(action="publish").update(created_at=moment)
    demo_record_keep(key, disclosure)
    return True


@transaction.atomic
def load(stdout: TextIO) -> None:
    users = get_user_model().objects
    admin, drafter = users.get(username="admin"), users.get(username="lishui-drafter")
    made = sum(_disclosure(spec, admin, drafter) for spec in DISCLOSURES)
    if made:
        stdout.write(f"Budgets and final accounts: {made} made.\n")


def summary() -> list[tuple[str, int]]:
    return [
        ("Budgets and final accounts published", BudgetDisclosure.objects.published().count()),
        (
            "Budgets and final accounts in the workflow",
            BudgetDisclosure.objects.exclude(status=Status.PUBLISHED).count(),
        ),
    ]
