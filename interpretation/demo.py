"""Demo data for policy interpretation: the corpus text interpretation (``003_*``) as an
interpretation of its policy document, policy Q&A entries, and one open and one closed
consultation with comments.

The corpus file is a real 文字解读 of 《黄山市全面推进基层政务公开标准化规范化工作实施方案》. The
plan's own text is not in the corpus, so the policy is a published document with a short summary
taken from the interpretation and no document number (none is stated). The interpretation says
the plan was issued on 19 August (2020, from the dates around it); both are dated that day.

Its numbered headings map onto the structured sections where they match (背景依据, 目的意义 =
制定意义和总体考虑, 主要内容 = 主要任务); the others are kept, with their headings, in the
closest section as subheadings (起草过程 with the background; 工作目标, 创新举措 and 保障措施
with the main content), so that no text is lost or reworded.

Idempotent: records are looked up by natural keys (agency and title, question, slug).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from disclosure import documents as document_service
from disclosure.demo import CORPUS
from disclosure.index_numbers import index_number_assign
from disclosure.models import Document, Genre, Theme
from interpretation import bodies
from interpretation.models import (
    Adoption,
    Comment,
    Consultation,
    Form,
    Interpretation,
    Moderation,
    PolicyQuestion,
    Topic,
)
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from publishing.models import Publishable, ReviewResult, Status
from publishing.workflow import record_event

CORPUS_FILE = "003_075a83a2cf54f875.txt"
HUANGSHAN = "341000001"  # 黄山市人民政府办公室
POLICY_TITLE = "黄山市全面推进基层政务公开标准化规范化工作实施方案"
POLICY_KEY = "interpretation.policy-document:huangshan"
INTERPRETATION_TITLE = "《黄山市全面推进基层政务公开标准化规范化工作实施方案》文字解读"
ISSUED_ON = dt.date(2020, 8, 19)  # "于8月19日印发实施"
IMPORT_NOTE = "示例数据：据原发布机关网站公开文本导入"

# Corpus heading → (section field, keep the heading as a line in the section).
CORPUS_SECTIONS = {
    "背景依据": ("background", False),
    "起草过程": ("background", True),
    "制定意义和总体考虑": ("purpose", True),
    "工作目标": ("main_content", True),
    "主要任务": ("main_content", True),
    "创新举措": ("main_content", True),
    "保障措施": ("main_content", True),
}
_HEADING = re.compile(r"^[一二三四五六七八九十]+、(.+)$")


def corpus_sections() -> dict[str, str]:
    """The corpus interpretation split into section fields, text unchanged."""
    lines = (CORPUS / CORPUS_FILE).read_text(encoding="utf-8").splitlines()[1:]  # 1: the title
    parts: dict[str, list[str]] = {}
    field = "background"
    for line in (line.strip() for line in lines):
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            field, keep = CORPUS_SECTIONS.get(heading.group(1), ("main_content", True))
            if keep:  # as a subheading (interpretation.bodies.sections_html)
                parts.setdefault(field, []).append(f"【{heading.group(1)}】")
            continue
        parts.setdefault(field, []).append(line)
    return {name: "\n\n".join(paragraphs) for name, paragraphs in parts.items()}


def _published_at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _mark_published(obj: Publishable, admin: User, when: dt.datetime) -> None:
    """A historic record: reviewed and published at the time, recorded as such."""
    obj.status = Status.PUBLISHED
    obj.review_result = ReviewResult.CLEAR
    obj.drafter = obj.reviewer = obj.publisher = admin
    obj.published_at = when


def _policy_document(admin: User) -> Document | None:
    agency = Agency.objects.get(code=HUANGSHAN)
    made, existing = demo_record_find(
        POLICY_KEY, Document.objects.filter(agency=agency, title=POLICY_TITLE)
    )
    if made:
        return existing
    document = Document(
        agency=agency,
        title=POLICY_TITLE,
        date_formed=ISSUED_ON,
        theme=Theme.objects.filter(parent__name="综合政务", name="政务公开").first(),
        genre=Genre.objects.filter(name="方案").first(),
        keywords="基层政务公开 标准化 规范化 黄山",
        summary=(
            "黄山市贯彻国务院办公厅《关于全面推进基层政务公开标准化规范化工作的指导意见》"
            "（国办发〔2019〕54号）的市级实施方案：到2023年底全面实施统一规范的基层政务公开"
            "标准体系，明确编制公开目录、规范工作流程、推进公开平台规范化等六个方面的主要任务。"
        ),
        effective_date=ISSUED_ON,
        needs_interpretation=True,
    )
    document_service.fill_derived_fields(document)
    _mark_published(document, admin, _published_at(ISSUED_ON))
    document.date_published = ISSUED_ON
    index_number_assign(document=document)
    document.save()
    record_event(
        document=document,
        user=admin,
        action="publish",
        from_status=Status.APPROVED,
        to_status=Status.PUBLISHED,
        note=IMPORT_NOTE,
    )
    demo_record_keep(POLICY_KEY, document)
    return document


def _drop_plain_corpus_document() -> None:
    """Earlier demo data loaded the interpretation as a plain document; it is one no more."""
    old = Document.objects.filter(agency__code=HUANGSHAN, title=INTERPRETATION_TITLE).first()
    if old is not None:
        # Unless something refers to it (e.g. a request's answer): then it stays.
        with contextlib.suppress(ProtectedError):
            old.delete()


def _interpretation(admin: User, document: Document | None) -> bool:
    agency = Agency.objects.get(code=HUANGSHAN)
    key = f"interpretation.interpretation:{CORPUS_FILE}"
    earlier = Interpretation.objects.filter(agency=agency, title=INTERPRETATION_TITLE)
    if demo_record_find(key, earlier)[0]:
        return False
    interpretation = Interpretation(
        agency=agency,
        form=Form.TEXT,
        title=INTERPRETATION_TITLE,
        department="黄山市人民政府办公室",
        **corpus_sections(),
    )
    bodies.bodies_clean(interpretation)  # the sections as the editor writes them: HTML
    _mark_published(interpretation, admin, _published_at(ISSUED_ON, 10))
    interpretation.save()
    demo_record_keep(key, interpretation)
    if document is not None:
        interpretation.documents.add(document)
    record_event(
        document=interpretation,
        user=admin,
        action="publish",
        from_status=Status.APPROVED,
        to_status=Status.PUBLISHED,
        note=IMPORT_NOTE,
    )
    return True


TOPICS = [
    ("基层政务公开", "jiceng-zhengwu-gongkai"),
    ("依申请公开", "yishenqing-gongkai"),
    ("社会救助", "shehui-jiuzhu"),
]

# agency code, question, answer (quoted from the corpus or the disclosure guide), topics,
# linked to the Huangshan plan, published.
QUESTIONS = [
    (HUANGSHAN, "黄山市全面推进基层政务公开标准化规范化工作的目标是什么？",
     "到2023年底，全面实施统一规范的基层政务公开标准体系，覆盖各区县政府和乡镇政府、街道办事处的"
     "行政权力运行全过程和政务服务全流程，基层政务公开标准化规范化水平大幅提高，各区县政府和乡镇政府、"
     "街道办事处的政务公开工作机制、公开平台、专业队伍进一步健全完善，政务公开的能力、水平显著提升。",
     ["基层政务公开"], True, True),
    (HUANGSHAN, "基层政务公开事项目录由谁编制、覆盖哪些领域？",
     "组织各区县政府和乡镇政府、街道办事处编制26个试点领域政务公开事项目录，并在26个试点领域外的其他"
     "领域国家标准指引印发后，及时将有关公开事项纳入公开目录。目录编制责任全部分解到市直各领域主管部门。",
     ["基层政务公开"], True, True),
    (HUANGSHAN, "基层政务公开如何向农村和社区延伸？",
     "指导村（居）民委员会编制公开事项清单，使县、乡级政务公开与村（居）务公开有效衔接。",
     ["基层政务公开"], True, True),
    ("331100000", "申请政府信息公开需要交费吗？",
     "行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
     "按照《政府信息公开信息处理费管理办法》收取信息处理费。",
     ["依申请公开"], False, True),
    ("331100000", "提出政府信息公开申请后，多久能得到答复？",
     "能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，"
     "经政府信息公开工作机构负责人同意，延长期限最长不超过20个工作日（《条例》第三十三条）。",
     ["依申请公开"], False, True),
    ("331100000", "城乡居民最低生活保障标准调整后从何时起执行？",
     "调整方案正在公开征求意见，标准和执行时间以正式印发的文件为准。",
     ["社会救助"], False, False),
]  # fmt: skip


# How long ago each entry of QUESTIONS was answered (and last updated), in days.
QUESTION_DAYS_AGO = [212, 187, 151, 96, 58, 17]


def _questions(document: Document | None) -> int:
    topics = {}
    for order, (name, slug) in enumerate(TOPICS, start=1):
        topics[name], _ = Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
    today = timezone.localdate()
    created = 0
    for order, (code, question, answer, names, linked, published) in enumerate(QUESTIONS):
        agency = Agency.objects.get(code=code)
        key = f"interpretation.policyquestion:{order + 1}"
        earlier = PolicyQuestion.objects.filter(agency=agency, question=question)
        if demo_record_find(key, earlier)[0]:
            continue
        entry = PolicyQuestion(
            agency=agency, question=question, answer=answer, is_published=published, order=order
        )
        bodies.bodies_clean(entry)
        entry.save()
        # Answered over the past months, not all at the moment the demo ran.
        answered = _published_at(today - dt.timedelta(days=QUESTION_DAYS_AGO[order]), 10)
        PolicyQuestion.objects.filter(pk=entry.pk).update(created_at=answered, updated_at=answered)
        demo_record_keep(key, entry)
        entry.topics.set([topics[name] for name in names])
        if linked and document is not None:
            entry.documents.add(document)
        created += 1
    return created


LISHUI = "331100000"  # 丽水市人民政府: its demo staff can moderate and report

OPEN_CONSULTATION = {
    "title": "丽水市城乡居民最低生活保障标准调整方案（征求意见稿）",
    "draft_text": "第一条 为保障城乡困难群众基本生活，根据《社会救助暂行办法》和省有关规定，结合本市实际，"
    "制定本方案。\n\n第二条 城乡居民最低生活保障标准统一调整为每人每月1100元。\n\n"
    "第三条 调整后的标准自正式印发之日的次月起执行。\n\n（示例数据）",
    "basis": "《社会救助暂行办法》；《浙江省最低生活保障办法》；本市2025年度城乡居民人均消费支出统计数据。",
    "explanation": "最低生活保障标准按照上年度城乡居民人均消费支出的一定比例确定并适时调整。"
    "本方案由市民政局会同市财政局起草，现公开征求社会公众意见。（示例数据）",
    "contact": "丽水市民政局社会救助处，丽水市莲都区花园路1号，邮编323000，电话0578-2091521",
}
CLOSED_CONSULTATION = {
    "title": "丽水市2026年民生实事项目候选清单（征求意见稿）",
    "draft_text": "一、城乡公交一体化提升工程\n\n二、老旧小区加装电梯\n\n三、农村饮用水达标提标\n\n"
    "四、婴幼儿照护服务扩容\n\n（示例数据）",
    "basis": "《丽水市民生实事项目人大代表票决制实施办法》。",
    "explanation": "候选项目经各地各部门申报、专家论证后形成，公开征求意见后提交市人民代表大会票决。（示例数据）",
    "contact": "",
}
OPEN_COMMENTS = [
    ("王先生", "建议同步提高特困人员基本生活标准，保持两项标准的衔接。", Moderation.APPROVED),
    ("", "希望明确调整后的标准从哪个月开始发放，方便群众了解。", Moderation.APPROVED),
    ("李女士", "建议对重病、重残人员给予适当的分类施保。", Moderation.APPROVED),
    ("", "请问农村和城镇的标准是否统一？", Moderation.PENDING),
]
CLOSED_COMMENTS = [
    ("张先生", "建议把老旧小区加装电梯列为首选项目。", Moderation.APPROVED, Adoption.ADOPTED, ""),
    ("", "公交一体化应覆盖到每个行政村。", Moderation.APPROVED, Adoption.PARTLY,
     "已纳入项目内容，按2026年通客车行政村比例逐步推进。"),
    ("赵女士", "建议新增社区食堂项目。", Moderation.APPROVED, Adoption.NOT_ADOPTED,
     "社区食堂已列入2025年民生实事并持续实施，不再重复列入。"),
    ("", "与本次征求意见无关的广告内容。", Moderation.REJECTED, "", ""),
]  # fmt: skip
CLOSED_REPORT = (
    "本次征求意见共收到意见4条，其中1条与征求意见内容无关，未予公开。对其余意见逐条研究："
    "采纳1条，部分采纳1条，未采纳1条，未采纳和部分采纳的理由见各条意见下的答复。（示例数据）"
)


def _consultation(
    spec: dict[str, Any], admin: User, *, key_suffix: str, opens: dt.date, closes: dt.date
) -> Consultation | None:
    agency = Agency.objects.get(code=LISHUI)
    key = f"interpretation.consultation:{key_suffix}"
    if demo_record_find(key, Consultation.objects.filter(agency=agency, title=spec["title"]))[0]:
        return None
    consultation = Consultation(agency=agency, opens_on=opens, closes_on=closes, **spec)
    bodies.bodies_clean(consultation)
    _mark_published(consultation, admin, _published_at(opens, 8))
    consultation.save()
    demo_record_keep(key, consultation)
    record_event(
        document=consultation,
        user=admin,
        action="publish",
        from_status=Status.APPROVED,
        to_status=Status.PUBLISHED,
    )
    return consultation


def _consultations(admin: User) -> int:
    today = timezone.localdate()
    created = 0
    consultation = _consultation(
        OPEN_CONSULTATION,
        admin,
        key_suffix="open",
        opens=today - dt.timedelta(days=10),
        closes=today + dt.timedelta(days=20),
    )
    if consultation is not None:
        for days, (name, body, moderation) in enumerate(OPEN_COMMENTS, start=1):
            Comment.objects.create(
                consultation=consultation,
                name=name,
                contact="demo@example.com",
                body=body,
                submitted_at=_published_at(consultation.opens_on + dt.timedelta(days=days), 15),
                moderation=moderation,
                moderated_by=admin if moderation != Moderation.PENDING else None,
            )
        created += 1
    opens = today - dt.timedelta(days=75)
    closes = opens + dt.timedelta(days=29)
    consultation = _consultation(
        CLOSED_CONSULTATION, admin, key_suffix="closed", opens=opens, closes=closes
    )
    if consultation is not None:
        for days, (name, body, moderation, adoption, reason) in enumerate(CLOSED_COMMENTS, 1):
            Comment.objects.create(
                consultation=consultation,
                name=name,
                contact="demo@example.com",
                body=body,
                submitted_at=_published_at(opens + dt.timedelta(days=days), 15),
                moderation=moderation,
                moderated_by=admin,
                rejection_reason="与征求意见内容无关" if moderation == Moderation.REJECTED else "",
                adoption=adoption,
                adoption_reason=reason,
            )
        consultation.closed_at = _published_at(closes + dt.timedelta(days=1), 0)
        consultation.report = bodies.report_clean(CLOSED_REPORT)
        consultation.report_published_at = _published_at(closes + dt.timedelta(days=10), 9)
        consultation.save()
        record_event(document=consultation, user=admin, action="close")
        record_event(document=consultation, user=admin, action="publish_report")
        created += 1
    return created


def summary() -> list[tuple[str, int]]:
    """What the portal holds, for ``load_demo``'s closing table."""
    return [
        ("Interpretations published", Interpretation.objects.published().count()),
        ("Q&A entries published", PolicyQuestion.objects.published().count()),
        ("Consultations published", Consultation.objects.published().count()),
    ]


@transaction.atomic
def load(stdout: TextIO) -> None:
    admin = get_user_model().objects.get(username="admin")
    _drop_plain_corpus_document()
    document = _policy_document(admin)
    _interpretation(admin, document)
    _questions(document)
    _consultations(admin)
