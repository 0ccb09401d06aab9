"""Personas, files and helpers for the beneficiary-list tests: spreadsheets built in code,
imported and published through the services, as staff do."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import AgencyKind, StaffRole
from publishing import workflow
from publishing.models import ReviewResult
from subsidies import drafting, importing
from subsidies.models import BeneficiaryList, SubsidyKind
from tests.factories import AgencyFactory, staff

Role = StaffRole.Role

# Made-up people whose numbers pass their checks (GB 11643, Luhn), and what the public sees.
ZHANG = "张三丰"
OUYANG = "欧阳明月"
LI = "李四"
ZHANG_ID = "440524198001010013"
OUYANG_ID = "11010519491231002X"
OLD_ID = "331102800101123"  # the 15-digit form (1980-01-01)
ZHANG_CARD = "6222020200112233446"  # Luhn-valid, 19 digits
OUYANG_CARD = "4111111111111111"  # Luhn-valid, 16 digits
ZHANG_PHONE = "13812345678"
OUYANG_PHONE = "0578-2123456"
ZHANG_ADDRESS = "丽水市莲都区紫金街道下河社区下河路12号3幢201室"
OUYANG_ADDRESS = "缙云县壶镇镇前路村3组15号"

HEADER = ["序号", "姓名", "身份证号", "银行卡号", "联系电话", "家庭住址", "村/社区", "家庭人口",
          "发放金额（元）", "类别", "备注"]  # fmt: skip
ROWS = [
    [1, ZHANG, ZHANG_ID, ZHANG_CARD, ZHANG_PHONE, ZHANG_ADDRESS, "下河社区", 3, "2,405.00", "A类",
     f"户主{LI}之父，邮箱 zsf@example.com"],
    [2, OUYANG, OUYANG_ID, OUYANG_CARD, OUYANG_PHONE, OUYANG_ADDRESS, "前路村", 1, "800.5", "B类",
     "重残"],
    [3, LI, OLD_ID, "", "", "", "前路村", 2, "1135", "", f"身份证 {ZHANG_ID[:-1]}5 已核实"],
]  # fmt: skip
# Every value of the file that must never reach the public.
CLEAR = [ZHANG, OUYANG, LI, ZHANG_ID, OUYANG_ID, OLD_ID, ZHANG_CARD, OUYANG_CARD, ZHANG_PHONE,
         "2123456", ZHANG_ADDRESS, OUYANG_ADDRESS, "下河路12号", "3组15号", "zsf@example.com",
         ZHANG_ID[:-1] + "5"]  # fmt: skip


def xlsx(header: list[str] = HEADER, rows: list[list[Any]] = ROWS, *, title: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(
    header: list[str] = HEADER, rows: list[list[Any]] = ROWS, encoding: str = "utf-8-sig"
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def upload(content: bytes | None = None, name: str = "名单.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx() if content is None else content)


def parsed(content: bytes | None = None, name: str = "名单.xlsx") -> importing.ParsedUpload:
    return importing.read_upload(upload(content, name))


@pytest.fixture
def civil_affairs(agency_a):
    return AgencyFactory(
        parent=agency_a, name="丽水市民政局", code="331100010", kind=AgencyKind.DEPARTMENT
    )


def draft(
    agency: Any, drafter: Any, content: bytes | None = None, name: str = "名单.xlsx", **fields: Any
) -> BeneficiaryList:
    values: dict[str, Any] = {
        "agency": agency,
        "title": "紫金街道2026年10月城乡最低生活保障对象名单",
        "kind": SubsidyKind.MINIMUM_LIVING,
        "period": "2026年10月",
        "notice_start": dt.date(2026, 10, 8),
        "supervision_phone": "0578-2123120",
        "notes": "对公示对象有异议的，请在公示期内拨打监督电话。",
    }
    values.update(fields)
    return drafting.list_save(
        beneficiary_list=BeneficiaryList(**values), user=drafter, upload=parsed(content, name)
    )


def publish(item: BeneficiaryList, drafter: Any, reviewer: Any, publisher: Any) -> BeneficiaryList:
    workflow.submit(obj=item, user=drafter)
    workflow.approve(obj=item, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=item, user=publisher)


@pytest.fixture
def editor_a(agency_a):
    """Drafter, reviewer and publisher in one (four eyes are tested on their own)."""
    return staff("editor_a", agency_a, Role.DRAFTER, Role.REVIEWER, Role.PUBLISHER)
