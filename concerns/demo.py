"""Demo data of 回应关切 for 丽水市人民政府: two public concerns in its register.

- A 重大突发事件 (a fire at a chemical works found at night): authoritative information published
  3 h 20 min after the government became aware of it (within the 5 hours), and answers to
  reporters' questions from a press conference 20 hours after (within the 24 hours).
- A general concern (murky tap water, reported on the 12345 hotline) found three days ago and
  still without a response: 24 hours past its 48-hour limit, overdue in the register and the
  timing report, and escalated by the next sweep.

The responses are drafted by the city's demo drafter and reviewed and published by the
superuser; their publication times are then set to when they would have gone out. Times are
relative to the moment of loading. Idempotent: each record is remembered as a ``DemoRecord``.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from concerns import drafting
from concerns.models import Concern, Response, ResponseKind, Severity, Source
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from publishing import workflow
from publishing.models import ReviewResult

CITY = "331100000"  # 丽水市人民政府
NOTE = "（示例数据）"


def _night_three_days_ago() -> dt.datetime:
    """22:10 Beijing time three days ago: the clocks run through the night."""
    day = timezone.localdate() - dt.timedelta(days=3)
    return dt.datetime.combine(day, dt.time(22, 10), tzinfo=timezone.get_current_timezone())


def _publish(response: Response, *, at: dt.datetime, drafter: object, admin: object) -> None:
    drafting.response_save(response=response, user=drafter)  # type: ignore[arg-type]
    workflow.submit(obj=response, user=drafter)  # type: ignore[arg-type]
    workflow.approve(obj=response, user=admin, review_result=ReviewResult.CLEAR)  # type: ignore[arg-type]
    workflow.publish(obj=response, user=admin)  # type: ignore[arg-type]
    # As if published then: the publication time is what stops the clock.
    Response.objects.filter(pk=response.pk).update(published_at=at)


@transaction.atomic
def load(stdout: TextIO) -> None:
    users = get_user_model().objects
    admin, drafter = users.get(username="admin"), users.get(username="lishui-drafter")
    city = Agency.objects.get(code=CITY)
    found_fire = _night_three_days_ago()
    found_water = timezone.now() - dt.timedelta(hours=72)
    made = 0

    known, _fire = demo_record_find(
        "concerns:fire",
        Concern.objects.filter(agency=city, subject__startswith="丽水经济技术开发区"),
    )
    if not known:
        fire = drafting.concern_save(
            concern=Concern(
                agency=city,
                source=Source.MEDIA,
                severity=Severity.MAJOR,
                subject="丽水经济技术开发区一化工企业厂房起火",
                summary="多家网络媒体和短视频平台发布现场浓烟视频，网民关注有无人员伤亡、"
                "周边空气和水质是否受影响。" + NOTE,
                aware_at=found_fire,
            ),
            user=drafter,
        )
        _publish(
            Response(
                agency=city,
                concern=fire,
                kind=ResponseKind.AUTHORITATIVE,
                title="关于丽水经济技术开发区一企业厂房火情的通报",
                text="当晚22时许，丽水经济技术开发区一化工企业厂房发生火情。接警后，消防、应急、"
                "生态环境等部门立即赶赴现场处置，明火已于23时40分扑灭，未造成人员伤亡。生态环境部门"
                "对周边空气和水体开展连续监测，各项指标未见异常。事故原因正在调查中。" + NOTE,
            ),
            at=found_fire + dt.timedelta(hours=3, minutes=20),
            drafter=drafter,
            admin=admin,
        )
        _publish(
            Response(
                agency=city,
                concern=fire,
                kind=ResponseKind.PRESS_QA,
                at_press_conference=True,
                title="丽水经济技术开发区企业火情新闻发布会答记者问",
                text="问：周边群众的饮用水是否安全？\n答：城区饮用水取自紧水滩水库，与事发区域不在"
                "同一水系，水厂出水各项指标符合国家标准。\n问：涉事企业是否依法取得安全生产许可？\n"
                "答：企业证照齐全，相关部门已对其安全生产责任落实情况立案调查，调查结果将及时向社会"
                "公布。" + NOTE,
            ),
            at=found_fire + dt.timedelta(hours=20),
            drafter=drafter,
            admin=admin,
        )
        demo_record_keep("concerns:fire", fire)
        made += 1

    known, _water = demo_record_find(
        "concerns:water",
        Concern.objects.filter(agency=city, subject__startswith="城区部分小区"),
    )
    if not known:
        water = drafting.concern_save(
            concern=Concern(
                agency=city,
                source=Source.HOTLINE,
                severity=Severity.GENERAL,
                subject="城区部分小区自来水发黄浑浊",
                summary="12345热线连续接到多个小区居民来电，反映早晨自来水发黄，询问能否饮用。"
                + NOTE,
                aware_at=found_water,
            ),
            user=drafter,
        )
        demo_record_keep("concerns:water", water)
        made += 1
    if made:
        stdout.write(f"Public concerns: {made} registered, with their responses.\n")


def summary() -> list[tuple[str, int]]:
    return [
        ("Public concerns (register)", Concern.objects.count()),
        ("Responses to public concerns published", Response.objects.published().count()),
    ]
