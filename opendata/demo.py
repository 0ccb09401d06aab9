"""Demo data of the open-data catalog: four datasets of 丽水 agencies, released through the
services and the shared workflow (drafted by the city's demo drafter, reviewed and published by
the superuser), one of them — the city's budget execution — with CSV and XLSX files in two
versions. The portal's automatic datasets (documents, catalog items, negative list,
enforcement decisions) need no demo data: they are there as soon as the app is.

Idempotent: each dataset is remembered as a ``DemoRecord`` under its key and never made again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from typing import TextIO

import openpyxl

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from opendata import drafting
from opendata.models import Dataset, DatasetVersion, Periodicity, Theme
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from publishing import workflow
from publishing.models import ReviewResult, Status

Rows = list[list[object]]


@dataclass
class DemoVersion:
    version: str
    released_on: dt.date
    change_note: str
    rows: Rows
    formats: tuple[str, ...] = ("CSV",)


@dataclass
class DemoDataset:
    key: str
    agency: str
    title: str
    description: str
    theme: str
    keywords: str
    periodicity: str
    contact: tuple[str, str, str]
    header: list[str]
    versions: list[DemoVersion] = field(default_factory=list)
    temporal: tuple[dt.date | None, dt.date | None] = (None, None)
    spatial: str = "丽水市"


BUDGET_HEADER = ["科目", "年初预算（万元）", "执行数（万元）", "完成预算（%）"]
BUDGET_2024 = [
    ["一般公共预算收入", 1_658_000, 1_702_315, 102.7], ["其中：税收收入", 1_120_000, 1_134_560, 101.3],
    ["一般公共预算支出", 3_950_000, 3_886_420, 98.4], ["其中：教育支出", 712_000, 705_330, 99.1],
    ["社会保障和就业支出", 468_000, 470_112, 100.5], ["卫生健康支出", 356_000, 349_880, 98.3],
]  # fmt: skip
BUDGET_2025 = [
    ["一般公共预算收入", 1_730_000, 1_765_408, 102.0], ["其中：税收收入", 1_176_000, 1_181_920, 100.5],
    ["一般公共预算支出", 4_080_000, 4_021_336, 98.6], ["其中：教育支出", 738_000, 733_100, 99.3],
    ["社会保障和就业支出", 489_000, 492_775, 100.8], ["卫生健康支出", 371_000, 366_190, 98.7],
    ["节能环保支出", 98_000, 95_452, 97.4],
]  # fmt: skip

DATASETS = [
    DemoDataset(
        key="opendata:budget", agency="331100002", title="丽水市财政预算执行情况",
        description="丽水市本级一般公共预算收支的年初预算数、执行数和完成预算比例，按年度发布。数据来源：丽水市财政局预算执行报告。",
        theme="finance", keywords="财政预算、预算执行、一般公共预算", periodicity=Periodicity.ANNUAL,
        contact=("丽水市财政局预算科", "ysk@lishui.example.gov.cn", "0578-2133201"),
        header=BUDGET_HEADER, temporal=(dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
        versions=[
            DemoVersion("2024", dt.date(2025, 3, 20), "", BUDGET_2024, ("CSV", "XLSX")),
            DemoVersion("2025", dt.date(2026, 3, 18), "新增2025年度执行数；增列节能环保支出科目。",
                        BUDGET_2025, ("CSV", "XLSX")),
        ],
    ),
    DemoDataset(
        key="opendata:schools", agency="331100003", title="丽水市中小学校名录",
        description="丽水市中小学校的名称、学段、办学性质、所在区县和地址。每学年开学后更新。",
        theme="education", keywords="学校、中小学、教育资源", periodicity=Periodicity.ANNUAL,
        contact=("丽水市教育局基础教育处", "", "0578-2112011"),
        header=["学校名称", "学段", "办学性质", "区县", "地址"],
        versions=[DemoVersion("2025学年", dt.date(2025, 9, 15), "", [
            ["丽水市实验学校", "小学", "公办", "莲都区", "丽水市莲都区解放街12号"],
            ["丽水中学", "高中", "公办", "莲都区", "丽水市莲都区中山街北18号"],
            ["丽水市第二中学", "初中", "公办", "莲都区", "丽水市莲都区括苍路103号"],
            ["缙云中学", "高中", "公办", "缙云县", "缙云县五云街道仙都路21号"],
        ], ("CSV", "JSON"))],
    ),
    DemoDataset(
        key="opendata:housing", agency="331102001", title="莲都区保障性租赁住房项目",
        description="莲都区保障性租赁住房项目的名称、位置、房源套数、户型面积和受理单位，按季度更新。",
        theme="urban-rural", keywords="保障性租赁住房、住房保障", periodicity=Periodicity.QUARTERLY,
        contact=("莲都区住房和城乡建设局住房保障科", "", "0578-2181320"), spatial="莲都区",
        header=["项目名称", "位置", "房源（套）", "户型面积（平方米）", "受理单位"],
        versions=[DemoVersion("2026-Q1", dt.date(2026, 4, 8), "", [
            ["南明山保障性租赁住房", "莲都区南明山街道", 420, "40-70", "莲都区住房保障中心"],
            ["水阁人才公寓", "丽水经济技术开发区水阁街道", 306, "35-60", "莲都区住房保障中心"],
        ])],
    ),
    DemoDataset(
        key="opendata:economy", agency="331100000", title="丽水市主要经济指标",
        description="丽水市地区生产总值、规模以上工业增加值、固定资产投资、社会消费品零售总额和居民人均可支配收入的月度累计数及增速。",
        theme="economy", keywords="经济指标、GDP、统计数据", periodicity=Periodicity.MONTHLY,
        contact=("丽水市人民政府办公室", "", "0578-2091522"),
        header=["指标", "本月累计", "单位", "同比增长（%）"],
        versions=[DemoVersion("2026-03", dt.date(2026, 4, 20), "", [
            ["地区生产总值", 486.3, "亿元", 6.1], ["规模以上工业增加值", 128.7, "亿元", 8.4],
            ["固定资产投资", None, "", 5.2], ["社会消费品零售总额", 215.9, "亿元", 4.9],
            ["居民人均可支配收入", 15_812, "元", 5.6],
        ], ("CSV", "JSON"))],
    ),
]  # fmt: skip


def _csv(header: list[str], rows: Rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([["" if value is None else value for value in row] for row in rows])
    # With the byte-order mark, as the portal's exports: Excel reads the Chinese right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _json(header: list[str], rows: Rows) -> bytes:
    records = [dict(zip(header, row, strict=True)) for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def _xlsx(header: list[str], rows: Rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


WRITERS = {"CSV": _csv, "JSON": _json, "XLSX": _xlsx}


def _release(spec: DemoDataset, version: DemoVersion, dataset: Dataset, admin: User,
             drafter: User) -> None:  # fmt: skip
    record = DatasetVersion(
        dataset=dataset, version=version.version, released_on=version.released_on,
        change_note=version.change_note, drafter=drafter,
    )  # fmt: skip
    drafting.version_save(version=record, user=admin)
    for fmt in version.formats:
        name = f"{spec.title}（{version.version}）.{fmt.lower()}"
        upload = SimpleUploadedFile(name, WRITERS[fmt](spec.header, version.rows))
        drafting.distribution_add(version=record, user=admin, fmt=fmt, upload=upload)
    workflow.submit(obj=record, user=admin)
    workflow.approve(obj=record, user=admin, review_result=ReviewResult.CLEAR,
                     override_reason="示例数据：联系电话为机关办公电话。")  # fmt: skip
    workflow.publish(obj=record, user=admin)


@transaction.atomic
def load(stdout: TextIO) -> None:
    users = get_user_model().objects
    admin, drafter = users.get(username="admin"), users.get(username="lishui-drafter")
    agencies = {a.code: a for a in Agency.objects.filter(code__in={d.agency for d in DATASETS})}
    themes = {t.code: t for t in Theme.objects.all()}
    made = 0
    for spec in DATASETS:
        known, _found = demo_record_find(spec.key, Dataset.objects.filter(title=spec.title))
        if known or spec.agency not in agencies:
            continue
        name, email, phone = spec.contact
        dataset = Dataset(
            agency=agencies[spec.agency], title=spec.title, description=spec.description,
            theme=themes[spec.theme], keywords=spec.keywords, periodicity=spec.periodicity,
            temporal_start=spec.temporal[0], temporal_end=spec.temporal[1], spatial=spec.spatial,
            issued=spec.versions[0].released_on, contact_name=name, contact_email=email,
            contact_phone=phone, drafter=drafter,
        )  # fmt: skip
        # Drafted by the city's drafter, reviewed and published by the superuser (four eyes).
        drafting.dataset_save(dataset=dataset, user=admin)
        workflow.submit(obj=dataset, user=admin)
        workflow.approve(obj=dataset, user=admin, review_result=ReviewResult.CLEAR,
                         override_reason="示例数据：联系方式为机关办公电话。")  # fmt: skip
        workflow.publish(obj=dataset, user=admin)
        for version in spec.versions:
            _release(spec, version, dataset, admin, drafter)
        demo_record_keep(spec.key, dataset)
        made += 1
    if made:
        stdout.write(f"Open data: {made} datasets published with their versions.\n")


def summary() -> list[tuple[str, int]]:
    return [
        ("Datasets", Dataset.objects.count()),
        ("Datasets published", Dataset.objects.filter(status=Status.PUBLISHED).count()),
        ("Dataset versions published",
         DatasetVersion.objects.filter(status=Status.PUBLISHED).count()),
    ]  # fmt: skip
