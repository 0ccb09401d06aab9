"""Demo data of the policy services: policy items (政策事项) on the corpus documents the
disclosure and interpretation demos publish, with realistic conditions, so that the 政策文件库,
the 免申即享 list and 政策找人 have something to show. The corpus documents are about 政务公开
work, so the items are illustrations hung on the articles that speak of the matter (服务公开,
数据开放, 利企便民), each marked 示例数据:

- on 丽水's 《关于全面推进政务公开工作的实施方案》 (丽委办发〔2016〕81号): business items by
  industry and size (a data-innovation grant for small and micro I/M businesses, a
  technology-upgrade grant for large and medium manufacturers, 稳岗返还 granted without
  application), and items for people (graduates, veterans, the over-80s in 莲都区);
- on 黄山's implementation plan (corpus seed 003, with its interpretation and Q&A): 农村危房
  改造 and a rent allowance for 低保 households (免申即享), and free help for small businesses;
- on 南通's 2021 work points (seed 001, expired at the end of 2021): one item, published while
  the document was in force and now on no public page.

Recorded through ``policies.drafting`` and the shared workflow (drafted as the city's demo
drafter, reviewed and published by the superuser). Idempotent: each item is remembered as a
``DemoRecord`` under its key.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from disclosure.demo import CORPUS_DOCUMENTS
from disclosure.models import Document
from policies import drafting
from policies.drafting import Criterion
from policies.models import CriterionType, CriterionValue, Delivery, PolicyItem
from policies.vocabulary import vocabulary_seed
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from publishing import workflow
from publishing.models import ReviewResult, Status
from publishing.workflow import record_event

NOTE = "（示例数据）"
GUIDE = "https://www.zjzwfw.gov.cn/"
LISHUI_PLAN = "004_29828334ab9e6284.txt"
NANTONG_POINTS = "001_b96ecd11589b4b73.txt"
HUANGSHAN_TITLE = "黄山市全面推进基层政务公开标准化规范化工作实施方案"

T = CriterionType


def _lishui(today: dt.date) -> list[dict[str, Any]]:
    region = [Criterion(T.REGION, regions=_regions("331100000"))]
    office = ("丽水市人民政府办公室（政务公开科）", "0578-2091522")
    return [
        {"key": "lishui-data-grant", "name": "政府数据开放创新应用扶持",
             "summary": "支持小微企业利用开放的政府数据开发便民应用，经评审给予一次性扶持资金。" + NOTE,
             "audience": "businesses", "benefit_amount": Decimal("100000"), "benefit_text": "一次性扶持，最高10万元",
             "delivery": Delivery.APPLY, "apply_deadline": today + dt.timedelta(days=60), "time_limit": "受理后20个工作日",
             "article_ref": "四、（二）促进政府数据共享开放", "office": office,
             "conditions": [*region, Criterion(T.INDUSTRY, values=["I", "M"]),
                         Criterion(T.SIZE, values=["small", "micro"])]},
        {"key": "lishui-upgrade-grant", "name": "制造业企业技术改造补助",
             "summary": "对完成数字化技术改造的规模以上制造业企业，按设备投资额给予补助。" + NOTE,
             "audience": "businesses", "benefit_amount": Decimal("500000"), "benefit_text": "按设备投资额的10%补助，最高50万元",
             "delivery": Delivery.APPLY, "apply_deadline": today + dt.timedelta(days=30), "time_limit": "受理后30个工作日",
             "article_ref": "四、（三）打造网上协同治理平台", "office": ("丽水市经济和信息化局", "0578-2091566"),
             "conditions": [*region, Criterion(T.INDUSTRY, values=["C"]),
                         Criterion(T.SIZE, values=["large", "medium"])]},
        {"key": "lishui-job-retention", "name": "企业稳岗返还",
             "summary": "依法参加失业保险、上年度未裁员或裁员率低于规定标准的中小微企业，无需申请，"
                     "由人力社保部门比对数据后直接返还。" + NOTE,
             "audience": "businesses", "benefit_amount": None, "benefit_text": "按上年度实际缴纳失业保险费的60%返还",
             "delivery": Delivery.AUTOMATIC, "time_limit": "每年第三季度集中发放",
             "article_ref": "四、（一）不断完善政务服务网建设", "office": ("丽水市人力资源和社会保障局", "0578-2123300"),
             "conditions": [*region, Criterion(T.SIZE, values=["medium", "small", "micro"])]},
        {"key": "lishui-graduate-startup", "name": "高校毕业生自主创业补贴",
             "summary": "毕业5年内的高校毕业生在本市首次创办企业并正常经营6个月以上的，给予一次性创业补贴。" + NOTE,
             "audience": "individuals", "benefit_amount": Decimal("10000"), "benefit_text": "一次性补贴1万元",
             "delivery": Delivery.DIRECT, "time_limit": "审核通过后10个工作日内发放",
             "article_ref": "四、（二）促进政府数据共享开放（为大众创业、万众创新提供条件）",
             "office": ("丽水市就业管理服务中心", "0578-2123311"),
             "conditions": [*region, Criterion(T.GROUP, values=["graduate"]),
                         Criterion(T.AGE, age_min=18, age_max=35)]},
        {"key": "lishui-veteran-startup", "name": "退役军人自主创业扶持",
             "summary": "自主就业退役军人在本市创办个体工商户或小微企业的，给予一次性创业扶持。" + NOTE,
             "audience": "both", "benefit_amount": Decimal("5000"), "benefit_text": "一次性扶持5000元",
             "delivery": Delivery.DIRECT, "time_limit": "10个工作日",
             "article_ref": "四、（一）不断完善政务服务网建设", "office": ("丽水市退役军人事务局", "0578-2123322"),
             "conditions": [*region, Criterion(T.GROUP, values=["veteran"])]},
        {"key": "lishui-elderly-allowance", "name": "80周岁以上老年人高龄津贴",
             "summary": "户籍在莲都区、年满80周岁的老年人，由民政部门依据户籍数据直接发放高龄津贴，无需申请。" + NOTE,
             "audience": "individuals", "benefit_amount": Decimal("1200"), "benefit_text": "每人每年1200元，按月发放",
             "delivery": Delivery.AUTOMATIC, "time_limit": "按月发放",
             "article_ref": "四、（一）不断完善政务服务网建设", "office": ("莲都区民政局", "0578-2181330"),
             "conditions": [Criterion(T.REGION, regions=_regions("331102000")),
                         Criterion(T.AGE, age_min=80)]},
    ]  # fmt: skip


def _huangshan(today: dt.date) -> list[dict[str, Any]]:
    region = [Criterion(T.REGION, regions=_regions("341000000"))]
    return [
        {"key": "huangshan-rural-housing", "name": "农村危房改造补助",
             "summary": "对居住在危房中的农村低保户、低保边缘户和特困人员，给予危房改造补助。" + NOTE,
             "audience": "individuals", "benefit_amount": Decimal("35000"), "benefit_text": "每户最高3.5万元",
             "delivery": Delivery.APPLY, "time_limit": "乡镇受理后30个工作日",
             "article_ref": "五、主要任务（一）落实标准指引，编制公开目录", "office": ("黄山市住房和城乡建设局", "0559-2351122"),
             "conditions": [*region, Criterion(T.HOUSEHOLD, values=["dibao", "dibao-edge", "tekun"])]},
        {"key": "huangshan-rent-allowance", "name": "低保家庭住房租赁补贴",
             "summary": "城镇低保家庭租住市场住房的，依据民政部门低保数据直接发放租赁补贴，无需申请。" + NOTE,
             "audience": "individuals", "benefit_amount": Decimal("7200"), "benefit_text": "每户每月600元，按季度发放",
             "delivery": Delivery.AUTOMATIC, "time_limit": "按季度发放",
             "article_ref": "五、主要任务（四）坚持利企便民", "office": ("黄山市住房保障服务中心", "0559-2351133"),
             "conditions": [*region, Criterion(T.HOUSEHOLD, values=["dibao"])]},
        {"key": "huangshan-business-help", "name": "小微企业政务服务帮办代办",
             "summary": "为小微企业和个体工商户免费提供开办、变更、注销等事项的帮办代办服务。" + NOTE,
             "audience": "businesses", "benefit_amount": None, "benefit_text": "免费帮办代办",
             "delivery": Delivery.DIRECT, "time_limit": "即时办理",
             "article_ref": "五、主要任务（四）坚持利企便民", "office": ("黄山市数据资源管理局", "0559-2351144"),
             "conditions": [*region, Criterion(T.SIZE, values=["small", "micro"])]},
    ]  # fmt: skip


def _nantong() -> list[dict[str, Any]]:
    return [
        {"key": "nantong-subsidy-card", "name": "惠民惠农财政补贴“一卡通”发放",
             "summary": "惠民惠农补贴通过社会保障卡“一卡通”直接发放到户。" + NOTE,
             "audience": "individuals", "benefit_amount": None, "benefit_text": "按各项补贴标准直接发放",
             "delivery": Delivery.AUTOMATIC, "time_limit": "按补贴项目规定",
             "article_ref": "加大惠民惠農政策和資金發放信息公開力度", "office": ("南通市财政局", "0513-85098123"),
             "conditions": [Criterion(T.REGION, regions=_regions("320600000"))]},
    ]  # fmt: skip


def _regions(*codes: str) -> list[Agency]:
    return list(Agency.objects.filter(code__in=codes))


def _corpus_document(file: str) -> Document | None:
    spec = next(s for s in CORPUS_DOCUMENTS if s.file == file)
    return Document.objects.filter(agency__code=spec.agency_code, title=spec.title).first()


def _build(document: Document, spec: dict[str, Any]) -> tuple[PolicyItem, list[Criterion]]:
    office, phone = spec["office"]
    item = PolicyItem(
        document=document, name=spec["name"], summary=spec["summary"], audience=spec["audience"],
        benefit_amount=spec["benefit_amount"], benefit_text=spec["benefit_text"],
        delivery=spec["delivery"], guide_url=GUIDE, time_limit=spec["time_limit"],
        how_to_apply="登录浙江政务服务网或到当地政务服务中心综合窗口办理。" if spec["delivery"] != Delivery.AUTOMATIC
        else "无需申请：符合条件的，由主管部门比对数据后直接兑现。",
        contact_office=office, contact_phone=phone, apply_deadline=spec.get("apply_deadline"),
        article_ref=spec["article_ref"],
    )  # fmt: skip
    return item, spec["conditions"]


def _publish(item: PolicyItem, conditions: list[Criterion], admin: User, drafter: User) -> None:
    item.drafter = drafter
    drafting.item_save(item=item, user=admin, conditions=conditions)
    workflow.submit(obj=item, user=admin)
    workflow.approve(obj=item, user=admin, review_result=ReviewResult.CLEAR)
    workflow.publish(obj=item, user=admin)


def _publish_historic(item: PolicyItem, conditions: list[Criterion], admin: User) -> None:
    """Published while its document was in force (it expired since): the workflow would now
    refuse it, as it should."""
    item.drafter = admin
    drafting.item_save(item=item, user=admin, conditions=conditions)
    item.status = Status.PUBLISHED
    item.review_result = ReviewResult.CLEAR
    item.reviewer = item.publisher = admin
    item.published_at = timezone.make_aware(dt.datetime(2021, 7, 21, 9, 0))
    item.save()
    record_event(document=item, user=admin, action="publish", from_status=Status.APPROVED,
                 to_status=Status.PUBLISHED, note="示例数据：文件有效期内发布")  # fmt: skip


@transaction.atomic
def load(stdout: TextIO) -> None:
    vocabulary_seed(CriterionValue)
    users = get_user_model().objects
    admin = users.get(username="admin")
    drafter = users.filter(username="lishui-drafter").first() or admin
    today = timezone.localdate()
    lishui = _corpus_document(LISHUI_PLAN)
    huangshan = Document.objects.filter(title=HUANGSHAN_TITLE, status=Status.PUBLISHED).first()
    nantong = _corpus_document(NANTONG_POINTS)
    made = 0
    batches = [(lishui, _lishui(today)), (huangshan, _huangshan(today)), (nantong, _nantong())]
    for document, specs in batches:
        if document is None:
            continue
        for spec in specs:
            key = f"policies.item:{spec['key']}"
            known, _found = demo_record_find(
                key, PolicyItem.objects.filter(document=document, name=spec["name"])
            )
            if known:
                continue
            item, conditions = _build(document, spec)
            if document.validity == "valid":
                _publish(item, conditions, admin, drafter)
            else:
                _publish_historic(item, conditions, admin)
            demo_record_keep(key, item)
            made += 1
    if made:
        stdout.write(f"Policy items: {made} recorded and published.\n")


def summary() -> list[tuple[str, int]]:
    return [
        ("Policy items published", PolicyItem.objects.published().count()),
        ("Policy items on display", PolicyItem.objects.on_display().count()),
    ]
