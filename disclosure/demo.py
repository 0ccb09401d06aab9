"""Demo data for proactive disclosure: the corpus documents as published documents, a
sample catalog for two domains, a sample negative list, and a few drafts in the workflow.
(Corpus 003 is a policy interpretation: ``interpretation/demo.py`` loads it as one.)

Idempotent: records are looked up by natural keys (title and agency, catalog item, matter) and
left alone when they exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from disclosure import documents as document_service
from disclosure.backlog.demo import load_historical_batch
from disclosure.index_numbers import index_number_assign
from disclosure.models import (
    CatalogDomain,
    CatalogItem,
    Channel,
    Document,
    Genre,
    LegalGround,
    NegativeCategory,
    NegativeListEntry,
    Theme,
    Validity,
)
from disclosure.paragraphs import paragraphs_html
from disclosure.passages import passages_sync
from portal import workdays
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency
from publishing.models import ReviewResult, Status
from publishing.workflow import record_event

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"

# Lines of page furniture copied from a web page along with the text of 002.
_FURNITURE = ("你当前所处位置", "来源:", "日期:", "责任编辑:", "字体大小:")


@dataclass(frozen=True)
class CorpusDocument:
    file: str
    agency_code: str
    title: str
    doc_number: str
    issuer_display: str
    date_formed: dt.date
    date_published: dt.date
    theme: tuple[str, str]
    genre: str
    keywords: str
    skip_lines: int  # heading lines of the file that are the title, not the body
    expiry_date: dt.date | None = None
    summary: str = ""


CORPUS_DOCUMENTS = [
    CorpusDocument(
        file="004_29828334ab9e6284.txt",
        agency_code="331100001",
        title="中共丽水市委办公室 丽水市人民政府办公室印发《关于全面推进政务公开工作的实施方案》的通知",
        doc_number="丽委办发〔2016〕81号",
        issuer_display="中共丽水市委办公室 丽水市人民政府办公室",
        date_formed=dt.date(2016, 12, 5),
        date_published=dt.date(2016, 12, 5),
        theme=("综合政务", "政务公开"),
        genre="通知",
        keywords="政务公开 实施方案 丽水",
        skip_lines=0,
        summary="丽水市贯彻落实中办、国办《关于全面推进政务公开工作的意见》的实施方案。",
    ),
    CorpusDocument(
        file="000_8e1c349c637639e0.txt",
        agency_code="450000001",
        title="廣西壯族自治區黨委辦公廳 自治區人民政府辦公廳印發《關於全面推進政務公開的實施意見》的通知",
        doc_number="",  # not stated in the source text
        issuer_display="中共廣西壯族自治區委員會辦公廳 廣西壯族自治區人民政府辦公廳",
        date_formed=dt.date(2016, 8, 23),
        date_published=dt.date(2016, 8, 23),
        theme=("综合政务", "政务公开"),
        genre="意见",
        keywords="政務公開 實施意見 廣西",
        skip_lines=1,
        summary="廣西壯族自治區全面推進政務公開的實施意見（繁體）。",
    ),
    CorpusDocument(
        file="001_b96ecd11589b4b73.txt",
        agency_code="320600001",
        title="南通市人民政府辦公室關於印發南通市2021年政務公開工作要點的通知",
        doc_number="",  # not stated in the source text
        issuer_display="",
        date_formed=dt.date(2021, 7, 20),
        date_published=dt.date(2021, 7, 20),
        theme=("综合政务", "政务公开"),
        genre="要点",
        keywords="政務公開 工作要點 南通",
        skip_lines=0,
        # A plan for one year: it expired at the end of 2021 (shows the validity marking).
        expiry_date=dt.date(2021, 12, 31),
        summary="南通市2021年政務公開工作要點（繁體）。",
    ),
    CorpusDocument(
        file="002_2d340da9e49b38d9.txt",
        agency_code="620800090",
        title="关于深化政务公开推进依法行政界别协商情况的报告",
        doc_number="",
        issuer_display="",
        date_formed=dt.date(2018, 5, 23),  # adopted by the chairpersons' meeting that day
        date_published=dt.date(2018, 5, 30),
        theme=("综合政务", "政务公开"),
        genre="报告",
        keywords="政务公开 依法行政 界别协商 平凉",
        skip_lines=0,
        summary="政协平凉市委员会关于深化政务公开、推进依法行政界别协商情况的报告。",
    ),
]  # fmt: skip


def corpus_body(file: str, skip_lines: int) -> str:
    """The text file as HTML paragraphs (escaped), its hard line breaks joined."""
    lines = (CORPUS / file).read_text(encoding="utf-8").splitlines()[skip_lines:]
    text = "\n".join(line for line in lines if not line.strip().startswith(_FURNITURE))
    return paragraphs_html(text)


def _theme(top: str, sub: str) -> Theme | None:
    return Theme.objects.filter(parent__name=top, name=sub).first()


def _publish_corpus_document(spec: CorpusDocument, admin: User) -> bool:
    agency = Agency.objects.get(code=spec.agency_code)
    key = f"disclosure.document:{spec.file}"
    made, _ = demo_record_find(key, Document.objects.filter(agency=agency, title=spec.title))
    if made:
        return False
    document = Document(
        agency=agency,
        title=spec.title,
        doc_number=spec.doc_number,
        issuer_display=spec.issuer_display,
        date_formed=spec.date_formed,
        theme=_theme(*spec.theme),
        genre=Genre.objects.filter(name=spec.genre).first(),
        keywords=spec.keywords,
        summary=spec.summary,
        body=corpus_body(spec.file, spec.skip_lines),
        effective_date=spec.date_formed,
        expiry_date=spec.expiry_date,
        drafter=admin,
    )
    document_service.fill_derived_fields(document)
    # Historic documents: they were reviewed and published on their own sites at the time.
    document.status = Status.PUBLISHED
    document.review_result = ReviewResult.CLEAR
    document.reviewer = document.publisher = admin
    document.date_published = spec.date_published
    document.published_at = timezone.make_aware(
        dt.datetime.combine(spec.date_published, dt.time(9, 0))
    )
    if spec.expiry_date and spec.expiry_date < timezone.localdate():
        document.validity = Validity.EXPIRED
    index_number_assign(document=document)
    document.save()
    record_event(
        document=document,
        user=admin,
        action="publish",
        from_status=Status.APPROVED,
        to_status=Status.PUBLISHED,
        note="示例数据：据原发布机关网站公开文本导入",
    )
    demo_record_keep(key, document)
    return True


def _split_corpus_document(spec: CorpusDocument) -> None:
    """Its articles and items, each with its address (also for demo data loaded before
    documents were split; idempotent: an unchanged text writes nothing)."""
    document = (
        Document.objects.published().filter(agency__code=spec.agency_code, title=spec.title).first()
    )
    if document is not None:
        passages_sync(document=document)


NEGATIVE_LIST = [
    (NegativeCategory.SECURITY, LegalGround.STATE_SECRET,
     "涉及国家秘密的文件、资料，包括定密范围内的会议纪要和内部通报",
     "《中华人民共和国保守国家秘密法》；《中华人民共和国政府信息公开条例》第十四条",
     "绝密、机密、秘密、国家秘密"),
    (NegativeCategory.RIGHTS, LegalGround.THIRD_PARTY,
     "社会救助、补贴发放名单中的身份证号码、银行账号、家庭住址、联系电话等个人隐私信息",
     "《中华人民共和国个人信息保护法》；《中华人民共和国政府信息公开条例》第十五条",
     "身份证号码、银行账号、家庭住址"),
    (NegativeCategory.UNDECIDED, LegalGround.PROCESS_INFORMATION,
     "尚在讨论、研究或者审查中的讨论记录、过程稿、磋商信函、请示报告",
     "《中华人民共和国政府信息公开条例》第十六条第二款",
     "讨论稿、征求意见稿（内部）、请示"),
    (NegativeCategory.INTERNAL, LegalGround.INTERNAL_AFFAIRS,
     "人事管理、后勤管理、内部工作流程等内部事务信息",
     "《中华人民共和国政府信息公开条例》第十六条第一款",
     "内部事务、后勤管理"),
    (NegativeCategory.INVESTIGATION, LegalGround.ENFORCEMENT_FILES,
     "尚未办结的行政处罚案件调查材料和行政执法案卷",
     "《中华人民共和国政府信息公开条例》第十六条第二款；《中华人民共和国行政处罚法》",
     "案件调查、执法案卷"),
]  # fmt: skip

CATALOG = [
    ("财政预决算", "财政预算", "政府预算", "一般公共预算、政府性基金预算、国有资本经营预算、社会保险基金预算及报表和说明",
     "《中华人民共和国预算法》第十四条；《中华人民共和国政府信息公开条例》第二十条",
     "自批准之日起20日内", "财政局", [Channel.WEBSITE, Channel.GAZETTE, Channel.READING_POINT]),
    ("财政预决算", "财政决算", "政府决算", "一般公共预算、政府性基金预算、国有资本经营预算、社会保险基金决算及报表和说明",
     "《中华人民共和国预算法》第十四条", "自批准之日起20日内", "财政局",
     [Channel.WEBSITE, Channel.GAZETTE]),
    ("社会救助", "最低生活保障", "审批结果", "保障对象姓名（隐去身份证号等个人信息）、保障人数、保障金额",
     "《社会救助暂行办法》；《中华人民共和国政府信息公开条例》第二十一条",
     "自信息形成或变更之日起20个工作日内", "民政局、各乡镇（街道）",
     [Channel.WEBSITE, Channel.NOTICE_BOARD, Channel.SERVICE_STATION]),
    ("社会救助", "特困人员救助供养", "办事指南", "申请条件、所需材料、办理流程、办理时限、咨询电话",
     "《社会救助暂行办法》", "自信息形成或变更之日起20个工作日内", "民政局",
     [Channel.WEBSITE, Channel.SERVICE_CENTRE, Channel.NEW_MEDIA]),
]  # fmt: skip

DEMO_AGENCY = "331100000"  # 丽水市人民政府: its demo staff can try the workflow


def _negative_list(agency: Agency) -> int:
    created = 0
    for number, (category, ground, matter, basis, keywords) in enumerate(NEGATIVE_LIST, 1):
        key = f"disclosure.negativelistentry:{number}"
        earlier = NegativeListEntry.objects.filter(agency=agency, matter=matter)
        if demo_record_find(key, earlier)[0]:
            continue
        entry = NegativeListEntry.objects.create(
            agency=agency,
            matter=matter,
            category=category,
            legal_ground=ground,
            basis=basis,
            keywords=keywords,
            effective_date=dt.date(2026, 1, 1),
            last_reviewed_on=dt.date(2026, 6, 30),
        )
        demo_record_keep(key, entry)
        created += 1
    return created


def _catalog(agency: Agency) -> int:
    created = 0
    for order, (domain, level1, level2, content, basis, limit, who, channels) in enumerate(
        CATALOG, start=1
    ):
        key = f"disclosure.catalogitem:{order}"
        fields = {
            "agency": agency,
            "domain": CatalogDomain.objects.get(name=domain),
            "item_level1": level1,
            "item_level2": level2,
        }
        if demo_record_find(key, CatalogItem.objects.filter(**fields))[0]:
            continue
        item = CatalogItem.objects.create(
            **fields,
            content=content,
            legal_basis=basis,
            time_limit=limit,
            responsible=who,
            channels=[str(c) for c in channels],
            level_township=domain == "社会救助",
            order=order,
        )
        demo_record_keep(key, item)
        created += 1
    return created


def _workflow_examples(agency: Agency) -> int:
    """Two unpublished documents so that demo staff have something to work on."""
    User = get_user_model()
    drafter = User.objects.filter(username="lishui-drafter").first()
    if drafter is None:
        return 0
    created = 0
    today = timezone.localdate()
    examples = [
        ("丽水市人民政府关于2026年第四季度重点民生实事推进情况的通报",
         "<p>现将2026年第四季度重点民生实事推进情况通报如下。</p>", today),
        # Formed long enough ago to be past the Art 26 period: it shows up as late.
        ("丽水市2026年城乡居民最低生活保障标准调整方案",
         "<p>经市政府同意，自2026年10月1日起调整城乡居民最低生活保障标准。</p>",
         workdays.add_workdays(today, -30)),
    ]  # fmt: skip
    for number, (title, body, formed) in enumerate(examples, start=1):
        key = f"disclosure.document:draft-{number}"
        made, _ = demo_record_find(key, Document.objects.filter(agency=agency, title=title))
        if made:
            continue
        document = Document(
            agency=agency,
            title=title,
            date_formed=formed,
            body=body,
            genre=Genre.objects.filter(name="通报").first(),
            theme=_theme("民政、扶贫、救灾", "社会福利"),
        )
        document_service.document_save(document=document, user=drafter)
        demo_record_keep(key, document)
        created += 1
    return created


_UNPUBLISHED = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED]


def summary() -> list[tuple[str, int]]:
    """What the portal holds, for ``load_demo``'s closing table."""
    return [
        ("Documents published", Document.objects.published().count()),
        ("Documents in the workflow", Document.objects.filter(status__in=_UNPUBLISHED).count()),
        ("Historical documents", Document.objects.filter(is_historical=True).count()),
        ("Catalog items", CatalogItem.objects.count()),
        ("Negative-list entries", NegativeListEntry.objects.count()),
    ]


@transaction.atomic
def load(stdout: TextIO) -> None:
    admin = get_user_model().objects.get(username="admin")
    for spec in CORPUS_DOCUMENTS:
        _publish_corpus_document(spec, admin)
        _split_corpus_document(spec)
    agency = Agency.objects.get(code=DEMO_AGENCY)
    _negative_list(agency)
    _catalog(agency)
    _workflow_examples(agency)
    # After the taxonomies and the demo staff: the import files documents under them.
    load_historical_batch(agency)
