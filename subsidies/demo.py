"""Demo data of 民生资金公示 for 丽水: a 低保 list of 丽水市民政局 with twenty households, a
特困人员 list of 莲都区, and a 高龄津贴 list of 紫金街道 whose 公示期 has ended (withdrawn by the
daily sweep, kept for staff). The people are made up, with ID numbers that pass the GB 11643
check and bank cards that pass Luhn, so that the masking has real work to do.

Each list's spreadsheet is built here, in code, as staff would keep it (a title row, a header,
a 合计 row at the bottom, a 备注 column the import does not know) and goes through the same
upload checks, import and masking as an upload in the back office; the list is drafted by the
city's demo drafter and reviewed and published by the superuser. Dates are relative to the day
of loading. Idempotent: each list is remembered as a ``DemoRecord`` under its key.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any, TextIO

from openpyxl import Workbook

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from disclosure.screening import luhn_ok
from portal.agencies import agency_create
from portal.demo import demo_record_find, demo_record_keep
from portal.identity import resident_id_problem
from portal.models import Agency, AgencyKind, AgencyLevel
from publishing import workflow
from publishing.models import ReviewResult, Status
from subsidies import drafting, expiry, importing
from subsidies.models import BeneficiaryList, SubsidyKind

NOTE = "（示例数据，人员均为虚构）"
CIVIL_AFFAIRS = ("331100010", "丽水市民政局", "丽水市莲都区人民街599号", "0578-2123120")
SURNAMES = "张王李赵陈刘杨黄周吴徐孙叶潘蓝雷毛季何郑"
GIVEN = ["建华", "秀英", "志强", "丽娟", "海涛", "晓燕", "国平", "春梅", "文军", "美玲", "土根",
         "金花", "水生", "月娥", "伟", "芳", "小明", "桂英", "根土", "彩霞"]  # fmt: skip
# Villages and communities of 莲都区, with a road of each for the house numbers.
PLACES = [
    ("紫金街道", "下河社区", "下河路"), ("紫金街道", "紫金社区", "紫金路"),
    ("岩泉街道", "岩泉社区", "岩泉路"), ("碧湖镇", "碧湖村", "碧湖大道"),
    ("老竹畲族镇", "黄泥墩村", "黄泥墩"), ("大港头镇", "大港头村", "古堰路"),
    ("雅溪镇", "里东村", "溪口"), ("联城街道", "港口村", "港口路"),
]  # fmt: skip
# 丽水 2026 城乡低保标准 (made up for the demo): yuan per person and month.
DIBAO_STANDARD = Decimal("1135")


def _with_check(body: str, alphabet: str, valid: Any) -> str:
    for char in alphabet:
        if valid(body + char):
            return body + char
    raise ValueError(body)


def resident_id(n: int, born: int = 1950) -> str:
    """A valid ID number (GB 11643) of a made-up person of 莲都区 (331102)."""
    body = f"331102{born + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{300 + n:03d}"
    return _with_check(body, "0123456789X", lambda number: resident_id_problem(number) is None)


def bank_card(n: int) -> str:
    """A Luhn-valid 19-digit card number of a made-up account (prefix of a 社保卡 issuer)."""
    return _with_check(f"621799{n:012d}", "0123456789", luhn_ok)


def mobile(n: int) -> str:
    return f"13{5 + n % 5}{5780000 + n * 7919 % 10000:08d}"


def person(n: int) -> str:
    if n == 7:
        return "欧阳" + GIVEN[n]
    return SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)]


def workbook(title: str, header: list[str], rows: list[list[Any]]) -> bytes:
    """An .xlsx file as agencies keep their lists: a title row over the header."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _dibao_rows() -> tuple[list[str], list[list[Any]]]:
    header = ["序号", "户主姓名", "身份证号码", "家庭人口", "村（社区）", "家庭住址", "联系电话",
              "银行卡号", "保障类别", "月保障金（元）", "备注"]  # fmt: skip
    rows: list[list[Any]] = []
    total = Decimal("0")
    for n in range(20):
        township, village, road = PLACES[n % len(PLACES)]
        people = 1 + n % 4
        amount = DIBAO_STANDARD * people - Decimal(37 * (n % 5))
        total += amount
        remark = ""
        if n == 3:
            remark = f"与{person(2)}为兄弟，分户保障"  # a beneficiary's name in a free column
        elif n % 6 == 5:
            remark = "重病、重残"
        rows.append([
            n + 1, person(n), resident_id(n), people, village,
            f"丽水市莲都区{township}{village}{road}{10 + n * 3}号", mobile(n), bank_card(n),
            "A类" if n % 3 == 0 else "B类" if n % 3 == 1 else "C类", str(amount), remark,
        ])  # fmt: skip
    rows.append(["合计", "", "", "", "", "", "", "", "", str(total), ""])
    return header, rows


def _tekun_rows() -> tuple[list[str], list[list[Any]]]:
    header = ["序号", "姓名", "身份证号", "村/社区", "供养方式", "救助金额"]
    rows: list[list[Any]] = [
        [n + 1, person(20 + n), resident_id(40 + n, 1935), PLACES[n % len(PLACES)][1],
         "集中供养" if n % 2 else "分散供养", "1475.50"]
        for n in range(6)
    ]  # fmt: skip
    return header, rows


def _elderly_rows() -> tuple[list[str], list[list[Any]]]:
    header = ["序号", "姓名", "身份证号", "社区", "补贴金额", "联系电话"]
    rows: list[list[Any]] = [
        [n + 1, person(30 + n), resident_id(60 + n, 1932), PLACES[n % 3][1],
         "300" if n % 3 else "500", mobile(50 + n)]
        for n in range(12)
    ]  # fmt: skip
    return header, rows


def _civil_affairs_bureau() -> Agency:
    code, name, address, phone = CIVIL_AFFAIRS
    found = Agency.objects.filter(code=code).first()
    if found is not None:
        return found
    return agency_create(
        parent=Agency.objects.get(code="331100000"), name=name, code=code,
        level=AgencyLevel.CITY, kind=AgencyKind.DEPARTMENT, office_name=f"{name}办公室",
        office_address=address, office_postcode="323000", office_phone=phone,
        office_fax=phone[:-1] + "9", office_email=f"gkb{code}@example.gov.cn",
        office_hours="工作日 上午8:30-12:00，下午14:30-17:30（法定节假日除外）",
    )  # fmt: skip


def _wanted(today: dt.date) -> list[tuple[str, dict[str, Any], str, bytes, int]]:
    """(key, list fields, file name, file, days its 公示期 ended ago (0: on display))."""
    month = f"{today.year}年{today.month}月"
    quarter = f"{today.year}年第{(today.month - 1) // 3 + 1}季度"
    dibao_title = f"丽水市{month}城乡最低生活保障对象名单"
    tekun_title = f"莲都区{today.year}年特困人员救助供养对象名单"
    elderly_title = f"紫金街道{quarter}高龄津贴发放名单"
    return [
        ("subsidies:dibao", {
            "agency": _civil_affairs_bureau(), "title": dibao_title,
            "kind": SubsidyKind.MINIMUM_LIVING, "period": month,
            "notice_start": today - dt.timedelta(days=2), "supervision_phone": "0578-2123120、12349",
            "notes": "根据《最低生活保障审核确认办法》，现将本月拟保障对象予以公示。对公示对象有异议的，"
                     "请在公示期内拨打监督电话反映。" + NOTE,
        }, "低保名单.xlsx", workbook(dibao_title, *_dibao_rows()), 0),
        ("subsidies:tekun", {
            "agency": Agency.objects.get(code="331102000"), "title": tekun_title,
            "kind": SubsidyKind.EXTREME_POVERTY, "period": f"{today.year}年",
            "notice_start": today - dt.timedelta(days=1),
            "notice_end": today + dt.timedelta(days=13), "supervision_phone": "0578-2181101",
            "notes": "特困人员认定结果公示。" + NOTE,
        }, "特困人员.xlsx", workbook(tekun_title, *_tekun_rows()), 0),
        ("subsidies:elderly-ended", {
            "agency": Agency.objects.get(code="331102101"), "title": elderly_title,
            "kind": SubsidyKind.ELDERLY, "period": quarter,
            "notice_start": today, "supervision_phone": "0578-2181501",
            "notes": "公示期已满的名单，仅工作人员可见。" + NOTE,
        }, "高龄津贴.xlsx", workbook(elderly_title, *_elderly_rows()), 30),
    ]  # fmt: skip


@transaction.atomic
def load(stdout: TextIO) -> None:
    users = get_user_model().objects
    admin, drafter = users.get(username="admin"), users.get(username="lishui-drafter")
    today = timezone.localdate()
    made = 0
    for key, fields, filename, content, ended_ago in _wanted(today):
        known, _found = demo_record_find(key, BeneficiaryList.objects.filter(title=fields["title"]))
        if known:
            continue
        upload = importing.read_upload(SimpleUploadedFile(filename, content))
        item = BeneficiaryList(drafter=drafter, **fields)
        # Drafted by the city's drafter, reviewed and published by the superuser (four eyes).
        drafting.list_save(beneficiary_list=item, user=admin, upload=upload)
        workflow.submit(obj=item, user=admin)
        workflow.approve(obj=item, user=admin, review_result=ReviewResult.CLEAR)
        workflow.publish(obj=item, user=admin)
        if ended_ago:
            # As if loaded weeks ago: the 公示期 moves into the past and the daily sweep,
            # run now, records the withdrawal.
            end = today - dt.timedelta(days=ended_ago)
            BeneficiaryList.objects.filter(pk=item.pk).update(
                notice_start=end - dt.timedelta(days=6), notice_end=end
            )
            expiry.withdraw_expired(today)
        demo_record_keep(key, item)
        made += 1
    if made:
        stdout.write(f"Beneficiary lists: {made} imported, masked and published.\n")


def summary() -> list[tuple[str, int]]:
    return [
        ("Beneficiary lists", BeneficiaryList.objects.count()),
        ("Beneficiary lists on display", BeneficiaryList.objects.on_display().count()),
        ("Beneficiary lists past their 公示期",
         BeneficiaryList.objects.filter(status=Status.WITHDRAWN).count()),
    ]  # fmt: skip
