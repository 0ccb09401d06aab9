"""Demo data for information requests: requests to 丽水市人民政府 in every state and with every
kind of answer, some overdue, two whose deadline jumps a holiday, and a reconsideration and a
litigation record.

Everything goes through the services (``intake``, ``handling``) with back-dated dates, as staff
would have recorded them. The applicants are fictional (王某某 …) with identity numbers from an
unassigned area code (331199) and computed check digits, so no number is a real person's.

Idempotent: each demo request is looked up by its (unique) description and left alone when it
exists. No e-mail goes out: the applicants are fictional.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from disclosure.models import Document, LegalGround, NegativeListEntry
from portal import workdays
from portal.models import Agency
from publishing.models import Status as DocumentStatus
from requests_app import handling, intake
from requests_app.models import (
    ApplicantType,
    Channel,
    DeliveryForm,
    DeliveryMethod,
    IdType,
    InformationRequest,
    OrganisationType,
    Outcome,
    RequestEvent,
    Review,
)

DEMO_AGENCY = "331100000"  # 丽水市人民政府
REFERRED_AGENCY = "331100002"  # 丽水市财政局
PUBLISHED_TITLE_START = (
    "中共丽水市委办公室 丽水市人民政府办公室印发《关于全面推进政务公开工作的实施方案》"
)

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def fake_resident_id(birth: str, sequence: str) -> str:
    """An 18-digit resident ID (GB 11643) in the unassigned area 331199, with its check digit."""
    body = f"331199{birth}{sequence}"
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def fake_credit_code(serial: str) -> str:
    """A unified social credit code (GB 32100-2015) with its check character."""
    body = f"91331199{serial}"
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_ALPHABET[(31 - total % 31) % 31]


def _person(name: str, birth: str, sequence: str, phone: str, **extra: Any) -> dict:
    return {
        "applicant_type": ApplicantType.PERSON,
        "name": name,
        "id_type": IdType.RESIDENT_ID,
        "id_number": fake_resident_id(birth, sequence),
        "phone": phone,
        "email": f"applicant{sequence}@example.com",
        "address": "丽水市莲都区某某路" + sequence[-2:] + "号",
        "postcode": "323000",
        **extra,
    }


def _organisation(name: str, kind: str, serial: str, contact: str, phone: str) -> dict:
    return {
        "applicant_type": ApplicantType.ORGANISATION,
        "organisation_type": kind,
        "name": name,
        "credit_code": fake_credit_code(serial),
        "legal_representative": "张某某",
        "contact_person": contact,
        "phone": phone,
        "email": f"contact-{serial.lower()}@example.com",
        "address": "丽水市莲都区某某大道" + serial[-2:] + "号",
        "postcode": "323000",
    }


WANG = _person("王某某", "19850312", "123", "13800001111")
LI = _person("李某某", "19790521", "234", "13800002222")
ZHANG = _person("张某某", "19920805", "345", "13800003333")
CHEN = _person("陈某某", "19680117", "456", "13800004444")
LIU = _person("刘某某", "20000229", "567", "13800005555")
ZHAO = _person("赵某某", "19881130", "678", "13800006666")
ZHOU = _person("周某某", "19750609", "789", "0578-2000777")
WU = _person("吴某某", "19951224", "891", "13800008888", email=None, address="丽水市青田县某某镇")
COMPANY = _organisation(
    "丽水某某科技有限公司", OrganisationType.BUSINESS, "MA2D00001", "钱某某", "0578-2000101"
)
LAW_FIRM = _organisation(
    "浙江某某律师事务所", OrganisationType.LEGAL_SERVICE, "MA2D00002", "孙某某", "0578-2000202"
)
CHARITY = _organisation(
    "丽水市某某公益服务中心",
    OrganisationType.PUBLIC_INTEREST,
    "MA2D00003",
    "郑某某",
    "0578-2000303",
)
INSTITUTE = _organisation(
    "丽水某某生态研究院", OrganisationType.RESEARCH, "MA2D00004", "冯某某", "0578-2000404"
)


@dataclass
class Demo:
    """What a scenario needs: the agency, its staff, and the day helpers."""

    agency: Agency
    handler: Any
    head: Any
    drafter: Any
    today: dt.date = field(default_factory=timezone.localdate)

    def ago(self, n: int) -> dt.date:
        """``n`` working days before today."""
        return workdays.add_workdays(self.today, -n)


def _moment(day: dt.date, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(9, 30)) + dt.timedelta(minutes=minute)
    )


def _stamp(info_request: InformationRequest, day: dt.date) -> None:
    """Date the event the service just recorded on the day it stands for (services stamp
    events with the current time; a demo history spread over weeks reads better)."""
    event = info_request.events.latest("id")
    minute = info_request.events.filter(created_at__date=day).count()
    RequestEvent.objects.filter(pk=event.pk).update(created_at=_moment(day, minute))


def _enter(demo: Demo, *, description: str, applicant: dict, received: dt.date,
           channel: str = Channel.IN_PERSON, **fields: Any) -> InformationRequest:  # fmt: skip
    values = {
        "delivery_method": DeliveryMethod.EMAIL if applicant.get("email") else DeliveryMethod.POST,
        "delivery_form": DeliveryForm.ELECTRONIC if applicant.get("email") else DeliveryForm.PAPER,
        **applicant,
        **fields,
    }
    info_request = InformationRequest(agency=demo.agency, description=description, **values)
    info_request = intake.request_enter_offline(
        info_request=info_request, user=demo.handler, channel=channel, received_on=received,
        note="演示数据" if channel != Channel.ORAL else "申请人口头提出，工作人员代为填写。",
    ).request  # fmt: skip
    InformationRequest.objects.filter(pk=info_request.pk).update(submitted_at=_moment(received))
    _stamp(info_request, received)
    return info_request


def _step(
    info_request: InformationRequest,
    day: dt.date,
    service: Callable[..., InformationRequest],
    **kwargs: Any,
) -> InformationRequest:
    info_request = service(info_request=info_request, **kwargs)
    _stamp(info_request, day)
    return info_request


def _start(demo: Demo, info_request: InformationRequest, day: dt.date) -> InformationRequest:
    return _step(info_request, day, handling.request_start, user=demo.handler)


def _answer(demo: Demo, info_request: InformationRequest, day: dt.date, outcome: str,
            **kwargs: Any) -> InformationRequest:  # fmt: skip
    return _step(info_request, day, handling.request_answer, user=demo.handler, outcome=outcome,
                 answered_on=day, **kwargs)  # fmt: skip


def _close(demo: Demo, info_request: InformationRequest, day: dt.date) -> InformationRequest:
    method = info_request.delivery_method
    info_request = _step(info_request, day, handling.request_close, user=demo.handler,
                    delivery_method=method, delivered_on=day)  # fmt: skip
    # The service closes "today"; the demo's delivery was on ``day``.
    InformationRequest.objects.filter(pk=info_request.pk).update(closed_on=day)
    return info_request


def _answer_and_close(demo: Demo, info_request: InformationRequest, answered: dt.date, outcome: str,
                      **kwargs: Any) -> InformationRequest:  # fmt: skip
    info_request = _answer(demo, info_request, answered, outcome, **kwargs)
    return _close(demo, info_request, workdays.add_workdays(answered, 1))


def _negative_entry(demo: Demo, ground: str) -> NegativeListEntry | None:
    return NegativeListEntry.objects.filter(agency=demo.agency, legal_ground=ground).first()


# --- Scenarios: (description, function building the request) ----------------------------------

ROAD_BUDGET = "丽水市2026年城市道路改造项目预算"


def awaiting_registration(demo: Demo, description: str, *, saturday: bool) -> InformationRequest:
    """Submitted online; on a Saturday the proposed receipt date is the next working day."""
    info_request = InformationRequest(
        agency=demo.agency, description=description, **(LIU if saturday else ZHAO),
        document_title="" if saturday else "丽水市2026年公共租赁住房分配方案",
        delivery_method=DeliveryMethod.ONLINE, delivery_form=DeliveryForm.ELECTRONIC,
    )  # fmt: skip
    info_request = intake.request_submit_online(info_request=info_request).request
    if saturday:
        day = demo.today - dt.timedelta(days=1)
        while day.weekday() != 5 or workdays.is_workday(day):
            day -= dt.timedelta(days=1)
        when = timezone.make_aware(dt.datetime.combine(day, dt.time(21, 40)))
    else:  # the last working day's afternoon
        when = timezone.make_aware(dt.datetime.combine(demo.ago(1), dt.time(16, 20)))
    InformationRequest.objects.filter(pk=info_request.pk).update(submitted_at=when)
    info_request.events.update(created_at=when)
    return info_request


def registered_online(demo: Demo, description: str) -> InformationRequest:
    info_request = InformationRequest(
        agency=demo.agency, description=description, **CHARITY,
        document_title="丽水市2025年度慈善资金使用情况", delivery_method=DeliveryMethod.ONLINE,
        delivery_form=DeliveryForm.ELECTRONIC,
    )  # fmt: skip
    info_request = intake.request_submit_online(info_request=info_request).request
    submitted = demo.ago(2)
    InformationRequest.objects.filter(pk=info_request.pk).update(submitted_at=_moment(submitted))
    info_request.events.update(created_at=_moment(submitted))
    info_request.refresh_from_db()
    return _step(info_request, submitted, intake.request_register, user=demo.handler,
                 received_on=intake.proposed_receipt_date(info_request))  # fmt: skip


def received_by_post(demo: Demo, description: str) -> InformationRequest:
    return _enter(demo, description=description, applicant=WU, received=demo.ago(1),
                  channel=Channel.SIGNED_POST, document_title="丽水市2026年农村饮用水达标提标工程实施方案")  # fmt: skip


def in_progress(demo: Demo, description: str, *, received_ago: int, applicant: dict,
                title: str = "", channel: str = Channel.IN_PERSON) -> InformationRequest:  # fmt: skip
    received = demo.ago(received_ago)
    info_request = _enter(demo, description=description, applicant=applicant, received=received,
                     channel=channel, document_title=title)  # fmt: skip
    return _start(demo, info_request, received)


def awaiting_correction(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(
        demo, description, received_ago=4, applicant=ZHANG, channel=Channel.ORAL
    )
    return _step(info_request, demo.ago(2), handling.request_correction, user=demo.handler,
                 notified_on=demo.ago(2), period_workdays=15,
                 what_to_supplement="请写明所需信息的具体名称、文号或者其他特征性描述（如形成时间、涉及的项目名称）。")  # fmt: skip


def consulting_third_party(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(demo, description, received_ago=6, applicant=LAW_FIRM,
                          title="丽水市某某工业园区土地出让合同")  # fmt: skip
    return _step(info_request, demo.ago(4), handling.request_consult_third_party, user=demo.handler,
                 sent_on=demo.ago(4), letter_received_on=demo.ago(3),
                 party="丽水某某置业有限公司（土地受让方）")  # fmt: skip


def consulting_agency(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(demo, description, received_ago=7, applicant=INSTITUTE,
                          title="关于加强瓯江流域生态保护的联合通知")  # fmt: skip
    return _step(info_request, demo.ago(5), handling.request_consult_agency, user=demo.handler,
                 sent_on=demo.ago(5), party="丽水市生态环境局（联合发文机关）")  # fmt: skip


def fee_pending(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(demo, description, received_ago=10, applicant=COMPANY,
                          title="丽水市2021-2025年政府采购项目中标公告汇编")  # fmt: skip
    return _step(info_request, demo.ago(3), handling.request_fee_notice, user=demo.handler,
                 method="by_volume", pages=160, sent_on=demo.ago(3), received_on=demo.ago(2))  # fmt: skip


def extended(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(demo, description, received_ago=18, applicant=CHEN,
                          title="丽水市2010-2015年历年棚户区改造项目档案")  # fmt: skip
    # Art 33: the office head approves, today, before the period runs out.
    info_request = handling.request_extend(
        info_request=info_request, user=demo.head, workdays=15,
        reason="所需档案年代较久、数量较大，需从档案馆调取并逐件审查。",
    )  # fmt: skip
    return info_request


def answered_not_closed(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(
        demo, description, received_ago=12, applicant=ZHOU, title=ROAD_BUDGET
    )
    return _answer(demo, info_request, demo.ago(1), Outcome.DISCLOSED,
                   reasons="经审查，您申请的信息属于公开范围，现予以提供。")  # fmt: skip


def closed(demo: Demo, description: str, *, applicant: dict, received_ago: int, outcome: str,
           title: str = "", **answer: Any) -> InformationRequest:  # fmt: skip
    info_request = in_progress(demo, description, received_ago=received_ago, applicant=applicant,
                          title=title)  # fmt: skip
    return _answer_and_close(demo, info_request, demo.ago(received_ago - 12), outcome, **answer)


def disclosed_after_fee(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(demo, description, received_ago=40, applicant=COMPANY,
                          title="丽水市2025年度政府投资项目清单及批复文件")  # fmt: skip
    info_request = _step(info_request, demo.ago(37), handling.request_fee_notice, user=demo.handler,
                    method="by_volume", pages=80, sent_on=demo.ago(37))  # fmt: skip
    info_request = _step(info_request, demo.ago(33), handling.request_fee_paid, user=demo.handler,
                    paid_on=demo.ago(33))  # fmt: skip
    return _answer_and_close(demo, info_request, demo.ago(28), Outcome.DISCLOSED,
                             reasons="信息处理费已缴纳，现提供所申请的全部信息。")  # fmt: skip


def withheld_after_objection(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(demo, description, received_ago=55, applicant=LI,
                          title="丽水某某药业有限公司环境影响评价报告中的工艺参数")  # fmt: skip
    info_request = _step(info_request, demo.ago(53), handling.request_consult_third_party, user=demo.handler,
                    sent_on=demo.ago(53), letter_received_on=demo.ago(52), party="丽水某某药业有限公司")  # fmt: skip
    info_request = _step(info_request, demo.ago(45), handling.request_third_party_replied, user=demo.handler,
                    ended_on=demo.ago(45), result="objection")  # fmt: skip
    return _answer_and_close(
        demo, info_request, demo.ago(40), Outcome.WITHHELD_THIRD_PARTY,
        negative_entry=_negative_entry(demo, LegalGround.THIRD_PARTY),
        reasons="该信息涉及第三方商业秘密，第三方书面提出不同意公开的合理理由，且不公开不会对公共利益造成重大影响，"
                "根据《条例》第十五条、第三十二条，决定不予公开。",
    )  # fmt: skip


def unclear_after_correction(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(demo, description, received_ago=40, applicant=ZHAO)
    info_request = _step(info_request, demo.ago(38), handling.request_correction, user=demo.handler,
                    notified_on=demo.ago(38), period_workdays=10,
                    what_to_supplement="请明确所需信息的名称或文号。")  # fmt: skip
    info_request = _step(info_request, demo.ago(35), handling.request_receive_correction, user=demo.handler,
                    received_on=demo.ago(35))  # fmt: skip
    return _answer_and_close(demo, info_request, demo.ago(30), Outcome.UNABLE_UNCLEAR,
                             reasons="经补正，申请内容仍不明确，本机关无法确定所需信息。")  # fmt: skip


def abandoned_no_correction(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(demo, description, received_ago=45, applicant=WANG)
    info_request = _step(info_request, demo.ago(43), handling.request_correction, user=demo.handler,
                    notified_on=demo.ago(43), period_workdays=10,
                    what_to_supplement="请说明“那个文件”具体指哪一份文件。")  # fmt: skip
    # The daily sweep closes it the working day after the period (as the system).
    due_on = info_request.correction.due_on
    assert due_on is not None  # sent electronically: the period runs from the notice
    day = workdays.add_workdays(due_on, 1)
    info_request = _step(
        info_request, day, handling.request_abandon, user=handling.SYSTEM, today=day
    )
    InformationRequest.objects.filter(pk=info_request.pk).update(closed_on=day)
    return info_request


def abandoned_fee_unpaid(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(demo, description, received_ago=50, applicant=LAW_FIRM,
                          title="丽水市2016-2025年全部行政处罚决定书")  # fmt: skip
    info_request = _step(info_request, demo.ago(48), handling.request_fee_notice, user=demo.handler,
                    method="by_volume", pages=900, sent_on=demo.ago(48), received_on=demo.ago(47))  # fmt: skip
    pay_by = info_request.fees.get().pay_by
    assert pay_by is not None  # the applicant received the notice: the period runs
    day = workdays.add_workdays(pay_by, 1)
    info_request = _step(
        info_request, day, handling.request_fee_expired, user=handling.SYSTEM, today=day
    )
    InformationRequest.objects.filter(pk=info_request.pk).update(closed_on=day)
    return info_request


def withdrawn(demo: Demo, description: str) -> InformationRequest:
    info_request = in_progress(demo, description, received_ago=9, applicant=LIU,
                          title="丽水市2026年中小学招生划片方案")  # fmt: skip
    info_request = _step(info_request, demo.ago(5), handling.request_withdraw, user=demo.handler,
                    reason="申请人来电表示已在学校公告栏看到，撤回申请。")  # fmt: skip
    InformationRequest.objects.filter(pk=info_request.pk).update(closed_on=demo.ago(5))
    return info_request


def across_holiday(demo: Demo, description: str, *, received: dt.date, applicant: dict,
                   title: str, outcome: str, **answer: Any) -> InformationRequest | None:  # fmt: skip
    """Received just before a long holiday: the 20 working days jump it."""
    info_request = _enter(demo, description=description, applicant=applicant, received=received,
                     channel=Channel.LETTER, document_title=title)  # fmt: skip
    info_request = _start(demo, info_request, received)
    assert info_request.due_date is not None  # received: the answer clock runs
    answered = workdays.add_workdays(info_request.due_date, -1)
    return _answer_and_close(demo, info_request, answered, outcome, **answer)


def _scenarios(demo: Demo) -> list[tuple[str, Callable[[], InformationRequest | None]]]:
    published = (
        Document.objects.filter(status=DocumentStatus.PUBLISHED, title__startswith=PUBLISHED_TITLE_START)
        .first()
    )  # fmt: skip
    referred = Agency.objects.filter(code=REFERRED_AGENCY).first()
    s: list[tuple[str, Callable]] = []

    def add(description: str, build: Callable, **kwargs: Any) -> None:
        s.append((description, lambda: build(demo, description, **kwargs)))

    add("请公开本市2026年公共租赁住房分配方案及分配结果。", awaiting_registration, saturday=False)
    add(
        "我想了解我家所在小区旁边的垃圾中转站是什么时候批准建设的，批准文件能否提供？",
        awaiting_registration,
        saturday=True,
    )
    add("请提供2025年度市级慈善资金的收支及使用情况。", registered_online)
    add("请提供2026年农村饮用水达标提标工程的实施方案及资金安排。", received_by_post)
    add(
        "请公开丽水市2026年城市道路改造项目的预算安排（第二份申请）。",
        in_progress,
        received_ago=8,
        applicant=LI,
        title=ROAD_BUDGET,
    )
    add(
        "请提供2025年度全市小微企业纾困资金的发放名单及金额（企业名称、金额）。",
        in_progress,
        received_ago=25,
        applicant=COMPANY,
        title="2025年度小微企业纾困资金发放情况",
    )
    add(
        "请提供2025年市区老旧小区加装电梯补助资金的分配情况。",
        in_progress,
        received_ago=22,
        applicant=CHEN,
        title="2025年老旧小区加装电梯补助资金分配表",
    )
    add("请提供那个关于拆迁补偿的文件。", awaiting_correction)
    add("请公开某某工业园区地块的国有建设用地使用权出让合同。", consulting_third_party)
    add("请提供关于加强瓯江流域生态保护的联合通知全文。", consulting_agency)
    add("请提供2021年至2025年本市所有政府采购项目的中标公告。", fee_pending)
    add("请提供2010年至2015年历年棚户区改造项目的立项、征收及安置档案。", extended)
    add("请公开丽水市2026年城市道路改造项目的预算安排。", answered_not_closed)
    # Closed, one kind of answer each (annual report table 三).
    if published is not None:
        add("请提供丽水市全面推进政务公开工作的实施方案。", closed, applicant=WANG, received_ago=30,
            outcome=Outcome.ALREADY_PUBLIC, title="关于全面推进政务公开工作的实施方案", published_document=published,
            reasons="该信息已主动公开，可通过本门户网站政府信息公开专栏查阅。")  # fmt: skip
    add("请提供2025年市本级一般公共预算执行情况的报告。", closed, applicant=ZHANG, received_ago=32,
        outcome=Outcome.DISCLOSED, title="2025年市本级一般公共预算执行情况", reasons="经审查，该信息属于公开范围，现予以提供。")  # fmt: skip
    add("请提供2025年市政府常务会议纪要中关于教育资源布局的部分。", closed, applicant=INSTITUTE, received_ago=34,
        outcome=Outcome.PARTIAL, title="2025年市政府常务会议纪要（教育资源布局部分）",
        reasons="所申请信息中涉及个人信息的部分不予公开，其余部分予以公开。",
        withheld_parts="纪要中涉及具体人员姓名、联系方式的内容已作遮盖处理（《条例》第十五条、第三十七条）。")  # fmt: skip
    add("请提供本市人民防空工程的分布图及坐标。", closed, applicant=LIU, received_ago=70,
        outcome=Outcome.WITHHELD_STATE_SECRET, title="人民防空工程分布图",
        negative_entry=_negative_entry(demo, LegalGround.STATE_SECRET),
        reasons="该信息经依法确定为国家秘密，根据《条例》第十四条，不予公开。")  # fmt: skip
    add("请提供城市总体规划修编过程中各部门的讨论意见。", closed, applicant=CHARITY, received_ago=38,
        outcome=Outcome.WITHHELD_PROCESS_INFORMATION, title="城市总体规划修编征求意见汇总",
        negative_entry=_negative_entry(demo, LegalGround.PROCESS_INFORMATION),
        reasons="该信息属于行政机关在履行职责过程中形成的讨论记录、过程稿，根据《条例》第十六条第二款，可以不予公开。")  # fmt: skip
    add("请提供市政府办公室2025年度干部考核结果。", closed, applicant=ZHOU, received_ago=39,
        outcome=Outcome.WITHHELD_INTERNAL_AFFAIRS, title="2025年度干部考核结果",
        negative_entry=_negative_entry(demo, LegalGround.INTERNAL_AFFAIRS),
        reasons="该信息属于内部人事管理信息，根据《条例》第十六条第一款，不予公开。")  # fmt: skip
    add("请提供某某街道2025年低保资金的银行发放流水。", closed, applicant=WANG, received_ago=42,
        outcome=Outcome.UNABLE_NOT_HELD, referred_agency=referred,
        reasons="本机关不掌握该信息。经查，该信息可能由丽水市财政局掌握，请向其申请。")  # fmt: skip
    add("请统计并提供近十年全市每个乡镇的人口流出数量及原因分析。", closed, applicant=INSTITUTE, received_ago=44,
        outcome=Outcome.UNABLE_NEEDS_CREATION,
        reasons="您申请的信息需要本机关对现有信息进行加工、分析，根据《条例》第三十八条，本机关不予提供。")  # fmt: skip
    add("我要投诉小区物业乱收费，请政府查处。", closed, applicant=WU, received_ago=46,
        outcome=Outcome.NOT_PROCESSED_COMPLAINT,
        reasons="您提出的是投诉举报事项，不属于政府信息公开申请，请通过12345政务服务便民热线反映（《条例》第三十九条）。")  # fmt: skip
    add("请再次提供2025年市本级一般公共预算执行情况的报告（重复申请）。", closed, applicant=ZHANG, received_ago=20,
        outcome=Outcome.NOT_PROCESSED_REPEATED, title="2025年市本级一般公共预算执行情况",
        reasons="您已就同一内容提出申请，本机关已于此前作出答复，根据《条例》第三十六条第六项，不予重复处理。")  # fmt: skip
    add("请提供2025年《丽水市人民政府公报》全年合订本。", closed, applicant=CHEN, received_ago=48,
        outcome=Outcome.NOT_PROCESSED_PUBLICATION, title="丽水市人民政府公报2025年合订本",
        reasons="您申请的是公开出版物，可通过图书馆、政府公报赠阅点等途径获取。")  # fmt: skip
    add("请说明去年给我的答复中提到的文件现在是否仍然有效。", closed, applicant=LI, received_ago=49,
        outcome=Outcome.OTHER, reasons="本机关已就相关问题向您作出说明。")  # fmt: skip
    add("请提供2025年度政府投资项目清单及项目批复文件。", disclosed_after_fee)
    add("请公开某某药业公司环评报告中的生产工艺参数。", withheld_after_objection)
    add("请提供一下有关部门的那个规定。", unclear_after_correction)
    add("请给我那个文件。", abandoned_no_correction)
    add("请提供2016年至2025年本机关作出的全部行政处罚决定书。", abandoned_fee_unpaid)
    add("请提供2026年中小学招生划片方案。", withdrawn)
    # Received just before a long holiday: the due date jumps it (domain-spec section 7).
    for received, applicant, title, outcome, answer in [
        (dt.date(2026, 2, 10), ZHOU, "丽水市2026年春运工作方案", Outcome.DISCLOSED,
         {"reasons": "经审查，该信息属于公开范围，现予以提供。"}),
        (dt.date(2026, 9, 29), CHARITY, "丽水市2026年国庆期间重点景区安全保障预案", Outcome.PARTIAL,
         {"reasons": "预案中应急联络人员的个人信息不予公开，其余部分予以公开。",
          "withheld_parts": "附件中应急联络人员姓名及手机号码已遮盖（《条例》第十五条、第三十七条）。"}),
    ]:  # fmt: skip
        if received < demo.today:
            add(f"请提供{title}。", across_holiday, received=received, applicant=applicant, title=title,
                outcome=outcome, **answer)  # fmt: skip
    return s


def _reviews(demo: Demo) -> int:
    """A reconsideration and a litigation over two of the refusals."""
    created = 0
    records: list[tuple[str, str, int, dict[str, Any]]] = [
        ("请提供本市人民防空工程的分布图及坐标。", Review.Kind.RECONSIDERATION, 12,
         {"body": "浙江省人民政府行政复议局", "case_number": "浙政复〔2026〕演示1号",
          "result": Review.Result.UPHELD, "decided_after": 40,
          "note": "复议机关认为被申请人答复认定事实清楚，适用依据正确，维持原答复。"}),
        ("请提供某某街道2025年低保资金的银行发放流水。", Review.Kind.LITIGATION_DIRECT, 15,
         {"body": "丽水市莲都区人民法院", "case_number": "（2026）浙1102行初演示1号",
          "result": Review.Result.PENDING, "note": "已应诉，尚未开庭。"}),
    ]  # fmt: skip
    for description, kind, filed_after, values in records:
        info_request = InformationRequest.objects.filter(
            agency=demo.agency, description=description
        ).first()
        if info_request is None or info_request.closed_on is None:
            continue
        if Review.objects.filter(request=info_request, kind=kind).exists():
            continue
        filed: dt.date = workdays.add_workdays(info_request.closed_on, filed_after)
        if filed > demo.today:
            filed = demo.today
        decided_after = values.pop("decided_after", None)
        decided = workdays.add_workdays(filed, decided_after) if decided_after else None
        if decided and decided > demo.today:
            decided, values["result"] = None, Review.Result.PENDING
        Review.objects.create(
            request=info_request, kind=kind, filed_on=filed, decided_on=decided, **values
        )
        created += 1
    return created


@transaction.atomic
def _load(stdout: TextIO) -> None:
    agency = Agency.objects.filter(code=DEMO_AGENCY).first()
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["lishui-handler", "lishui-head", "lishui-drafter"])}  # fmt: skip
    if agency is None or len(users) < 3:
        stdout.write("Requests: skipped (the portal's demo agencies and staff are missing)\n")
        return
    demo = Demo(agency=agency, handler=users["lishui-handler"], head=users["lishui-head"],
                drafter=users["lishui-drafter"])  # fmt: skip
    # The applicant's description is theirs: staff do not edit it, so it is the natural key.
    for description, build in _scenarios(demo):
        if InformationRequest.objects.filter(agency=agency, description=description).exists():
            continue
        build()
    _reviews(demo)
    # The applicants are fictional: nothing of this is to be e-mailed to them.
    RequestEvent.objects.filter(request__agency=agency, notified_at=None).update(
        notified_at=timezone.now()
    )


def summary() -> list[tuple[str, int]]:
    """What the portal holds, for ``load_demo``'s closing table."""
    return [
        ("Information requests", InformationRequest.objects.count()),
        ("Reconsiderations and lawsuits", Review.objects.count()),
    ]


def load(stdout: TextIO) -> None:
    # Receipts are queued after commit; fictional applicants get none (kept in memory).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _load(stdout)
