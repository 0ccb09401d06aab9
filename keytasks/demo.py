"""Demo data of key tasks: 丽水市人民政府's list of the 2026 政府工作报告重点工作 — seven tasks
with their lead and assisting departments, targets and milestones (one overdue: the start of
the main works of 衢丽铁路松阳段, due at the end of September), the lead departments' quarterly
progress for Q1 to Q3, and a finding of the 督查室 with its rectification.

The list is drafted by the city's demo drafter and reviewed and published by the superuser;
each lead department gets a demo drafter (``lishui-fgw-drafter`` …) who drafts its reports,
which the superuser reviews and publishes. The lead departments the agency tree does not have
yet are added under the city government. Dates are those of 2026: milestones are marked done,
findings rectified and quarters reported only once their day has come. Idempotent: the list is
remembered as a ``DemoRecord``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from keytasks import drafting, progress
from keytasks.models import (
    Assessment,
    KeyTask,
    ListKind,
    Milestone,
    ProgressReport,
    SupervisionFinding,
    TaskList,
)
from portal.agencies import agency_create
from portal.demo import DEMO_PASSWORD, demo_record_find, demo_record_keep
from portal.models import Agency, AgencyKind, AgencyLevel, StaffRole
from publishing import workflow
from publishing.models import ReviewResult, Status

KEY = "keytasks:lishui-2026-work-report"
CITY = "331100000"  # 丽水市人民政府
YEAR = 2026
D = dt.date

# key, code (used when the department is new), name, address, phone
DEPARTMENTS = [
    ("fgw", "331100011", "丽水市发展和改革委员会", "丽水市莲都区花园路1号", "0578-2091601"),
    ("jtj", "331100012", "丽水市交通运输局", "丽水市莲都区括苍路519号", "0578-2135201"),
    ("jyj", "331100003", "丽水市教育局", "丽水市莲都区中山街北278号", "0578-2112011"),
    ("zjj", "331100013", "丽水市住房和城乡建设局", "丽水市莲都区人民街667号", "0578-2131301"),
    ("rsj", "331100014", "丽水市人力资源和社会保障局", "丽水市莲都区丽阳街658号", "0578-2135601"),
    ("wjw", "331100015", "丽水市卫生健康委员会", "丽水市莲都区解放街68号", "0578-2123701"),
    ("sthj", "331100016", "丽水市生态环境局", "丽水市莲都区城北路102号", "0578-2137801"),
    ("czj", "331100002", "丽水市财政局", "丽水市莲都区丽阳街619号", "0578-2133201"),
    ("mzj", "331100010", "丽水市民政局", "丽水市莲都区人民街599号", "0578-2123120"),
]  # fmt: skip

# number, lead, assisting, text, target, milestones (title, due, done), progress Q1–Q3
# (percent, assessment, text)
TASKS: list[Any] = [
    (1, "fgw", ["czj", "zjj"],
     "扩大有效投资，深入实施“千项万亿”工程，推进省市县长项目建设。",
     "全市固定资产投资增长6%以上，新开工亿元以上项目100个。",
     [("一季度重大项目集中开工", D(2026, 3, 31), D(2026, 3, 28)),
      ("上半年投资完成年度计划50%", D(2026, 6, 30), D(2026, 7, 5)),
      ("完成全年投资目标", D(2026, 12, 31), None)],
     [(25, Assessment.ON_SCHEDULE, "一季度全市集中开工亿元以上项目31个，总投资286亿元；固定资产投资同比增长6.8%。"),
      (48, Assessment.BEHIND, "上半年固定资产投资同比增长5.2%，略低于目标，主要受部分产业项目用地报批滞后影响；已建立项目要素保障专班。"),
      (76, Assessment.ON_SCHEDULE, "1—9月固定资产投资同比增长6.3%，新开工亿元以上项目82个，要素保障专班协调解决用地、用能问题37个。")]),
    (2, "jtj", ["fgw", "czj"],
     "加快衢丽铁路丽水段建设，推进松阳段主体工程开工。",
     "完成征地拆迁，松阳段主体工程开工，年度完成投资30亿元。",
     [("完成沿线征地拆迁", D(2026, 6, 30), D(2026, 6, 20)),
      ("松阳段主体工程开工", D(2026, 9, 30), None),
      ("完成年度投资30亿元", D(2026, 12, 31), None)],
     [(20, Assessment.ON_SCHEDULE, "完成沿线征地拆迁方案公告，征收土地1860亩，房屋征收签约率85%。"),
      (45, Assessment.ON_SCHEDULE, "沿线征地拆迁全部完成，施工图设计通过审查，施工招标进入公示阶段。"),
      (58, Assessment.BEHIND, "施工招标因投诉处理延后，松阳段主体工程未能按期开工，预计12月中旬开工；已完成年度投资17.5亿元。")]),
    (3, "jyj", ["zjj", "czj"],
     "新建、改扩建中小学和幼儿园，增加优质学位供给。",
     "新建改扩建学校（幼儿园）20所，新增学位8000个。",
     [("开工项目完成招投标", D(2026, 4, 30), D(2026, 4, 25)),
      ("秋季学期新增学位投入使用", D(2026, 8, 31), D(2026, 8, 28)),
      ("全年新增学位8000个", D(2026, 12, 31), None)],
     [(20, Assessment.ON_SCHEDULE, "20个项目全部完成立项，其中14个完成施工招标。"),
      (50, Assessment.ON_SCHEDULE, "20个项目全部开工，丽水市实验学校扩建等6个项目主体结顶。"),
      (85, Assessment.AHEAD, "秋季学期12所学校（幼儿园）投入使用，新增学位6850个。")]),
    (4, "zjj", ["czj", "mzj"],
     "推进城镇老旧小区改造，同步加装电梯、完善养老托育设施。",
     "改造老旧小区60个，惠及居民1.2万户，加装电梯100台。",
     [("确定年度改造项目清单", D(2026, 3, 31), D(2026, 3, 20)),
      ("半数小区开工", D(2026, 6, 30), D(2026, 6, 28)),
      ("改造小区完工验收", D(2026, 11, 30), D(2026, 11, 26))],
     [(15, Assessment.ON_SCHEDULE, "经居民意愿征询，确定60个改造小区，完成方案设计42个。"),
      (45, Assessment.ON_SCHEDULE, "开工小区36个，加装电梯完成审批58台。"),
      (80, Assessment.ON_SCHEDULE, "完工小区41个，加装电梯投用72台，新增社区养老服务用房2300平方米。")]),
    (5, "rsj", ["czj", "jyj"],
     "稳定和扩大就业，做好高校毕业生、农民工等重点群体就业服务。",
     "城镇新增就业3.5万人，城镇调查失业率控制在5%以内。",
     [("“春风行动”专场招聘", D(2026, 3, 31), D(2026, 3, 15)),
      ("高校毕业生就业服务季", D(2026, 8, 31), D(2026, 8, 31)),
      ("完成全年新增就业目标", D(2026, 12, 31), None)],
     [(28, Assessment.ON_SCHEDULE, "举办“春风行动”招聘会46场，城镇新增就业9820人。"),
      (55, Assessment.ON_SCHEDULE, "城镇新增就业1.93万人，发放稳岗返还资金4120万元。"),
      (83, Assessment.AHEAD, "城镇新增就业2.91万人，高校毕业生留丽就业创业1.1万人。")]),
    (6, "wjw", ["czj", "rsj"],
     "推进县域医共体建设，提升村级医疗服务能力。",
     "建成规范化村卫生室50个，县域就诊率达到90%以上。",
     [("完成建设点位选址", D(2026, 4, 30), D(2026, 4, 18)),
      ("建成30个规范化村卫生室", D(2026, 9, 30), D(2026, 9, 26)),
      ("50个村卫生室全部建成", D(2026, 12, 20), None)],
     [(20, Assessment.ON_SCHEDULE, "完成50个村卫生室选址和设计，落实建设资金1500万元。"),
      (40, Assessment.ON_SCHEDULE, "开工建设村卫生室42个，完工18个。"),
      (70, Assessment.ON_SCHEDULE, "建成规范化村卫生室31个，县域就诊率达到89.6%。")]),
    (7, "sthj", ["zjj", "fgw"],
     "深化瓯江流域水环境治理，开展入河排污口排查整治。",
     "地表水省控断面水质达标率保持100%，完成入河排污口整治300个。",
     [("制定入河排污口排查整治方案", D(2026, 5, 31), D(2026, 5, 30)),
      ("完成入河排污口整治", D(2026, 10, 31), D(2026, 10, 29)),
      ("年度水质考核", D(2026, 12, 31), None)],
     [(20, Assessment.ON_SCHEDULE, "完成瓯江干流及主要支流无人机排查，发现入河排污口318个。"),
      (55, Assessment.ON_SCHEDULE, "印发整治方案，完成整治126个；省控断面水质达标率100%。"),
      (90, Assessment.AHEAD, "完成入河排污口整治305个；省控断面水质达标率保持100%。")]),
]  # fmt: skip

FINDING_TASK = 2
FINDING: dict[str, Any] = {
    "source": "市政府督查室2026年第三季度重点工作专项督查",
    "found_on": D(2026, 10, 12),
    "finding": "松阳段主体工程未按期开工，施工招标投诉处理进度偏慢，各方协调机制不够顺畅。",
    "rectification": "建立市交通运输局牵头、市发展改革委配合的周协调机制，倒排开工计划，"
    "11月底前完成招标投诉处理并确定施工单位。",
    "rectification_due": D(2026, 11, 30),
    "rectified_on": D(2026, 11, 24),
}


def _department(code: str, name: str, address: str, phone: str) -> Agency:
    """The department by its name under the city government; added if the tree lacks it."""
    city = Agency.objects.get(code=CITY)
    found = Agency.objects.filter(name=name, path__startswith=city.path).first()
    if found is not None:
        return found
    number = int(code)
    while Agency.objects.filter(code=str(number)).exists():
        number += 1  # another app's demo took the code for another body
    return agency_create(
        parent=city, name=name, code=str(number), level=AgencyLevel.CITY,
        kind=AgencyKind.DEPARTMENT, office_name=f"{name}办公室", office_address=address,
        office_postcode="323000", office_phone=phone, office_fax=phone[:-1] + "9",
        office_email=f"gkb{number}@example.gov.cn",
        office_hours="工作日 上午8:30-12:00，下午14:30-17:30（法定节假日除外）",
    )  # fmt: skip


def _drafter(key: str, agency: Agency) -> User:
    user, created = get_user_model().objects.get_or_create(
        username=f"lishui-{key}-drafter",
        defaults={"is_staff": True, "first_name": f"{agency.name}起草人"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    StaffRole.objects.get_or_create(user=user, agency=agency, role=StaffRole.Role.DRAFTER)
    return user


def _publish(obj: TaskList | ProgressReport, admin: User) -> None:
    workflow.submit(obj=obj, user=admin)
    workflow.approve(obj=obj, user=admin, review_result=ReviewResult.CLEAR)
    workflow.publish(obj=obj, user=admin)


@transaction.atomic
def load(stdout: TextIO) -> None:
    known, _found = demo_record_find(
        KEY, TaskList.objects.filter(agency__code=CITY, year=YEAR, kind=ListKind.WORK_REPORT)
    )
    if known:
        return
    users = get_user_model().objects
    admin, city_drafter = users.get(username="admin"), users.get(username="lishui-drafter")
    today = progress.local_today()
    departments = {key: _department(code, name, address, phone)
                   for key, code, name, address, phone in DEPARTMENTS}  # fmt: skip
    task_list = TaskList(
        agency=Agency.objects.get(code=CITY), year=YEAR, kind=ListKind.WORK_REPORT,
        title=f"{YEAR}年政府工作报告重点工作", drafter=city_drafter,
        summary="根据市第五届人民代表大会第六次会议审议通过的《政府工作报告》，将重点工作分解到牵头单位"
                "和配合单位，明确目标和节点。牵头单位按季度报送进展，市政府督查室跟踪督查。（示例数据）",
    )  # fmt: skip
    # Drafted by the city's drafter, reviewed and published by the superuser (four eyes).
    drafting.list_save(task_list=task_list, user=admin)
    tasks: dict[int, KeyTask] = {}
    for number, lead, assisting, text, target, milestones, _reports in TASKS:
        task = drafting.task_save(
            task=KeyTask(task_list=task_list, number=number, text=text, target=target,
                         lead_agency=departments[lead]),
            user=admin,
        )  # fmt: skip
        task.assisting_agencies.set([departments[key] for key in assisting])
        Milestone.objects.bulk_create(
            [Milestone(task=task, title=title, due_date=due) for title, due, _done in milestones]
        )
        tasks[number] = task
    _publish(task_list, admin)

    # What happened since: milestones reached (up to today) and the quarters' reports.
    reports = 0
    for number, lead, _assisting, _text, _target, milestones, quarters in TASKS:
        task = KeyTask.objects.select_related("task_list").get(pk=tasks[number].pk)
        for title, _due, done in milestones:
            if done is not None and done <= today:
                Milestone.objects.filter(task=task, title=title).update(done_date=done)
        drafter = _drafter(lead, departments[lead])
        for quarter, (percent, assessment, text) in enumerate(quarters, start=1):
            if not progress.quarter_has_begun(year=YEAR, quarter=quarter, today=today):
                continue
            report = ProgressReport(task=task, quarter=quarter, text=text, percent=percent,
                                    assessment=assessment, drafter=drafter)  # fmt: skip
            drafting.report_save(report=report, user=admin)
            _publish(report, admin)
            reports += 1
    if FINDING["found_on"] <= today:
        fields = dict(FINDING)
        if fields["rectified_on"] > today:
            fields["rectified_on"] = None
        SupervisionFinding.objects.create(task=tasks[FINDING_TASK], **fields)
    demo_record_keep(KEY, task_list)
    stdout.write(
        f"Key tasks: {task_list.title} of 丽水市人民政府, {len(tasks)} tasks, {reports} progress "
        "reports published. Lead departments' drafters: "
        + ", ".join(f"lishui-{key}-drafter" for key in sorted({t[1] for t in TASKS}))
        + "\n"
    )


def summary() -> list[tuple[str, int]]:
    return [
        ("Key task lists published", TaskList.objects.filter(status=Status.PUBLISHED).count()),
        ("Key tasks", KeyTask.objects.count()),
        ("Key task progress reports published",
         ProgressReport.objects.filter(status=Status.PUBLISHED).count()),
    ]  # fmt: skip
