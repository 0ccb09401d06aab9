"""Demo data of the government gazette: 《丽水市人民政府公报》 of 丽水市人民政府 with its four 栏目,
four issues of 2026 — 第1期 to 第3期 published, 第4期 a draft for the demo staff to take through
the workflow — whose tables of contents print published documents of the city government, its
office and two departments (made here, as published documents of the catalog, since the
disclosure demo holds none of 2026), and a 人事任免 line of text. Each issue has its PDF, made
from its contents (``gazette.pdf``; a plain PDF where WeasyPrint cannot run), with the page of
each line read from it.

Made through the services (``drafting``, the shared workflow), drafted by the city's drafter
and reviewed and published by the superuser. Idempotent: each record is remembered as a
``DemoRecord`` under its key and never made again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from disclosure import documents as document_service
from disclosure.index_numbers import index_number_assign
from disclosure.models import Document, Genre, Theme
from disclosure.paragraphs import paragraphs_html
from gazette import drafting, pdf
from gazette.models import Gazette, GazetteSection, Issue
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from publishing import workflow
from publishing.models import ReviewResult, Status
from publishing.workflow import record_event

CITY = "331100000"  # 丽水市人民政府: its demo staff can try the workflow
SLUG = "lishui"
TITLE = "丽水市人民政府公报"
SECTIONS = ["市政府文件", "市政府办公室文件", "部门文件", "人事任免"]
NOTE = "（示例数据）"


@dataclass(frozen=True)
class DemoDocument:
    key: str
    agency_code: str
    title: str
    doc_number: str
    date_formed: dt.date
    genre: str
    theme: tuple[str, str]
    body: str


DOCUMENTS = [
    DemoDocument("gov-1", "331100000", "丽水市人民政府关于印发2026年市政府重点工作任务分解方案的通知",
                 "丽政发〔2026〕1号", dt.date(2026, 1, 8), "通知", ("综合政务", "政务公开"),
                 "各县（市、区）人民政府，市政府直属各单位：\n现将《2026年市政府重点工作任务分解方案》"
                 "印发给你们，请认真贯彻落实。各牵头单位要细化工作举措，按季度报送推进情况。"),
    DemoDocument("gov-3", "331100000", "丽水市人民政府关于公布2026年度市政府重大行政决策事项目录的通知",
                 "丽政发〔2026〕3号", dt.date(2026, 1, 20), "通知", ("综合政务", "政务公开"),
                 "各县（市、区）人民政府，市政府直属各单位：\n经市政府研究，现将2026年度市政府重大行政"
                 "决策事项目录予以公布。各承办单位要严格履行公众参与、专家论证、风险评估、合法性审查和"
                 "集体讨论决定等法定程序。"),
    DemoDocument("office-5", "331100001", "丽水市人民政府办公室关于印发丽水市2026年政务公开工作要点的通知",
                 "丽政办发〔2026〕5号", dt.date(2026, 1, 15), "通知", ("综合政务", "政务公开"),
                 "各县（市、区）人民政府，市政府直属各单位：\n《丽水市2026年政务公开工作要点》已经市政府"
                 "同意，现印发给你们，请结合实际认真贯彻执行。"),
    DemoDocument("finance-2", "331100002", "丽水市财政局关于下达2026年市级部门预算的通知",
                 "丽财预〔2026〕2号", dt.date(2026, 1, 22), "通知", ("财政、金融、审计", "财政"),
                 "市级各部门：\n2026年市级部门预算已经市人民代表大会审查批准，现予批复下达。请严格按照"
                 "批复的预算执行，并在批复后二十日内向社会公开部门预算。"),
    DemoDocument("gov-8", "331100000", "丽水市人民政府关于促进民营经济高质量发展的若干意见",
                 "丽政发〔2026〕8号", dt.date(2026, 2, 10), "意见", ("综合政务", "政务公开"),
                 "各县（市、区）人民政府，市政府直属各单位：\n为进一步优化营商环境，激发民营经济活力，"
                 "现就促进民营经济高质量发展提出如下意见。"),
    DemoDocument("office-12", "331100001", "丽水市人民政府办公室关于做好2026年春季农业生产工作的通知",
                 "丽政办发〔2026〕12号", dt.date(2026, 2, 16), "通知", ("综合政务", "政务公开"),
                 "各县（市、区）人民政府，市政府直属各单位：\n为抓好春季农业生产，确保粮食面积稳定、"
                 "重要农产品有效供给，现就有关事项通知如下。"),
    DemoDocument("education-9", "331100003", "丽水市教育局关于做好2026年义务教育阶段招生入学工作的通知",
                 "丽教发〔2026〕9号", dt.date(2026, 3, 5), "通知", ("科技、教育", "教育"),
                 "各县（市、区）教育局，市直各学校：\n现就做好2026年义务教育阶段招生入学工作通知如下。"
                 "坚持免试就近入学原则，严禁以各类考试、竞赛成绩作为招生依据。"),
    DemoDocument("gov-15", "331100000", "丽水市人民政府关于调整城乡居民最低生活保障标准的通知",
                 "丽政发〔2026〕15号", dt.date(2026, 3, 12), "通知", ("民政、扶贫、救灾", "社会福利"),
                 "各县（市、区）人民政府，市政府直属各单位：\n经市政府研究决定，自2026年4月1日起"
                 "调整全市城乡居民最低生活保障标准。"),
    DemoDocument("office-20", "331100001", "丽水市人民政府办公室关于印发丽水市2026年安全生产工作要点的通知",
                 "丽政办发〔2026〕20号", dt.date(2026, 3, 20), "通知", ("综合政务", "政务公开"),
                 "各县（市、区）人民政府，市政府直属各单位：\n《丽水市2026年安全生产工作要点》已经"
                 "市政府同意，现印发给你们，请认真组织实施。"),
    DemoDocument("office-26", "331100001", "丽水市人民政府办公室关于进一步加强城市精细化管理的意见",
                 "丽政办发〔2026〕26号", dt.date(2026, 4, 10), "意见", ("城乡建设、环境保护", "城市规划"),
                 "各县（市、区）人民政府，市政府直属各单位：\n为提升城市精细化管理水平，现提出如下意见。"),
    DemoDocument("finance-4", "331100002", "丽水市财政局关于印发丽水市政府采购负面清单的通知",
                 "丽财采〔2026〕4号", dt.date(2026, 4, 15), "通知", ("财政、金融、审计", "财政"),
                 "各县（市、区）财政局，市级各预算单位：\n为规范政府采购行为，维护公平竞争的市场秩序，"
                 "现将《丽水市政府采购负面清单》印发给你们，请遵照执行。"),
]  # fmt: skip


@dataclass(frozen=True)
class DemoIssue:
    number: int
    publication_date: dt.date
    summary: str
    #: (section, document key or a line of text).
    contents: list[tuple[str, str]]
    publish: bool = True


ISSUES = [
    DemoIssue(1, dt.date(2026, 1, 31), "本期刊登市政府重点工作任务分解方案、2026年政务公开工作要点等文件。",
              [("市政府文件", "gov-1"), ("市政府文件", "gov-3"), ("市政府办公室文件", "office-5"),
               ("部门文件", "finance-2"),
               ("人事任免", "丽水市人民政府关于李某某等同志职务任免的通知（丽政干〔2026〕1号）")]),
    DemoIssue(2, dt.date(2026, 2, 28), "本期刊登促进民营经济高质量发展的若干意见、春季农业生产工作通知。",
              [("市政府文件", "gov-8"), ("市政府办公室文件", "office-12"),
               ("人事任免", "丽水市人民政府关于王某某等同志职务任免的通知（丽政干〔2026〕4号）")]),
    DemoIssue(3, dt.date(2026, 3, 31), "本期刊登调整城乡居民最低生活保障标准、义务教育招生入学等文件。",
              [("市政府文件", "gov-15"), ("市政府办公室文件", "office-20"),
               ("部门文件", "education-9")]),
    DemoIssue(4, dt.date(2026, 4, 30), "本期刊登加强城市精细化管理的意见、政府采购负面清单。",
              [("市政府办公室文件", "office-26"), ("部门文件", "finance-4")], publish=False),
]  # fmt: skip
FIRST_TOTAL = 301  # 总第N期 of 2026年第1期


def _gazette() -> Gazette | None:
    made, gazette = demo_record_find("gazette.gazette:lishui", Gazette.objects.filter(slug=SLUG))
    if made:
        return gazette  # None when the administrators deleted it since: left alone
    if gazette is None:
        gazette = drafting.gazette_save(
            gazette=Gazette(
                agency=Agency.objects.get(code=CITY),
                title=TITLE,
                slug=SLUG,
                description="《丽水市人民政府公报》是丽水市人民政府主办的政府出版物，由丽水市人民政府"
                "办公室编辑，每月出版一期，刊登市政府及其办公室、市政府部门发布的规范性文件和其他"
                "政府信息。纸质公报在市档案馆、市图书馆和各政务服务中心公开查阅点免费取阅。" + NOTE,
            )
        )
        demo_record_keep("gazette.gazette:lishui", gazette)
        for order, name in enumerate(SECTIONS, start=1):
            GazetteSection.objects.create(gazette=gazette, name=name, order=order)
    return gazette


def _document(spec: DemoDocument, admin: User) -> Document | None:
    """A document of 2026 of the city, published (with its 索引号) as the workflow leaves it."""
    agency = Agency.objects.get(code=spec.agency_code)
    key = f"gazette.document:{spec.key}"
    made, found = demo_record_find(key, Document.objects.filter(agency=agency, title=spec.title))
    if made:
        return found
    document = Document(
        agency=agency,
        title=spec.title,
        doc_number=spec.doc_number,
        date_formed=spec.date_formed,
        theme=Theme.objects.filter(parent__name=spec.theme[0], name=spec.theme[1]).first(),
        genre=Genre.objects.filter(name=spec.genre).first(),
        body=paragraphs_html(spec.body + "\n" + NOTE),
        effective_date=spec.date_formed,
        drafter=admin,
    )
    document_service.fill_derived_fields(document)
    published = spec.date_formed + dt.timedelta(days=2)
    document.status = Status.PUBLISHED
    document.review_result = ReviewResult.CLEAR
    document.reviewer = document.publisher = admin
    document.date_published = published
    document.published_at = timezone.make_aware(dt.datetime.combine(published, dt.time(9, 0)))
    index_number_assign(document=document)
    document.save()
    record_event(document=document, user=admin, action="publish", from_status=Status.APPROVED,
                 to_status=Status.PUBLISHED, note="示例数据")  # fmt: skip
    demo_record_keep(key, document)
    return document


def _issue(
    spec: DemoIssue, gazette: Gazette, documents: dict[str, Document | None], admin: User,
    drafter: User,
) -> bool:  # fmt: skip
    key = f"gazette.issue:{SLUG}:2026-{spec.number}"
    earlier = Issue.objects.filter(gazette=gazette, year=2026, number=spec.number)
    if demo_record_find(key, earlier)[0]:
        return False
    issue = Issue(gazette=gazette, year=2026, number=spec.number,
                  total_number=FIRST_TOTAL + spec.number - 1,
                  publication_date=spec.publication_date, summary=spec.summary + NOTE,
                  drafter=drafter)  # fmt: skip
    drafting.issue_save(issue=issue, user=admin)
    sections = {section.name: section for section in gazette.sections.all()}
    for section, item in spec.contents:
        document = documents.get(item)
        if item in documents and document is None:
            continue  # a demo document deleted since
        drafting.entry_add(
            issue=issue, user=admin, section=sections[section], document=document,
            text="" if document is not None else item,
        )  # fmt: skip
    pdf.issue_make_pdf(issue=issue, user=admin)
    if spec.publish:
        workflow.submit(obj=issue, user=drafter)
        workflow.approve(obj=issue, user=admin, review_result=ReviewResult.CLEAR)
        workflow.publish(obj=issue, user=admin)
    demo_record_keep(key, issue)
    return True


@transaction.atomic
def load(stdout: TextIO) -> None:
    users = get_user_model().objects
    admin, drafter = users.get(username="admin"), users.get(username="lishui-drafter")
    documents = {spec.key: _document(spec, admin) for spec in DOCUMENTS}
    gazette = _gazette()
    if gazette is None:
        return
    made = sum(_issue(spec, gazette, documents, admin, drafter) for spec in ISSUES)
    if made:
        stdout.write(f"Government gazette: {made} issues of {TITLE} made.\n")


def summary() -> list[tuple[str, int]]:
    return [
        ("Gazette issues published", Issue.objects.published().count()),
        ("Gazette issues in the workflow", Issue.objects.exclude(status=Status.PUBLISHED).count()),
    ]
