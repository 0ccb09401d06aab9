"""Demo data for the annual reports: last year's report of 丽水市人民政府 (the government and
its departments), published with its tables frozen, so that the public list, the report page,
its downloads and the browser checks (a 360 px phone, axe) have one to show.

Idempotent: the report is looked up by agency and year and left alone when it exists.
"""

from __future__ import annotations

from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from portal.models import Agency
from publishing.models import Status
from publishing.workflow import record_event
from reports import tables
from reports.models import AnnualReport

AGENCY_CODE = "331100000"  # 丽水市人民政府

OVERVIEW = (
    "{year}年，丽水市人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。\n"
    "全年通过政府门户网站主动公开政府信息，依法办理政府信息公开申请，"
    "政府信息公开平台建设和监督保障工作持续加强。"
)
PROBLEMS = (
    "存在的主要问题：部分部门政策解读形式较为单一，依申请公开答复的规范性还需加强。\n"
    "改进情况：加强业务培训，规范答复文书，推行图解、视频等多种解读形式。"
)
OTHER = "本机关未收取信息处理费。"


@transaction.atomic
def load(stdout: TextIO) -> None:
    agency = Agency.objects.filter(code=AGENCY_CODE).first()
    if agency is None:
        return
    year = timezone.localdate().year - 1
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        stdout.write("Reports: demo annual report already there\n")
        return
    admin = get_user_model().objects.get(username="admin")
    report = AnnualReport.objects.create(
        agency=agency,
        year=year,
        section_overview=OVERVIEW.format(year=year),
        section_problems=PROBLEMS,
        section_other=OTHER,
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        frozen_tables=tables.compute(agency, year),
    )
    record_event(
        document=report,
        user=admin,
        action="publish",
        from_status=Status.APPROVED,
        to_status=Status.PUBLISHED,
        note="示例数据",
    )
    stdout.write(f"Reports: the {year} annual report of {agency.name} published\n")
