"""Demo data of major decisions for 丽水市人民政府: its catalog of major decisions for the current
year with one decision at every stage of the procedure (and one not started), each step
published in the Regulation's order.

The decision at the 预公开 stage is the open demo consultation of ``interpretation.demo``
(最低生活保障标准调整); the finished one (2026年民生实事项目, with the current year) is its
closed consultation, decided, published as a document with its interpretation, implemented and
evaluated. The other decisions get consultations of their own, closed with an adoption report,
and the decisions at and beyond 决策公布 their documents and interpretations.

Idempotent: records are looked up by the keys ``portal.demo`` keeps (decision and step).
Runs after ``interpretation.demo`` (PORTAL_APPS order), whose consultations it links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from decisions import lifecycle
from decisions.models import Decision, DecisionCatalog, DecisionStep, StepKind
from disclosure import documents as document_service
from disclosure.index_numbers import index_number_assign
from disclosure.models import Document, Genre, Theme
from interpretation import bodies
from interpretation.models import Consultation, Form, Interpretation
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from publishing.models import Publishable, ReviewResult, Status
from publishing.workflow import record_event

LISHUI = "331100000"  # 丽水市人民政府
# The consultations of interpretation.demo, by title.
OPEN_CONSULTATION = "丽水市城乡居民最低生活保障标准调整方案（征求意见稿）"
CLOSED_CONSULTATION_SUFFIX = "年民生实事项目候选清单（征求意见稿）"
DEMO = "（示例数据）"


@dataclass(frozen=True)
class Spec:
    number: int
    title: str
    lead: str
    basis: str
    summary: str
    hearing: bool
    # The last step published (None: not started).
    reached: StepKind | None
    # Steps published as not applicable, with the reason.
    not_applicable: tuple[tuple[StepKind, str], ...] = ()


NO_HEARING = (
    "本事项不属于法律、法规、规章规定应当听证的事项，已通过公开征求意见和座谈会充分听取社会公众意见。"
    + DEMO
)
SPECS = [
    Spec(1, "丽水市城乡居民最低生活保障标准调整", "丽水市民政局",
         "《社会救助暂行办法》；《浙江省最低生活保障办法》",
         "按上年度城乡居民人均消费支出的一定比例调整城乡居民最低生活保障标准。", False,
         StepKind.PRE_DISCLOSURE),
    Spec(2, "丽水市中心城区公共停车收费标准调整", "丽水市发展和改革委员会",
         "《中华人民共和国价格法》；《政府制定价格听证办法》；《浙江省定价目录》",
         "调整中心城区路内和公共停车场收费标准，实行差别化收费。", True, StepKind.HEARING),
    Spec(3, "丽水市生活垃圾分类管理办法", "丽水市综合行政执法局",
         "《中华人民共和国固体废物污染环境防治法》；《浙江省生活垃圾管理条例》",
         "制定本市生活垃圾分类投放、收集、运输和处理的管理办法。", False, StepKind.EXPERT,
         ((StepKind.HEARING, NO_HEARING),)),
    Spec(4, "丽水市中心城区控制性详细规划修编", "丽水市自然资源和规划局",
         "《中华人民共和国城乡规划法》；《浙江省城乡规划条例》",
         "修编中心城区控制性详细规划，优化公共服务设施和绿地布局。", True, StepKind.RISK),
    Spec(5, "丽水市公立医院医疗服务价格调整", "丽水市医疗保障局",
         "《中华人民共和国价格法》；《深化医疗服务价格改革试点方案》",
         "调整部分医疗服务项目价格，理顺比价关系。", False, StepKind.LEGALITY,
         ((StepKind.HEARING, NO_HEARING),)),
    Spec(6, "丽水市义务教育学校学区划分调整方案", "丽水市教育局",
         "《中华人民共和国义务教育法》；《浙江省义务教育条例》",
         "根据新建学校和人口分布调整中心城区义务教育学校学区。", True, StepKind.COLLECTIVE),
    Spec(7, "丽水市促进生态产品价值实现若干政策", "丽水市发展和改革委员会",
         "《关于建立健全生态产品价值实现机制的意见》；《浙江省生态环境保护条例》",
         "从生态产品价值核算、交易和金融支持等方面提出激励措施。", False, StepKind.DECISION,
         ((StepKind.HEARING, NO_HEARING),)),
    Spec(8, "丽水市城市公共交通票价优惠政策", "丽水市交通运输局",
         "《中华人民共和国价格法》；《浙江省城市公共交通管理办法》",
         "对老年人、学生等群体乘坐城市公交实行票价优惠。", True, StepKind.IMPLEMENTATION),
    Spec(9, "丽水市{year}年民生实事项目", "丽水市发展和改革委员会",
         "《丽水市民生实事项目人大代表票决制实施办法》",
         "确定年度民生实事项目，提交市人民代表大会票决后组织实施。", False, StepKind.EVALUATION,
         ((StepKind.HEARING, NO_HEARING),
          (StepKind.RISK, "民生实事项目为惠民事项，经初步分析不涉及社会稳定、公共安全等方面风险，"
                          "未单独开展风险评估。" + DEMO))),
    Spec(10, "丽水市瓯江流域水生态保护补偿办法", "丽水市生态环境局",
         "《中华人民共和国长江保护法》；《浙江省生态环境保护条例》",
         "建立瓯江流域上下游横向生态保护补偿机制。", False, None),
]  # fmt: skip


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _mark_published(obj: Publishable, admin: User, when: dt.datetime) -> None:
    obj.status = Status.PUBLISHED
    obj.review_result = ReviewResult.CLEAR
    obj.drafter = obj.reviewer = obj.publisher = admin
    obj.published_at = when


def _published_event(obj: Publishable, admin: User) -> None:
    record_event(document=obj, user=admin, action="publish", from_status=Status.APPROVED,
                 to_status=Status.PUBLISHED)  # fmt: skip


def _catalog(agency: Agency, admin: User, year: int) -> DecisionCatalog:
    key = f"decisions.catalog:{agency.code}:{year}"
    earlier = DecisionCatalog.objects.filter(agency=agency, year=year)
    made, catalog = demo_record_find(key, earlier)
    if made and catalog is not None:
        return catalog
    catalog = DecisionCatalog(
        agency=agency, year=year,
        notes=f"本目录经市政府常务会议审议通过，年度中如有调整，将及时向社会公布。{DEMO}",
    )  # fmt: skip
    published = max(dt.date(year, 1, 1), timezone.localdate() - dt.timedelta(days=300))
    _mark_published(catalog, admin, _at(published))
    catalog.save()
    demo_record_keep(key, catalog)
    _published_event(catalog, admin)
    return catalog


def _decision(catalog: DecisionCatalog, spec: Spec) -> Decision:
    title = spec.title.format(year=catalog.year)
    key = f"decisions.decision:{catalog.pk}:{spec.number}"
    made, decision = demo_record_find(
        key, Decision.objects.filter(catalog=catalog, number=spec.number)
    )
    if made and decision is not None:
        return decision
    today = timezone.localdate()
    decision = Decision.objects.create(
        catalog=catalog, number=spec.number, title=title, lead_agency=spec.lead,
        legal_basis=spec.basis, summary=spec.summary + DEMO, hearing_required=spec.hearing,
        planned_start=today - dt.timedelta(days=240), planned_end=today + dt.timedelta(days=60),
    )  # fmt: skip
    demo_record_keep(key, decision)
    return decision


def _consultation(agency: Agency, admin: User, decision: Decision, opens: dt.date) -> Consultation:
    """A closed consultation on the decision's draft, with its adoption report."""
    title = f"{decision.title}（征求意见稿）"
    key = f"decisions.consultation:{decision.pk}"
    made, found = demo_record_find(key, Consultation.objects.filter(agency=agency, title=title))
    if made and found is not None:
        return found
    closes = opens + dt.timedelta(days=29)
    consultation = Consultation(
        agency=agency, title=title, opens_on=opens, closes_on=closes,
        draft_text=f"第一条 为{decision.summary.removesuffix(DEMO)}制定本方案。\n\n{DEMO}",
        basis=decision.legal_basis,
        explanation=f"本方案由{decision.lead_agency}起草，现公开征求社会公众意见。{DEMO}",
        contact=f"{decision.lead_agency}，电话0578-2091521",
        closed_at=_at(closes + dt.timedelta(days=1), 0),
        report=f"征求意见期间共收到意见12条，采纳5条，部分采纳3条，未采纳4条并说明理由。{DEMO}",
        report_published_at=_at(closes + dt.timedelta(days=5), 9),
    )  # fmt: skip
    bodies.bodies_clean(consultation)  # the texts as the editor writes them: HTML
    _mark_published(consultation, admin, _at(opens, 8))
    consultation.save()
    demo_record_keep(key, consultation)
    _published_event(consultation, admin)
    return consultation


def _document(agency: Agency, admin: User, decision: Decision, day: dt.date) -> Document:
    title = f"丽水市人民政府关于印发《{decision.title}》的通知"
    key = f"decisions.document:{decision.pk}"
    made, found = demo_record_find(key, Document.objects.filter(agency=agency, title=title))
    if made and found is not None:
        return found
    document = Document(
        agency=agency, title=title, date_formed=day, effective_date=day,
        doc_number=f"丽政发〔{day.year}〕{10 + decision.number}号",
        theme=Theme.objects.filter(parent__name="综合政务").first(),
        genre=Genre.objects.filter(name="通知").first(),
        keywords=f"重大行政决策 {decision.lead_agency}",
        summary=f"{decision.summary.removesuffix(DEMO)}经市政府常务会议审议通过，现予印发。{DEMO}",
        body=(
            "<p>各县（市、区）人民政府，市政府直属各单位：</p>"
            f"<p>《{decision.title}》已经市政府常务会议审议通过，现印发给你们，请结合实际，"
            "认真组织实施。实施中遇到的问题，请及时向"
            f"{decision.lead_agency}反映。</p>"
            f"<p>丽水市人民政府</p><p>{day.year}年{day.month}月{day.day}日</p>"
            f"<p>{DEMO}</p>"
        ),
        needs_interpretation=True,
    )  # fmt: skip
    document_service.fill_derived_fields(document)
    _mark_published(document, admin, _at(day, 9))
    document.date_published = day
    index_number_assign(document=document)
    document.save()
    demo_record_keep(key, document)
    _published_event(document, admin)
    return document


def _interpretation(
    agency: Agency, admin: User, decision: Decision, document: Document
) -> Interpretation:
    title = f"《{decision.title}》政策解读"
    key = f"decisions.interpretation:{decision.pk}"
    made, found = demo_record_find(key, Interpretation.objects.filter(agency=agency, title=title))
    if made and found is not None:
        return found
    interpretation = Interpretation(
        agency=agency, form=Form.TEXT, title=title, department=decision.lead_agency,
        summary=f"{decision.lead_agency}对《{decision.title}》的解读。{DEMO}",
        background=f"依据{decision.legal_basis}，结合本市实际制定。",
        main_content=f"{decision.summary.removesuffix(DEMO)}{DEMO}",
    )  # fmt: skip
    bodies.bodies_clean(interpretation)
    _mark_published(interpretation, admin, document.published_at or _at(document.date_formed))
    interpretation.save()
    interpretation.documents.add(document)
    demo_record_keep(key, interpretation)
    _published_event(interpretation, admin)
    return interpretation


def _step_fields(
    kind: StepKind, decision: Decision, spec: Spec, day: dt.date, links: dict[str, Any]
) -> dict[str, Any]:
    reasons = dict(spec.not_applicable)
    if kind in reasons:
        return {"not_applicable": True, "not_applicable_reason": reasons[kind]}
    if kind == StepKind.PRE_DISCLOSURE:
        return {
            "held_on": day,
            "consultation": links["consultation"],
            "summary": f"在政府门户网站公布决策草案及其依据，公开征求意见30日。{DEMO}",
        }
    if kind == StepKind.PARTICIPATION:
        return {
            "held_on": day,
            "meeting": "座谈会、网络征求意见",
            "summary": "通过政府门户网站公开征求意见，并召开座谈会听取市民代表、企业和基层单位"
            f"意见；意见采纳情况已随征求意见一并公布。{DEMO}",
        }
    if kind == StepKind.HEARING:
        return {
            "held_on": day,
            "meeting": "听证会",
            "venue": "丽水市行政中心第一会议室",
            "public_attendance": "听证参加人15名，其中市民代表9名；另有5名市民旁听",
            "summary": "听证会就方案的必要性、可行性和具体标准听取意见，听证报告作为决策的重要"
            f"依据。{DEMO}",
        }
    if kind == StepKind.EXPERT:
        return {
            "held_on": day,
            "meeting": "专家论证会",
            "summary": f"组织法律、经济和相关领域5名专家进行论证。{DEMO}",
            "conclusion": "方案总体可行，建议细化实施步骤；建议均已采纳。",
        }
    if kind == StepKind.RISK:
        return {
            "held_on": day,
            "summary": f"委托第三方机构开展社会稳定风险评估，走访相关群体并分析舆情。{DEMO}",
            "conclusion": "风险等级为低风险，可以实施。",
        }
    if kind == StepKind.LEGALITY:
        return {
            "held_on": day,
            "conclusion_public": spec.number != 5,
            "summary": f"市司法局对决策权限、程序和内容的合法性进行审查。{DEMO}",
            "conclusion": "决策事项符合法定权限和程序，内容合法，同意提交市政府常务会议审议。",
        }
    if kind == StepKind.COLLECTIVE:
        return {
            "held_on": day,
            "meeting": f"市政府第{30 + spec.number}次常务会议",
            "public_attendance": "邀请2名市民代表列席会议",
            "summary": f"会议听取承办单位汇报，经集体讨论，决定原则通过。{DEMO}",
            "conclusion": "原则通过",
        }
    if kind == StepKind.DECISION:
        return {
            "held_on": day,
            "document": links["document"],
            "interpretation": links["interpretation"],
            "summary": f"决策文件与政策解读同步公布。{DEMO}",
        }
    if kind == StepKind.IMPLEMENTATION:
        return {
            "held_on": day,
            "summary": f"{decision.lead_agency}按计划组织实施，各项任务按期推进。{DEMO}",
        }
    return {
        "held_on": day,
        "summary": f"委托第三方机构开展决策后评估，听取公众和实施单位意见。{DEMO}",
        "conclusion": "决策实施效果良好，建议继续实施并完善配套措施。",
    }


def _steps(agency: Agency, admin: User, decision: Decision, spec: Spec) -> int:
    if spec.reached is None:
        return 0
    today = timezone.localdate()
    kinds = lifecycle.ORDER[: lifecycle.POSITION[spec.reached] + 1]
    links: dict[str, Any] = {}
    if spec.number == 1:
        consultation = Consultation.objects.filter(agency=agency, title=OPEN_CONSULTATION).first()
    elif spec.reached == StepKind.EVALUATION:
        consultation = Consultation.objects.filter(
            agency=agency, title__endswith=CLOSED_CONSULTATION_SUFFIX
        ).first()
    else:
        consultation = _consultation(
            agency, admin, decision, today - dt.timedelta(days=40 + 14 * len(kinds))
        )
    if consultation is None:  # interpretation's demo did not run
        return 0
    links["consultation"] = consultation
    # The draft's day, then public participation after comments closed, then the others
    # evenly spaced up to a few days ago.
    days = [consultation.opens_on]
    if len(kinds) > 1:
        first = consultation.closes_on + dt.timedelta(days=3)
        last = max(first, today - dt.timedelta(days=2))
        gap = (last - first) / max(len(kinds) - 2, 1)
        days += [first + gap * index for index in range(len(kinds) - 1)]
    if StepKind.DECISION in kinds:
        day = days[lifecycle.POSITION[StepKind.DECISION]]
        links["document"] = _document(agency, admin, decision, day)
        links["interpretation"] = _interpretation(agency, admin, decision, links["document"])
    created = 0
    for kind, day in zip(kinds, days, strict=True):
        key = f"decisions.step:{decision.pk}:{kind}"
        if demo_record_find(key, DecisionStep.objects.filter(decision=decision, kind=kind))[0]:
            continue
        step = DecisionStep(decision=decision, agency=agency, kind=kind,
                            **_step_fields(kind, decision, spec, day, links))  # fmt: skip
        _mark_published(step, admin, _at(max(day, consultation.opens_on)))
        step.save()
        demo_record_keep(key, step)
        _published_event(step, admin)
        created += 1
    return created


def summary() -> list[tuple[str, int]]:
    """What the portal holds, for ``load_demo``'s closing table."""
    return [
        ("Catalogs of major decisions published", DecisionCatalog.objects.published().count()),
        ("Major decision steps published", DecisionStep.objects.published().count()),
    ]


@transaction.atomic
def load(stdout: TextIO) -> None:
    admin = get_user_model().objects.get(username="admin")
    agency = Agency.objects.get(code=LISHUI)
    catalog = _catalog(agency, admin, timezone.localdate().year)
    for spec in SPECS:
        decision = _decision(catalog, spec)
        _steps(agency, admin, decision, spec)
