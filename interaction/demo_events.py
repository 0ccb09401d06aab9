"""Demo data of online interviews and public meetings for 丽水市人民政府: one past interview with
its transcript and one upcoming, one past meeting with its minutes and decided applications and
one upcoming meeting open for applications. Dates are relative to the day of loading.

Idempotent: each record is remembered as a ``DemoRecord`` under its key and never made again.
Called from ``interaction.demo`` as ``load_interviews_and_meetings(stdout)``.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from interaction.models.events import (
    Decision,
    DeclineReason,
    IdType,
    Interview,
    InterviewGuest,
    InterviewRecord,
    Meeting,
    MeetingApplication,
    MeetingMinutes,
)
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from publishing.models import Publishable, ReviewResult, Status
from publishing.workflow import record_event

LISHUI = "331100000"  # 丽水市人民政府
NOTE = "（示例数据）"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _publish(obj: Publishable, admin: User, when: dt.datetime) -> None:
    """A record as reviewed and published at the time, recorded as such."""
    obj.status = Status.PUBLISHED
    obj.review_result = ReviewResult.CLEAR
    obj.drafter = obj.reviewer = obj.publisher = admin
    obj.published_at = when
    obj.save()
    record_event(
        document=obj, user=admin, action="publish",
        from_status=Status.APPROVED, to_status=Status.PUBLISHED,
    )  # fmt: skip


PAST_INTERVIEW = {
    "title": "2026年丽水市政务公开工作在线访谈：让政府信息“看得到、听得懂、用得好”",
    "summary": "市政府办公室负责同志介绍全市政务公开工作进展，并回答网民关心的问题。" + NOTE,
}
PAST_GUESTS = [("王建华", "丽水市人民政府办公室副主任"), ("李晓燕", "丽水市政务公开办公室主任")]
PAST_TRANSCRIPT = (
    """【主持人】各位网友，大家好！欢迎参加本期在线访谈。今天我们邀请到市政府办公室和市政务公开办公室的负责同志，与大家交流全市政务公开工作。

【王建华】各位网友好。今年以来，全市坚持以公开为常态、不公开为例外，重点围绕政策解读、依申请公开和基层政务公开标准化规范化开展工作。

【主持人】很多网友关心，申请政府信息公开需要注意什么？

【李晓燕】申请人可以通过网站在线申请，也可以当面或者信函申请。申请时请尽量写明所需信息的名称、文号或者便于查询的其他特征性描述，这样能更快得到答复。

【主持人】感谢两位嘉宾的介绍，本期访谈到此结束。"""
    + NOTE
)

UPCOMING_INTERVIEW = {
    "title": "城乡居民最低生活保障标准调整政策在线访谈",
    "summary": "市民政局负责同志解读最低生活保障标准调整方案，欢迎网民通过留言提前提问。" + NOTE,
}
UPCOMING_GUESTS = [("陈国强", "丽水市民政局局长")]

PAST_MEETING = {
    "title": "丽水市人民政府第十二次常务会议（公众列席）",
    "place": "丽水市行政中心3号楼第一会议室",
    "agenda": "一、审议《丽水市2026年民生实事项目实施方案》；\n"
    "二、听取全市政务公开工作情况汇报；\n三、研究其他事项。" + NOTE,
    "seats": 5,
    "contact": "丽水市人民政府办公室，电话0578-2091522",
}
PAST_MINUTES = (
    "会议审议通过《丽水市2026年民生实事项目实施方案》，要求各责任单位按季度报告进展；"
    "听取了全市政务公开工作情况汇报，要求进一步做好政策解读和回应关切。" + NOTE
)
UPCOMING_MEETING = {
    "title": "丽水市人民政府政府开放日：走进12345政务服务便民热线",
    "place": "丽水市民服务中心二楼",
    "agenda": "一、参观12345热线受理大厅；\n二、介绍热线工单办理流程；\n"
    "三、座谈交流，听取意见建议。" + NOTE,
    "seats": 20,
    "contact": "丽水市人民政府办公室，电话0578-2091522",
}
# The past meeting's applicants (made-up names; erased after the retention period anyway).
PAST_APPLICANTS = [
    ("示例申请人甲", "13800000001", Decision.ACCEPTED, ""),
    ("示例申请人乙", "13800000002", Decision.ACCEPTED, ""),
    ("示例申请人丙", "13800000003", Decision.DECLINED, DeclineReason.INCOMPLETE),
]


def _interview(
    admin: User, key: str, spec: dict, guests: list, start: dt.datetime
) -> Interview | None:
    agency = Agency.objects.get(code=LISHUI)
    if demo_record_find(key, Interview.objects.filter(agency=agency, title=spec["title"]))[0]:
        return None
    interview = Interview(
        agency=agency, starts_at=start, ends_at=start + dt.timedelta(hours=1, minutes=30), **spec
    )
    interview.save()
    for order, (name, post) in enumerate(guests):
        InterviewGuest.objects.create(interview=interview, name=name, post=post, order=order)
    _publish(interview, admin, min(start - dt.timedelta(days=7), timezone.now()))
    demo_record_keep(key, interview)
    return interview


def _meeting(admin: User, key: str, spec: dict, start: dt.datetime, opens: dt.datetime,
             closes: dt.datetime) -> Meeting | None:  # fmt: skip
    agency = Agency.objects.get(code=LISHUI)
    if demo_record_find(key, Meeting.objects.filter(agency=agency, title=spec["title"]))[0]:
        return None
    meeting = Meeting(
        agency=agency,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        applications_open_at=opens,
        applications_close_at=closes,
        **spec,
    )
    meeting.save()
    _publish(meeting, admin, min(opens, timezone.now()))
    demo_record_keep(key, meeting)
    return meeting


@transaction.atomic
def load_interviews_and_meetings(stdout: TextIO) -> None:
    admin = get_user_model().objects.get(username="admin")
    today = timezone.localdate()
    made = 0

    past = _interview(admin, "interaction.interview:past", PAST_INTERVIEW, PAST_GUESTS,
                      _at(today - dt.timedelta(days=12), 15))  # fmt: skip
    if past is not None:
        record = InterviewRecord(interview=past, agency=past.agency, transcript=PAST_TRANSCRIPT)
        record.save()
        _publish(record, admin, past.ends_at + dt.timedelta(days=1))
        made += 1
    upcoming = _interview(admin, "interaction.interview:upcoming", UPCOMING_INTERVIEW,
                          UPCOMING_GUESTS, _at(today + dt.timedelta(days=6), 15))  # fmt: skip
    made += upcoming is not None

    start = _at(today - dt.timedelta(days=10), 9)
    meeting = _meeting(admin, "interaction.meeting:past", PAST_MEETING, start,
                       start - dt.timedelta(days=14), start - dt.timedelta(days=2))  # fmt: skip
    if meeting is not None:
        for number, (name, mobile, decision, reason) in enumerate(PAST_APPLICANTS, start=1):
            MeetingApplication.objects.create(
                meeting=meeting, number=number, name=name, mobile=mobile,
                id_type=IdType.NONE, submitted_at=start - dt.timedelta(days=10 - number),
                decision=decision, decline_reason=reason, decided_by=admin,
                decided_at=start - dt.timedelta(days=1),
            )  # fmt: skip
        minutes = MeetingMinutes(meeting=meeting, agency=meeting.agency, text=PAST_MINUTES)
        minutes.save()
        _publish(minutes, admin, meeting.ends_at + dt.timedelta(days=2))
        made += 1
    start = _at(today + dt.timedelta(days=14), 9, 30)
    made += (
        _meeting(
            admin,
            "interaction.meeting:upcoming",
            UPCOMING_MEETING,
            start,
            _at(today - dt.timedelta(days=1), 9),
            start - dt.timedelta(days=2),
        )
        is not None
    )
    stdout.write(f"Interviews and public meetings: {made} made.\n")


def summary() -> list[tuple[str, int]]:
    """What the portal holds, for ``load_demo``'s closing table."""
    return [
        ("Online interviews published", Interview.objects.published().count()),
        ("Public meetings published", Meeting.objects.published().count()),
    ]
