"""Demo data of 行政执法公示 for 丽水市人民政府 and its departments: a dozen decisions of each kind
(许可, 处罚, 强制, 检查), some about natural persons (public as 张*), some about companies with
valid unified social credit codes, and one penalty whose 公示期 has ended (kept for staff and
the annual report, gone from the public pages). A few more decisions of the finance, education
and housing bureaus are made under the power items of their lists (``powers.demo``) and name
them. Dates are relative to the day of loading.

Two 双随机、一公开 plans: 丽水市财政局's for 代理记账机构, drawn, with its results published, and
丽水市教育局's for 校外培训机构, published and not drawn yet.

Recorded and published through the services (``drafting.decision_save``,
``inspections.plan_save``, ``plan_draw``, ``result_save`` and the shared workflow), drafted by
the city's demo drafter and reviewed by the superuser. Idempotent: each decision and plan is
remembered as a ``DemoRecord`` under its key and never made again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from enforcement import drafting, inspections
from enforcement.models import (
    Decision,
    DecisionKind,
    InspectionItem,
    InspectionOutcome,
    InspectionPlan,
    InspectionResult,
    PlanInspector,
    PlanSubject,
    SubjectType,
    publication_days,
)
from portal.demo import demo_record_find, demo_record_keep
from portal.identity import credit_code_problem, resident_id_problem
from portal.models import Agency
from powers.models import PowerItem
from publishing import workflow
from publishing.models import ReviewResult, Status

NOTE = "（示例数据）"
AGENCIES = ["331100000", "331100001", "331100002", "331100003"]
SURNAMES = "张王李赵陈刘杨黄周吴徐孙"
GIVEN = ["伟", "芳", "建国", "秀英", "志强", "丽娟", "海涛", "晓燕", "国平", "春梅", "文军", "静"]
COMPANIES = [
    "丽水市瓯江食品有限公司", "丽水市绿谷建设工程有限公司", "丽水市莲都区青瓷文化传播有限公司",
    "丽水市处州教育咨询有限公司", "丽水市云和木制玩具有限公司", "丽水市松阳茶业有限公司",
]  # fmt: skip
REPRESENTATIVES = ["叶建华", "潘晓东", "毛利民", "季红梅", "雷志刚", "蓝小芬"]

# Per kind: (文号 prefix, summary, legal basis, decision, amount or None).
TEXTS = {
    DecisionKind.LICENSING: (
        "丽政许", "申请人申请食品经营许可，经审查符合法定条件。",
        "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》第十三条",
        "准予行政许可，核发食品经营许可证，有效期五年。", None,
    ),
    DecisionKind.PENALTY: (
        "丽政罚", "当事人未经许可擅自从事经营活动，违法事实清楚，证据确凿。",
        "《无证无照经营查处办法》第十三条",
        "责令改正，没收违法所得，并处罚款。", Decimal("5000.00"),
    ),
    DecisionKind.COERCION: (
        "丽政强", "当事人涉嫌生产经营不符合安全标准的产品，为防止证据灭失，依法实施查封。",
        "《中华人民共和国行政强制法》第九条、第二十二条",
        "对涉案物品予以查封，期限三十日。", None,
    ),
    DecisionKind.INSPECTION: (
        "丽政检", "对检查对象的经营资质、台账记录和安全管理制度进行现场检查。",
        "《浙江省行政执法监督条例》；《丽水市行政检查工作规范》",
        "检查结果：未发现问题。", None,
    ),
}  # fmt: skip


def _with_check(body: str, alphabet: str, problem: object) -> str:
    """``body`` with the one check character that makes it valid."""
    for char in alphabet:
        if problem(body + char) is None:  # type: ignore[operator]
            return body + char
    raise ValueError(body)


def credit_code(n: int) -> str:
    """A valid unified social credit code (GB 32100) of a made-up company in 丽水 (331100)."""
    return _with_check(
        f"91331100MA2{n:06d}", "0123456789ABCDEFGHJKLMNPQRTUWXY", credit_code_problem
    )


def resident_id(n: int) -> str:
    """A valid resident ID number (GB 11643) of a made-up person born in 1980-1991."""
    return _with_check(
        f"331102{1980 + n % 12}{1 + n % 9:02d}{10 + n % 18:02d}{100 + n:03d}",
        "0123456789X",
        resident_id_problem,
    )


def _decision(kind: DecisionKind, i: int, today: dt.date, agencies: list[Agency]) -> Decision:
    prefix, summary, basis, decision_text, amount = TEXTS[kind]
    person = i % 3 != 2
    values = {
        "agency": agencies[i % len(agencies)],
        "kind": kind,
        "number": f"{prefix}〔{today.year}〕{i + 1}号",
        "summary": summary + NOTE,
        "legal_basis": basis,
        "decision_text": decision_text,
        "amount": None if amount is None else amount * (1 + i % 4),
        "decision_date": today - dt.timedelta(days=7 + 23 * i),
    }
    if person:
        values |= {
            "subject_type": SubjectType.PERSON if i % 2 == 0 else SubjectType.INDIVIDUAL_BUSINESS,
            "subject_name": SURNAMES[i] + GIVEN[i],
            "id_number": resident_id(i),
        }
        if i % 2 == 1:  # an individual business trades under its own name, with a credit code
            values |= {"subject_name": f"丽水市莲都区{GIVEN[i]}小吃店",
                       "credit_code": credit_code(500 + i)}  # fmt: skip
    else:
        values |= {
            "subject_type": SubjectType.ORGANISATION,
            "subject_name": COMPANIES[i // 2 % len(COMPANIES)],
            "credit_code": credit_code(i),
            "legal_representative": REPRESENTATIVES[i // 2 % len(REPRESENTATIVES)],
        }
    return Decision(**values)


def _expired(today: dt.date, agency: Agency) -> Decision:
    """A penalty whose 公示期 ended a month ago."""
    prefix, summary, basis, decision_text, amount = TEXTS[DecisionKind.PENALTY]
    decided = today - dt.timedelta(days=publication_days(DecisionKind.PENALTY) + 30)
    return Decision(
        agency=agency, kind=DecisionKind.PENALTY, number=f"{prefix}〔{decided.year}〕99号",
        subject_type=SubjectType.PERSON, subject_name="钱多多", id_number=resident_id(99),
        summary=summary + "（公示期已满）" + NOTE, legal_basis=basis,
        decision_text=decision_text, amount=amount, decision_date=decided,
    )  # fmt: skip


# Decisions made under an item of the agency's list of powers (loaded before, ``powers.demo``):
# (key, agency, kind, power item code, number prefix, summary, legal basis, decision, amount).
LINKED = [
    ("enforcement:linked:finance-penalty", "331100002", DecisionKind.PENALTY, "处罚-01020-000",
     "丽财罚", "当事人未按照规定设置会计账簿，以未经审核的会计凭证为依据登记会计账簿，违法事实清楚。",
     "《中华人民共和国会计法》第四十二条", "责令限期改正，并处罚款。", Decimal("20000.00")),
    ("enforcement:linked:finance-inspection", "331100002", DecisionKind.INSPECTION, "检查-00301-000",
     "丽财检", "对检查对象2025年度会计信息质量进行检查，抽查会计凭证、会计账簿和财务会计报告。",
     "《中华人民共和国会计法》第三十三条；《财政部门监督办法》第十五条", "检查结果：会计核算基本规范，对发现的两处记账错误已当场督促更正。", None),
    ("enforcement:linked:education-licence", "331100003", DecisionKind.LICENSING, "许可-00201-000",
     "丽教许", "申请人申请设立实施学历教育的民办学校，经审查符合法定条件。",
     "《中华人民共和国民办教育促进法》第十二条", "准予设立，颁发民办学校办学许可证。", None),
    ("enforcement:linked:housing-penalty", "331102001", DecisionKind.PENALTY, "处罚-01201-000",
     "莲建罚", "当事人作为建设单位，未取得施工许可证擅自开工建设，违法事实清楚，证据确凿。",
     "《中华人民共和国建筑法》第六十四条；《建设工程质量管理条例》第五十七条", "责令停止施工，限期改正，并处工程合同价款百分之一的罚款。", Decimal("36000.00")),
]  # fmt: skip


def _linked(n: int, row: tuple, today: dt.date) -> Decision | None:
    _key, code, kind, item_code, prefix, summary, basis, decision_text, amount = row
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        return None
    company = 20 + n
    return Decision(
        agency=agency, kind=kind, number=f"{prefix}〔{today.year}〕{n + 1}号",
        subject_type=SubjectType.ORGANISATION, subject_name=COMPANIES[company % len(COMPANIES)],
        credit_code=credit_code(company), legal_representative=REPRESENTATIVES[n % len(REPRESENTATIVES)],
        summary=summary + NOTE, legal_basis=basis, decision_text=decision_text, amount=amount,
        decision_date=today - dt.timedelta(days=10 + 17 * n),
        power_item=PowerItem.objects.published().filter(agency=agency, code=item_code).first(),
    )  # fmt: skip


@transaction.atomic
def load(stdout: TextIO) -> None:
    users = get_user_model().objects
    admin, drafter = users.get(username="admin"), users.get(username="lishui-drafter")
    agencies = list(Agency.objects.filter(code__in=AGENCIES).order_by("code"))
    today = timezone.localdate()
    wanted: list[tuple[str, Decision]] = [
        (f"enforcement:{kind}:{i}", _decision(kind, i, today, agencies))
        for kind in DecisionKind
        for i in range(12)
    ]
    wanted.append(("enforcement:expired", _expired(today, agencies[0])))
    for n, row in enumerate(LINKED):
        linked = _linked(n, row, today)
        if linked is not None:
            wanted.append((row[0], linked))
    made = 0
    for key, decision in wanted:
        known, _found = demo_record_find(key, Decision.objects.filter(number=decision.number))
        if known:
            continue
        # Drafted by the city's drafter, reviewed and published by the superuser (four eyes).
        decision.drafter = drafter
        drafting.decision_save(decision=decision, user=admin)
        workflow.submit(obj=decision, user=admin)
        workflow.approve(obj=decision, user=admin, review_result=ReviewResult.CLEAR)
        workflow.publish(obj=decision, user=admin)
        demo_record_keep(key, decision)
        made += 1
    if made:
        stdout.write(f"Enforcement decisions: {made} recorded and published.\n")
    _load_inspections(stdout, admin=admin, drafter=drafter, today=today)


# --- 双随机、一公开 -----------------------------------------------------------------------------

# Per plan: (key, agency code, title, description, items, subject names, ratio, count, drawn).
FINANCE_ITEMS = [
    ("代理记账资格条件", "《代理记账管理办法》第三条、第四条"),
    ("代理记账业务规范", "《代理记账管理办法》第十二条至第十六条"),
    ("年度备案情况", "《代理记账管理办法》第十七条"),
]
EDUCATION_ITEMS = [
    ("办学许可和登记情况", "《中华人民共和国民办教育促进法》第十二条、第十九条"),
    ("培训内容和收费", "《浙江省校外培训机构管理办法》第二十条、第二十五条"),
    ("消防和场地安全", "《中华人民共和国消防法》第十六条"),
]
FINANCE_FIRMS = [f"丽水市{name}财务咨询有限公司" for name in (
    "瓯江", "处州", "莲城", "白云", "万象", "南明", "紫金", "括苍", "丽阳", "好溪",
    "大港头", "碧湖", "雅溪", "仙渡", "老竹", "峰源", "黄村", "太平", "双黄", "联城",
)]  # fmt: skip
SCHOOLS = [f"丽水市莲都区{name}培训学校有限公司" for name in (
    "启航", "明德", "博雅", "育才", "青苗", "智源", "书香", "新星", "阳光", "未来",
    "求知", "致远", "乐学", "思源", "华章",
)]  # fmt: skip
INSPECTORS = [("叶志明", "33110020101"), ("吴晓丽", "33110020102"), ("陈建华", "33110020103"),
              ("刘海燕", "33110020104"), ("季伟东", "33110020105"), ("雷小芳", "33110020106")]  # fmt: skip
OUTCOME_TEXTS = {
    InspectionOutcome.NO_PROBLEM: "现场核查代理记账资格条件、业务规范和备案情况，未发现问题。",
    InspectionOutcome.RECTIFY: "发现未按规定办理年度备案，已责令限期整改。",
    InspectionOutcome.NOT_FOUND: "通过登记的住所无法联系，未找到该市场主体。",
}
PLANS = [
    ("inspections:finance", "331100002", "丽水市财政局2026年度代理记账机构“双随机、一公开”抽查计划",
     "从本市登记的代理记账机构中随机抽取检查对象，随机选派执法检查人员，抽查结果依法公示。",
     FINANCE_ITEMS, FINANCE_FIRMS, Decimal("10"), 3, True),
    ("inspections:education", "331100003", "丽水市教育局2026年度校外培训机构“双随机、一公开”抽查计划",
     "对全市校外培训机构按不低于5%的比例随机抽查。", EDUCATION_ITEMS, SCHOOLS, Decimal("5"),
     None, False),
]  # fmt: skip


def _plan(agency: Agency, spec: tuple, today: dt.date) -> InspectionPlan:
    _key, _code, title, description, _items, _names, ratio, count, _drawn = spec
    return InspectionPlan(
        agency=agency, title=title, year=today.year, description=description + NOTE,
        subject_ratio=ratio, subject_count=count, inspectors_per_subject=2,
        planned_start=today - dt.timedelta(days=10), planned_end=today + dt.timedelta(days=80),
    )  # fmt: skip


def _load_inspections(stdout: TextIO, *, admin: User, drafter: User, today: dt.date) -> None:
    made = 0
    for number, spec in enumerate(PLANS):
        key, code, title, _description, items, names, _ratio, _count, drawn = spec
        known, _found = demo_record_find(key, InspectionPlan.objects.filter(title=title))
        if known:
            continue
        agency = Agency.objects.get(code=code)
        plan = _plan(agency, spec, today)
        # Drafted by the city's drafter, reviewed and published by the superuser (four eyes).
        plan.drafter = drafter
        inspections.plan_save(plan=plan, user=admin)
        InspectionItem.objects.bulk_create(
            InspectionItem(plan=plan, name=name, basis=basis, order=order)
            for order, (name, basis) in enumerate(items, start=1)
        )
        PlanSubject.objects.bulk_create(
            PlanSubject(plan=plan, name=name, credit_code=credit_code(700 + 100 * number + i))
            for i, name in enumerate(names)
        )
        PlanInspector.objects.bulk_create(
            PlanInspector(plan=plan, name=name, certificate_number=certificate)
            for name, certificate in INSPECTORS
        )
        workflow.submit(obj=plan, user=admin)
        workflow.approve(obj=plan, user=admin, review_result=ReviewResult.CLEAR)
        workflow.publish(obj=plan, user=admin)
        if drawn:
            record = inspections.plan_draw(plan=plan, user=admin)
            outcomes = list(OUTCOME_TEXTS)
            for i, subject in enumerate(record.drawn.order_by("position")):
                outcome = outcomes[i % len(outcomes)]
                result = InspectionResult(
                    drawn_subject=subject, outcome=outcome, summary=OUTCOME_TEXTS[outcome],
                    inspected_on=today, drafter=drafter,
                )  # fmt: skip
                inspections.result_save(result=result, user=admin)
                workflow.submit(obj=result, user=admin)
                workflow.approve(obj=result, user=admin, review_result=ReviewResult.CLEAR)
                workflow.publish(obj=result, user=admin)
        demo_record_keep(key, plan)
        made += 1
    if made:
        stdout.write(f"Random inspection plans: {made} published.\n")


def summary() -> list[tuple[str, int]]:
    return [
        ("Enforcement decisions", Decision.objects.count()),
        ("Enforcement decisions on display", Decision.objects.on_display().count()),
        ("Enforcement decisions past their period",
         Decision.objects.filter(status=Status.PUBLISHED).count()
         - Decision.objects.on_display().count()),
        ("Random inspection plans", InspectionPlan.objects.count()),
        ("Random inspection results published",
         InspectionResult.objects.filter(status=Status.PUBLISHED).count()),
    ]  # fmt: skip
