"""Demo data of the 新闻发布会 column for 丽水市人民政府: one press conference, held and with its
published transcript, on 《关于全面推进政务公开工作的实施方案》 (丽委办发〔2016〕81号, a corpus
document of ``disclosure.demo``), with its speakers, a picture, the document and an
interpretation of the briefing form linked; and one 政策吹风会 announced a few days ahead, on the
adjustment of the minimum living allowance (whose draft is out for comments in
``interpretation.demo``). Names of speakers are made up; every text says it is demo data.

The picture is drawn here (a small valid PNG, no file from the internet). Idempotent: each
record is remembered as a ``DemoRecord`` under its key and never made again.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from briefings.models import Conference, ConferenceMedia, ConferenceRecord, Kind, MediaKind, Speaker
from briefings.transcripts import sanitize_transcript
from disclosure.models import Document
from interpretation import bodies
from interpretation.models import Form, Interpretation
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from publishing.models import Publishable, ReviewResult, Status
from publishing.workflow import record_event

LISHUI = "331100000"  # 丽水市人民政府
LISHUI_OFFICE = "331100001"  # 丽水市人民政府办公室, the issuer of the plan
PLAN_NUMBER = "丽委办发〔2016〕81号"
NOTE = "（示例数据）"
HELD_ON = dt.date(2016, 12, 8)

PAST = {
    "kind": Kind.PRESS_CONFERENCE,
    "title": "《关于全面推进政务公开工作的实施方案》新闻发布会",
    "place": "丽水市行政中心新闻发布厅",
    "announcement": (
        "市政府新闻办将举行新闻发布会，介绍中共丽水市委办公室、丽水市人民政府办公室印发的"
        "《关于全面推进政务公开工作的实施方案》（丽委办发〔2016〕81号）的主要内容，并回答记者提问。"
        + NOTE
    ),
}
PAST_SPEAKERS = [
    ("周明", "丽水市人民政府新闻发言人、市政府办公室副主任"),
    ("吴丽君", "丽水市人民政府办公室政务公开科科长"),
]
PAST_TRANSCRIPT = f"""
<h2>发布内容</h2>
<p><strong>主持人：</strong>各位记者朋友，大家上午好！近日，中共丽水市委办公室、丽水市人民政府办公室印发了《关于全面推进政务公开工作的实施方案》。今天我们举行新闻发布会，请市政府新闻发言人周明同志介绍有关情况。</p>
<p><strong>周明：</strong>《实施方案》坚持以公开为原则、不公开为例外，以“四张清单一张网”改革为重要抓手，以政务服务网为依托，着力推进行政决策公开、执行公开、管理公开、服务公开和结果公开。到2020年，我市全面推行权力清单、责任清单、负面清单公开制度，实现政府权力公开透明运行，公开范围覆盖权力运行全流程、政务服务全过程。</p>
<p>《实施方案》共八个部分，主要有以下几个方面的内容：</p>
<ol>
<li>进一步深化推进政务公开工作，实行重大决策预公开制度，做好督查和审计发现问题及整改落实情况的公开；</li>
<li>积极引导社会公众参与政务公开，各级政府及工作部门发布的行政性规范文件原则上都应进行政策解读；</li>
<li>切实加强政务公开平台建设，推动政务服务网向乡镇（街道）、村（社区）延伸；</li>
<li>充分发挥新闻媒体和新闻发言人在政务公开中的作用。</li>
</ol>
<h2>答记者问</h2>
<h3>政策解读怎样做到与政策制定同步？</h3>
<p><strong>记者：</strong>《实施方案》对政策解读提出了哪些要求？</p>
<p><strong>吴丽君：</strong>《实施方案》要求将政策解读放在与政策制定同等重要的位置，在制定政策时同步考虑、同步安排解读工作。解读内容应包括政策制定的背景、主要内容、适用范围、标准、期限、文件术语释义，以及其他应当补充说明的问题。对专业性强、社会关注度高的文件，要通过新闻发布、政策吹风、接受访谈、发表文章等方式做好解读。</p>
<h3>群众怎样参与政府决策？</h3>
<p><strong>记者：</strong>普通群众可以通过哪些渠道参与政府决策？</p>
<p><strong>周明：</strong>决策方案形成后，将通过公告栏、政府网站或者新闻媒体等途径公告决策方案或者公众关注的相关内容，征求社会有关方面的意见。我市还将依托丽水政务服务网建设全市统一的公共政策意见征集平台，广泛吸纳群众对政府决策的意见和建议。</p>
<p><strong>主持人：</strong>今天的新闻发布会到此结束，谢谢大家！</p>
<p>{NOTE}</p>
"""
PICTURE_ALT = "新闻发布会现场：两位发布人在发布台后就座，台下记者提问（示例图片）"

UPCOMING = {
    "kind": Kind.POLICY_BRIEFING,
    "title": "丽水市城乡居民最低生活保障标准调整政策吹风会",
    "place": "丽水市行政中心新闻发布厅",
    "announcement": (
        "市民政局负责同志将介绍城乡居民最低生活保障标准调整方案的背景、调整幅度和执行时间，"
        "并回答记者提问。方案征求意见稿正在公开征求意见，欢迎关注。" + NOTE
    ),
}
UPCOMING_SPEAKERS = [
    ("陈国强", "丽水市民政局局长"),
    ("周明", "丽水市人民政府新闻发言人"),
]

INTERPRETATION_TITLE = "《关于全面推进政务公开工作的实施方案》新闻发布会解读"


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


def png(width: int = 160, height: int = 90) -> bytes:
    """A small valid PNG: a dark stage, a light desk, two figures (demo picture)."""

    def pixel(x: int, y: int) -> bytes:
        if (40 <= x < 56 or 104 <= x < 120) and 30 <= y < 58:
            return b"\x2b\x4a\x7a"  # the speakers
        if 55 <= y < 66:
            return b"\xe8\xe2\xd0"  # the desk
        return b"\xa3\x1d\x1d" if y < 55 else b"\x3a\x3a\x3a"

    raw = b"".join(b"\x00" + b"".join(pixel(x, y) for x in range(width)) for y in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _conference(
    admin: User, key: str, spec: dict, speakers: list, start: dt.datetime
) -> Conference | None:
    agency = Agency.objects.get(code=LISHUI)
    if demo_record_find(key, Conference.objects.filter(agency=agency, title=spec["title"]))[0]:
        return None
    conference = Conference(agency=agency, starts_at=start, **spec)
    conference.save()
    for order, (name, post) in enumerate(speakers):
        Speaker.objects.create(conference=conference, name=name, post=post, order=order)
    _publish(conference, admin, min(start - dt.timedelta(days=2), timezone.now()))
    demo_record_keep(key, conference)
    return conference


def _interpretation(admin: User, document: Document | None) -> Interpretation | None:
    """The conference as a policy interpretation (its 新闻发布会 form), of the plan."""
    agency = Agency.objects.get(code=LISHUI_OFFICE)
    key = "briefings.interpretation:lishui-plan"
    made, existing = demo_record_find(
        key, Interpretation.objects.filter(agency=agency, title=INTERPRETATION_TITLE)
    )
    if made:
        return existing
    interpretation = Interpretation(
        agency=agency,
        form=Form.BRIEFING,
        title=INTERPRETATION_TITLE,
        summary="市政府新闻发布会介绍《关于全面推进政务公开工作的实施方案》的要点。" + NOTE,
        background=("根据中办发〔2016〕8号和浙委办发〔2016〕48号文件精神，结合丽水实际制定。"),
        main_content=(
            "推进决策、执行、管理、服务、结果公开；强化政策解读，行政性规范文件原则上都应解读；"
            "建设政务服务网和公共政策意见征集平台；发挥新闻发言人作用。"
        ),
        department="丽水市人民政府办公室",
        interpreter="周明",
        interpreter_title="丽水市人民政府新闻发言人",
    )
    bodies.bodies_clean(interpretation)  # the sections as the editor writes them: HTML
    _publish(interpretation, admin, _at(HELD_ON, 14))
    if document is not None:
        interpretation.documents.add(document)
    demo_record_keep(key, interpretation)
    return interpretation


@transaction.atomic
def load(stdout: TextIO) -> None:
    admin = get_user_model().objects.get(username="admin")
    today = timezone.localdate()
    made = 0
    past = _conference(admin, "briefings.conference:plan", PAST, PAST_SPEAKERS, _at(HELD_ON, 9, 30))
    if past is not None:
        document = Document.objects.published().filter(doc_number=PLAN_NUMBER).first()
        if document is not None:
            past.documents.add(document)
        interpretation = _interpretation(admin, document)
        if interpretation is not None:
            past.interpretations.add(interpretation)
        record = ConferenceRecord(
            conference=past, agency=past.agency, transcript=sanitize_transcript(PAST_TRANSCRIPT)
        )
        record.save()
        picture = png()
        item = ConferenceMedia(
            record=record, kind=MediaKind.IMAGE, alt_text=PICTURE_ALT, title="发布会现场",
            original_name="发布会现场.png", content_type="image/png", size=len(picture),
        )  # fmt: skip
        item.file.save("picture.png", ContentFile(picture), save=True)
        _publish(record, admin, _at(HELD_ON, 17))
        made += 1
    upcoming = _conference(admin, "briefings.conference:upcoming", UPCOMING, UPCOMING_SPEAKERS,
                           _at(today + dt.timedelta(days=5), 10))  # fmt: skip
    made += upcoming is not None
    stdout.write(f"Press conferences: {made} made.\n")


def summary() -> list[tuple[str, int]]:
    """What the portal holds, for ``load_demo``'s closing table."""
    return [("Press conferences published", Conference.objects.published().count())]
