"""Demo data of the 政务新媒体 list: accounts of 丽水市人民政府 and three of its departments on
WeChat, Weibo, Douyin, Toutiao and in an app — names like the real ones, each marked （示例） —
one of them silent for a month (the self-inspection flags it) and one closed (关停), plus a draft
for the demo staff to take through the workflow. QR codes are drawn here (segno), each opening
the portal's page of its account.

Made through the services (``drafting``, the shared workflow), drafted by the city's drafter
and reviewed and published by the superuser. Idempotent: each account is remembered as a
``DemoRecord`` under its key and never made again.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import TextIO

import segno

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from newmedia import drafting
from newmedia.models import Account, InspectionStatus, Platform, Verification
from portal import access
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency, StaffRole
from publishing import workflow
from publishing.models import ReviewResult, Status


@dataclass(frozen=True)
class DemoAccount:
    key: str
    agency_code: str
    platform: str
    name: str
    handle: str
    description: str
    opened: dt.date
    silent_days: int | None  # days since its last update, None: never updated
    closed_days_ago: int | None = None
    publish: bool = True


ACCOUNTS = [
    DemoAccount("city-wechat", "331100000", Platform.WECHAT, "丽水发布（示例）", "lishuifabu-demo",
                "丽水市人民政府新闻发布、政策解读和便民服务信息。", dt.date(2014, 3, 1), 1),
    DemoAccount("city-weibo", "331100000", Platform.WEIBO, "丽水发布微博（示例）", "@lishuifabu-demo",
                "市政府权威信息发布和网民互动。", dt.date(2012, 6, 18), 2),
    DemoAccount("city-douyin", "331100000", Platform.DOUYIN, "丽水发布短视频（示例）",
                "lsfb-demo", "政策解读短视频和城市宣传。", dt.date(2019, 9, 10), 4),
    DemoAccount("city-app", "331100000", Platform.APP, "丽水政务客户端（示例）", "cn.gov.lishui.demo",
                "办事服务、政务公开和互动交流的移动端入口。", dt.date(2018, 1, 8), 3),
    DemoAccount("office-wechat", "331100001", Platform.WECHAT, "丽水政务公开（示例）",
                "lsgov-open-demo", "政务公开工作动态和政府信息公开指南。", dt.date(2017, 5, 2), 6),
    # Silent for a month: the self-inspection flags it (two weeks is the limit).
    DemoAccount("finance-toutiao", "331100002", Platform.TOUTIAO, "丽水财政头条号（示例）",
                "lscz-demo", "财政预决算公开和惠企政策。", dt.date(2020, 4, 20), 31),
    DemoAccount("education-wechat", "331100003", Platform.WECHAT, "丽水教育（示例）", "lsedu-demo",
                "招生入学、教育政策和校园安全提示。", dt.date(2015, 8, 28), 2),
    # Closed: it keeps its record, marked 关停.
    DemoAccount("education-weibo", "331100003", Platform.WEIBO, "丽水教育微博（示例）",
                "@lsedu-demo", "教育新闻。", dt.date(2013, 4, 1), 400, closed_days_ago=380),
    DemoAccount("finance-kuaishou", "331100002", Platform.KUAISHOU, "丽水财政快手号（示例）",
                "lscz-ks-demo", "财政政策短视频。", dt.date(2025, 11, 3), 5, publish=False),
]  # fmt: skip


def _qr_picture(spec: DemoAccount) -> SimpleUploadedFile:
    # About 600 px: the account page shows it at 200 px, sharp on a phone's denser screen too
    # (at 185 px Lighthouse reported an image of low resolution).
    buffer = io.BytesIO()
    segno.make(f"https://www.lishui.gov.cn/newmedia/{spec.key}", error="m").save(
        buffer, kind="png", scale=16, border=2
    )
    return SimpleUploadedFile(f"{spec.key}-qr.png", buffer.getvalue(), content_type="image/png")


def _account(spec: DemoAccount, admin: User, drafter: User, today: dt.date) -> bool:
    key = f"newmedia.account:{spec.key}"
    agency = Agency.objects.get(code=spec.agency_code)
    earlier = Account.objects.filter(agency=agency, platform=spec.platform, name=spec.name)
    if demo_record_find(key, earlier)[0]:
        return False
    silent = None if spec.silent_days is None else today - dt.timedelta(days=spec.silent_days)
    closed = None
    if spec.closed_days_ago is not None:
        closed = today - dt.timedelta(days=spec.closed_days_ago)
    account = Account(
        agency=agency, platform=spec.platform, name=spec.name, handle=spec.handle,
        description=spec.description, verification=Verification.VERIFIED, opened_on=spec.opened,
        last_updated_on=silent, closed_on=closed,
        closure_reason="机构职能调整，账号内容并入“丽水教育（示例）”。" if closed else "",
        inspection_status=InspectionStatus.PASSED, inspected_on=today - dt.timedelta(days=60),
    )  # fmt: skip
    if closed is not None and account.inspected_on and account.inspected_on > closed:
        account.inspected_on = closed
    # The city's drafter drafts for the city; the departments' accounts are entered by the
    # superuser in the drafter's name (the demo has no drafters of its own for them).
    author = drafter if access.can_act(drafter, agency, StaffRole.Role.DRAFTER) else admin
    account.drafter = drafter
    drafting.account_save(account=account, user=author, qr_upload=_qr_picture(spec))
    if spec.publish:
        workflow.submit(obj=account, user=author)
        workflow.approve(obj=account, user=admin, review_result=ReviewResult.CLEAR)
        workflow.publish(obj=account, user=admin)
    demo_record_keep(key, account)
    return True


@transaction.atomic
def load(stdout: TextIO) -> None:
    users = get_user_model().objects
    admin, drafter = users.get(username="admin"), users.get(username="lishui-drafter")
    today = timezone.localdate()
    made = sum(_account(spec, admin, drafter, today) for spec in ACCOUNTS)
    if made:
        stdout.write(f"Government new media: {made} accounts made.\n")


def summary() -> list[tuple[str, int]]:
    return [
        ("New media accounts published", Account.objects.published().count()),
        ("New media accounts in the workflow",
         Account.objects.exclude(status=Status.PUBLISHED).count()),
    ]  # fmt: skip
