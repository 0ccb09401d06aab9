"""Demo data of the message box: desks for 丽水市人民政府 (with its 市长信箱), its departments and
莲都区, and messages in every state — just received, routed, with lead and assisting offices
and their notes, overdue, extended, a reply in review, replied on the site and rated, replied
to the citizen only, reopened after a dissatisfied rating, and feedback on a document whose
error was confirmed. The citizens are fictional; nothing is e-mailed to them.

Every step goes through the services (``interaction.intake``, ``handling``, the publishing
workflow); only the dates are then moved back, so that the clock shows a realistic spread.
Idempotent: each message is kept under its demo key (``DemoRecord``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from disclosure.models import Document
from interaction import clock, demo_events, handling, intake
from interaction.models import (
    CorrectionType,
    Message,
    MessageDesk,
    MessageEvent,
    MessageKind,
    MessageReply,
    MessageStatus,
    Rating,
)
from portal import workdays
from portal.demo import DEMO_PASSWORD, demo_record_find, demo_record_keep
from portal.models import Agency, StaffRole
from publishing import workflow
from publishing.models import ReviewResult

LISHUI = "331100000"  # 丽水市人民政府
FINANCE = "331100002"  # 丽水市财政局
EDUCATION = "331100003"  # 丽水市教育局
LIANDU = "331102000"  # 丽水市莲都区人民政府
DESKS = {LISHUI: "市长信箱", FINANCE: "", EDUCATION: "", LIANDU: "区长信箱"}
EDUCATION_STAFF = "lishui-edu"  # drafts and handles in 丽水市教育局 (a lead office)


@dataclass
class Demo:
    agency: Agency
    handler: User
    drafter: User
    reviewer: User
    publisher: User
    head: User
    education: User


def _ago(workdays_back: int) -> dt.date:
    return workdays.add_workdays(timezone.localdate(), -workdays_back)


def _message(demo: Demo, *, kind: str, subject: str, text: str, name: str, mobile: str,
             received_ago: int, consent: bool = True, agency: Agency | None = None,
             to_leader: bool = False, **extra: object) -> Message:  # fmt: skip
    message = Message(
        kind=MessageKind.objects.get(code=kind),
        agency=agency or demo.agency,
        to_leader=to_leader,
        subject=subject,
        text=text,
        name=name,
        mobile=mobile,
        email=None,
        publication_consent=consent,
        **extra,
    )
    message = intake.message_submit(message=message).message
    received = clock.receipt_date(_ago(received_ago))
    Message.objects.filter(pk=message.pk).update(received_on=received)
    message.received_on = received
    message.due_on = clock.due_date(message)
    Message.objects.filter(pk=message.pk).update(due_on=message.due_on)
    MessageEvent.objects.filter(message=message).update(
        created_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9, 30)))
    )
    return message


def _reply(demo: Demo, message: Message, text: str, *, public: bool, drafter: User | None = None,
           publish: bool = True, replied_ago: int = 0) -> MessageReply:  # fmt: skip
    reply = handling.reply_draft(
        message=message, user=drafter or demo.drafter, text=text, show_publicly=public
    )
    workflow.submit(obj=reply, user=drafter or demo.drafter)
    if not publish:
        return reply
    workflow.approve(obj=reply, user=demo.reviewer, review_result=ReviewResult.CLEAR)
    workflow.publish(obj=reply, user=demo.publisher)
    if replied_ago:
        Message.objects.filter(pk=message.pk).update(replied_on=_ago(replied_ago))
    return reply


def _fresh(message: Message) -> Message:
    return Message.objects.select_related("kind", "agency").get(pk=message.pk)


def just_received(demo: Demo) -> Message:
    return _message(
        demo, kind="consult", to_leader=True, received_ago=0,
        subject="城区学校周边何时增设交通信号灯",
        text="市长您好：莲都区中山街小学门口上下学时段车流量大，学生过马路不安全，"
        "请问有关部门是否有增设交通信号灯或安排交警值守的计划？",
        name="叶建华", mobile="13905781234",
    )  # fmt: skip


def routed(demo: Demo) -> Message:
    message = _message(
        demo, kind="consult", received_ago=1,
        subject="城乡居民医保财政补助标准是多少",
        text="请问2026年丽水市城乡居民基本医疗保险的财政补助标准是多少？个人缴费部分是否有调整？",
        name="吴晓燕", mobile="13757812345",
    )  # fmt: skip
    finance = Agency.objects.get(code=FINANCE)
    return handling.message_route(
        message=message,
        user=demo.handler,
        to=finance,
        reason="医保财政补助由市财政局会同医保局答复",
    )


def with_offices(demo: Demo) -> Message:
    message = _message(
        demo, kind="suggest", received_ago=4,
        subject="建议延长市图书馆周末开放时间",
        text="市图书馆周末下午五点闭馆，很多上班族和学生来不及借阅。建议周末延长至晚上八点，"
        "并增设自助借还设备。",
        name="陈志远", mobile="15857891234",
    )  # fmt: skip
    education = Agency.objects.get(code=EDUCATION)
    finance = Agency.objects.get(code=FINANCE)
    message = handling.message_assign(
        message=message, user=demo.handler, lead=education, assisting=[finance]
    )
    handling.note_add(
        message=message, user=demo.education, office=education,
        text="已联系市图书馆了解周末读者流量和人员排班情况，正在研究延时开放方案。",
    )  # fmt: skip
    return message


def overdue(demo: Demo) -> Message:
    return _message(
        demo, kind="help", received_ago=18,
        subject="老旧小区加装电梯补助如何申请",
        text="我们小区是1995年建成的六层住宅，住户多为老人，想加装电梯，请问政府补助怎么申请、"
        "需要多少住户同意？",
        name="周美玲", mobile="13567891234",
    )  # fmt: skip


def extended(demo: Demo) -> Message:
    message = _message(
        demo, kind="complain", received_ago=12,
        subject="反映某建筑工地夜间施工噪音扰民",
        text="花园路附近一处建筑工地连续多日在晚上十点后施工，噪音很大，影响周边居民休息，"
        "希望有关部门尽快查处。",
        name="潘立新", mobile="13819871234",
    )  # fmt: skip
    return handling.message_extend(
        message=_fresh(message), user=demo.head, workdays=5,
        reason="需会同住建、生态环境部门现场核查，核查结果出具后答复",
    )  # fmt: skip


def reply_in_review(demo: Demo) -> Message:
    message = _message(
        demo, kind="consult", received_ago=3,
        subject="个体工商户如何申请稳岗补贴",
        text="我经营一家小餐馆，雇了3名员工，请问个体工商户能否申请稳岗补贴，需要什么材料？",
        name="郑国强", mobile="13732101234",
    )  # fmt: skip
    _reply(
        demo, message, publish=False, public=True,
        text="您好！依据有关政策，依法参加失业保险的个体工商户可参照企业享受稳岗返还政策。"
        "请于每年规定时间登录浙江政务服务网提交申请，无需另行报送纸质材料。",
    )  # fmt: skip
    return message


def replied_public_satisfied(demo: Demo) -> Message:
    message = _message(
        demo, kind="consult", received_ago=9,
        subject="公积金贷款额度如何计算",
        text="请问丽水市住房公积金贷款最高额度是多少？夫妻双方都缴存的话如何计算？"
        "我的电话13900001111，可联系我。",
        name="张丽华", mobile="13900001111",
    )  # fmt: skip
    _reply(
        demo, message, public=True, replied_ago=6,
        text="您好！目前丽水市住房公积金个人贷款最高额度为单缴存职工50万元、双缴存职工80万元，"
        "具体可贷额度按缴存余额、还款能力等计算。详情可咨询12329服务热线。感谢您的关注！",
    )  # fmt: skip
    handling.message_rate(message=_fresh(message), rating=Rating.SATISFIED, comment="答复清楚")
    return message


def replied_private(demo: Demo) -> Message:
    message = _message(
        demo, kind="help", received_ago=8, consent=False,
        subject="家中老人申请居家养老服务补贴",
        text="我父亲今年82岁，独居，请问如何申请居家养老服务补贴？",
        name="刘建军", mobile="13600001234",
    )  # fmt: skip
    _reply(
        demo, message, public=False, replied_ago=4,
        text="您好！您父亲可向户籍所在地乡镇（街道）民政办提出申请，携带身份证、户口簿等材料，"
        "经评估符合条件的可享受居家养老服务补贴。",
    )  # fmt: skip
    return message


def reopened(demo: Demo) -> Message:
    message = _message(
        demo, kind="suggest", received_ago=16,
        subject="建议公交线路延伸至新建小区",
        text="城东新建的几个小区入住率已经很高，但最近的公交站步行要二十分钟，建议延伸公交线路。",
        name="林晓东", mobile="13588881234",
    )  # fmt: skip
    _reply(
        demo, message, public=True, replied_ago=8,
        text="感谢您的建议，我们已转交公交公司研究。",
    )  # fmt: skip
    handling.message_rate(message=_fresh(message), rating=Rating.DISSATISFIED)
    return handling.message_reopen(
        message=_fresh(message), reason="答复过于笼统，没有说明是否延伸、何时延伸。"
    )


def closed_fairly(demo: Demo) -> Message:
    message = _message(
        demo, kind="complain", received_ago=25,
        subject="反映小区门口路灯长期不亮",
        text="丽阳街某小区门口的三盏路灯已经坏了一个多月，晚上出行很不方便。",
        name="何丽", mobile="13857891111",
    )  # fmt: skip
    _reply(
        demo, message, public=True, replied_ago=20,
        text="经核查，该路段路灯因线路老化损坏，已于近日完成维修，恢复正常照明。感谢您的监督！",
    )  # fmt: skip
    handling.message_rate(message=_fresh(message), rating=Rating.FAIRLY)
    return message


def document_feedback(demo: Demo) -> Message | None:
    # A document published by the city (its office, 丽水市人民政府办公室, in the demo): not by a
    # department with a message desk of its own, whose feedback the city's handler does not take.
    document = (
        Document.objects.published()
        .filter(agency__path__startswith=demo.agency.path)
        .exclude(agency__in=MessageDesk.objects.exclude(agency=demo.agency).values("agency"))
        .order_by("-date_published", "id")
        .first()
    )
    if document is None:
        return None
    message = _message(
        demo, kind="correction", received_ago=6, document=document,
        agency=intake.feedback_agency(document.agency),
        correction_type=CorrectionType.ATTACHMENT,
        subject=f"《{document.title[:40]}》附件无法打开",
        text="该文件页面上的附件点击后提示文件损坏，无法下载，请核实。",
        name="赵明", mobile="13700001111",
    )  # fmt: skip
    handling.correction_confirm(
        message=_fresh(message), user=demo.handler, note="附件上传时文件损坏，已重新上传原件。"
    )
    _reply(
        demo, message, public=True, replied_ago=3,
        text="感谢您的反馈！经核实，该附件上传时文件损坏，现已重新上传，请刷新页面后下载。",
    )  # fmt: skip
    return message


SCENARIOS: list[tuple[str, Callable[[Demo], Message | None]]] = [
    ("just-received", just_received),
    ("routed", routed),
    ("with-offices", with_offices),
    ("overdue", overdue),
    ("extended", extended),
    ("reply-in-review", reply_in_review),
    ("replied-public", replied_public_satisfied),
    ("replied-private", replied_private),
    ("reopened", reopened),
    ("closed-fairly", closed_fairly),
    ("document-feedback", document_feedback),
]


def _education_staff() -> User:
    user, created = get_user_model().objects.get_or_create(
        username=EDUCATION_STAFF,
        defaults={"is_staff": True, "last_name": "郑", "first_name": "丽华"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    education = Agency.objects.get(code=EDUCATION)
    for role in (StaffRole.Role.DRAFTER, StaffRole.Role.HANDLER):
        StaffRole.objects.get_or_create(user=user, agency=education, role=role)
    return user


@transaction.atomic
def _load(stdout: TextIO) -> None:
    names = [
        "lishui-handler",
        "lishui-drafter",
        "lishui-reviewer",
        "lishui-publisher",
        "lishui-head",
    ]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    agency = Agency.objects.filter(code=LISHUI).first()
    if (
        agency is None
        or len(users) < len(names)
        or not Agency.objects.filter(code=EDUCATION).exists()
    ):
        stdout.write("Messages: skipped (the portal's demo agencies and staff are missing)\n")
        return
    for code, leader_box in DESKS.items():
        desk_agency = Agency.objects.filter(code=code).first()
        if desk_agency is not None:
            MessageDesk.objects.get_or_create(
                agency=desk_agency, defaults={"leader_box": leader_box}
            )
    demo = Demo(agency=agency, handler=users["lishui-handler"], drafter=users["lishui-drafter"],
                reviewer=users["lishui-reviewer"], publisher=users["lishui-publisher"],
                head=users["lishui-head"], education=_education_staff())  # fmt: skip
    for key, build in SCENARIOS:
        made, _found = demo_record_find(f"interaction.message:{key}", Message.objects.none())
        if made:
            continue
        message = build(demo)
        if message is not None:
            demo_record_keep(f"interaction.message:{key}", message)
    stdout.write(f"Messages: a staff login for the education bureau, {EDUCATION_STAFF}\n")


def summary() -> list[tuple[str, int]]:
    return [
        *demo_events.summary(),
        ("Messages", Message.objects.count()),
        ("Published replies", Message.objects.published().count()),
        (
            "Open messages",
            Message.objects.filter(
                status__in=[MessageStatus.RECEIVED, MessageStatus.IN_PROGRESS]
            ).count(),
        ),
    ]


def load(stdout: TextIO) -> None:
    # Receipts and reply notices are queued after commit; fictional citizens get none.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _load(stdout)
    demo_events.load_interviews_and_meetings(stdout)
