"""One world of real records for the authorization matrix: agency A owns a published and an
unpublished record of every kind, agency B owns the same few, and two applicants each hold
their own tracking number and access code. The office head and publisher of their parent (the
province) follows agency A's documents, read only.

Every private record carries a marker (``SECRET``) in a text field the pages show, so a test can
tell not only the status code but whether another agency's draft, or an applicant's personal
data, leaked into a page that answered 200.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
import segno
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from briefings.models import Conference, ConferenceMedia, ConferenceRecord
from budgets.models import BudgetAttachment, BudgetDisclosure
from concerns import drafting as concerns_drafting
from concerns.models import Concern as PublicConcern
from concerns.models import Response as ConcernResponse
from decisions import drafting as decisions_drafting
from decisions.models import Decision as MajorDecision
from decisions.models import DecisionCatalog, DecisionStep, StepKind
from disclosure.models import (
    Attachment,
    CatalogDomain,
    CatalogItem,
    Document,
    DocumentPlacement,
    Genre,
    ImportBatch,
    LegalGround,
    NegativeCategory,
    NegativeListEntry,
    Theme,
)
from enforcement import drafting as enforcement_drafting
from enforcement import inspections as enforcement_inspections
from enforcement.demo import credit_code
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
)
from gazette.models import Entry, Gazette, GazetteSection, Issue
from inspection.models import ColumnLimit, Section
from interaction import events as meeting_events
from interaction import handling as message_handling
from interaction import intake as message_intake
from interaction.models import (
    Interview,
    InterviewMedia,
    InterviewRecord,
    Meeting,
    MeetingApplication,
    MeetingAttachment,
    MeetingMinutes,
    Message,
    MessageDesk,
    MessageFile,
    MessageKind,
)
from interpretation.models import (
    Comment,
    Consultation,
    ConsultationAttachment,
    Interpretation,
    InterpretationMedia,
    PolicyQuestion,
    Topic,
)
from keytasks import drafting as keytasks_drafting
from keytasks.models import KeyTask, ListKind, Milestone, ProgressReport, TaskList
from newmedia.models import Account, Platform
from opendata import drafting as opendata_drafting
from opendata.models import Dataset, DatasetVersion
from opendata.models import Theme as DataTheme
from policies import drafting as policy_drafting
from policies.drafting import Criterion
from policies.models import CriterionType, CriterionValue, PolicyItem, Subscription
from portal import sites
from portal.models import Agency, CalendarDay, CalendarYear, SiteIdentity, StaffRole
from powers import drafting as powers_drafting
from powers.models import Category, PowerItem, Responsibility
from proposals.models import Kind, Proposal, ReplyCategory
from publishing import workflow
from publishing.models import ReviewResult, Status, WordingRule
from reports.models import AnnualFigures, AnnualReport
from requests_app import intake
from requests_app.models import (
    Answer,
    InformationRequest,
    Outcome,
    Pause,
    PersonalDataAccess,
    ReleasedFile,
    RequestFile,
    Review,
    ThirdPartyNotice,
)
from requests_app.models import Status as RequestStatus
from subsidies import drafting as subsidies_drafting
from subsidies import importing as subsidies_importing
from subsidies.models import BeneficiaryList, SubsidyKind
from tests.factories import staff
from tests.requests_app.conftest import new_request

# The smallest PNG: one transparent pixel.
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082"
)

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)

# Text that only the owning agency's staff may ever see.
SECRET = "机密草稿甲"
# The applicants' personal data: never on a public page, never in the public API.
APPLICANT_ID = "440524198001010013"
APPLICANT_PHONE = "13812345678"
OTHER_APPLICANT_ID = "33010219900101002X"
YEAR = 2025


def pdf(name: str = "附件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class World:
    agency_a: Any
    agency_b: Any
    staff_a: Any
    editor_a: Any
    staff_b: Any
    superuser: Any
    # The office head and publisher of agency A's parent (the province): follows agency A's
    # documents read only (portal.access.FOLLOWING_ROLES), nothing else of it.
    follower: Any = None
    objects: dict[str, Any] = field(default_factory=dict)
    # Tracking credentials: the target (agency A's applicant) and the other applicant's own.
    target_request: Any = None
    target_code: str = ""
    own_request: Any = None
    own_code: str = ""

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]


def _document(agency, *, published: bool, title: str, **fields) -> Document:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "agency": agency,
        "title": title,
        "date_formed": today,
        "body": f"<p>{title}正文。</p>",
    }
    if published:
        values |= {
            "status": Status.PUBLISHED,
            "date_published": today,
            "published_at": timezone.now(),
            "index_number": f"{agency.code}/2026-{Document.objects.count() + 1:05d}",
        }
    return Document.objects.create(**values | fields)


def _attachment(document: Document, name: str) -> Attachment:
    return Attachment.objects.create(
        document=document,
        file=pdf(name),
        original_name=name,
        kind=Attachment.Kind.PDF,
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )


def _consultation(agency, *, published: bool, title: str) -> Consultation:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "agency": agency,
        "title": title,
        "draft_text": "第一条 为保障城乡困难群众基本生活，制定本方案。",
        "basis": "《社会救助暂行办法》",
        "explanation": "起草说明。",
        "opens_on": today - dt.timedelta(days=1),
        "closes_on": today + dt.timedelta(days=29),
    }
    if published:
        values |= {"status": Status.PUBLISHED, "published_at": timezone.now()}
    return Consultation.objects.create(**values)


def _interpretation(agency, *, published: bool, title: str, documents) -> Interpretation:
    values: dict[str, Any] = {
        "agency": agency,
        "title": title,
        "department": "市政府办公室",
        "background": "背景依据。",
    }
    if published:
        values |= {"status": Status.PUBLISHED, "published_at": timezone.now()}
    interpretation = Interpretation.objects.create(**values)
    interpretation.documents.set(documents)
    return interpretation


def _media(interpretation: Interpretation) -> InterpretationMedia:
    return InterpretationMedia.objects.create(
        interpretation=interpretation,
        kind="image",
        file=SimpleUploadedFile("图解.png", PNG),
        original_name="图解.png",
        content_type="image/png",
        size=len(PNG),
        alt_text="一图读懂",
    )


def _interaction_records(o: dict[str, Any], agency_a) -> None:
    """Interviews and public meetings (interaction.events): a published and a draft one of
    each, a draft transcript and minutes, files, and an application naming the applicant."""
    now = timezone.now()
    day = dt.timedelta(days=1)
    published = {"status": Status.PUBLISHED, "published_at": now}
    o["published_interview"] = Interview.objects.create(
        agency=agency_a, title="政务公开在线访谈", starts_at=now - 2 * day,
        ends_at=now - day, **published,
    )  # fmt: skip
    o["interview"] = Interview.objects.create(
        agency=agency_a, title=f"{SECRET}访谈预告", starts_at=now + day, ends_at=now + 2 * day
    )
    record = {"interview": o["published_interview"], "agency": agency_a}
    o["published_interviewrecord"] = InterviewRecord.objects.create(
        transcript="访谈实录。", **record, **published
    )
    o["interviewrecord"] = InterviewRecord.objects.create(
        transcript=f"{SECRET}访谈实录草稿", **record
    )
    for key in ("published_interviewrecord", "interviewrecord"):
        o[key.replace("record", "media")] = InterviewMedia.objects.create(
            record=o[key], kind="image", file=SimpleUploadedFile("现场.png", PNG),
            original_name="现场.png", content_type="image/png", size=len(PNG), alt_text="访谈现场",
        )  # fmt: skip
    times = {"starts_at": now + 10 * day, "ends_at": now + 10 * day + dt.timedelta(hours=2),
             "applications_open_at": now - day, "applications_close_at": now + 9 * day}  # fmt: skip
    o["published_meeting"] = Meeting.objects.create(
        agency=agency_a, title="常务会议（公众列席）", place="第一会议室", agenda="议程。",
        **times, **published,
    )  # fmt: skip
    o["meeting"] = Meeting.objects.create(
        agency=agency_a, title=f"{SECRET}会议", place="第二会议室", agenda="议程。", **times
    )
    minutes = {"meeting": o["published_meeting"], "agency": agency_a}
    o["published_meetingminutes"] = MeetingMinutes.objects.create(
        text="会议纪要。", **minutes, **published
    )
    o["meetingminutes"] = MeetingMinutes.objects.create(text=f"{SECRET}会议纪要草稿", **minutes)
    for key in ("published_meetingminutes", "meetingminutes"):
        o[key.replace("minutes", "attachment")] = MeetingAttachment.objects.create(
            minutes=o[key], file=pdf("会议纪要.pdf"), original_name="会议纪要.pdf",
            content_type="application/pdf", size=len(PDF),
        )  # fmt: skip
    o["meetingapplication"] = MeetingApplication.objects.create(
        meeting=o["published_meeting"], number=1, name="王某某", id_type="resident_id",
        id_number=APPLICANT_ID, mobile=APPLICANT_PHONE, reason=f"{SECRET}申请理由",
    )  # fmt: skip


def _submit(agency, **fields) -> tuple[InformationRequest, str]:
    submission = intake.request_submit_online(info_request=new_request(agency, **fields))
    return submission.request, submission.access_code


def _answered(info_request: InformationRequest, handler) -> Answer:
    today = timezone.localdate()
    InformationRequest.objects.filter(pk=info_request.pk).update(
        status=RequestStatus.ANSWERED, outcome=Outcome.DISCLOSED, answered_on=today
    )
    return Answer.objects.create(
        request=info_request,
        outcome=Outcome.DISCLOSED,
        letter_html="<p>答复告知书</p>",
        answered_on=today,
        answered_by=handler,
    )


def _parent(agency: Agency) -> Agency:
    return Agency.objects.get(path=agency.path[: -Agency.steplen])


def build_world(agency_a, agency_b) -> World:
    Role = StaffRole.Role
    world = World(
        agency_a=agency_a,
        agency_b=agency_b,
        staff_a=staff("matrix_staff_a", agency_a, *Role.values),
        editor_a=staff("matrix_editor_a", agency_a, Role.DRAFTER, Role.REVIEWER, Role.PUBLISHER),
        staff_b=staff("matrix_staff_b", agency_b, *Role.values),
        superuser=staff("matrix_root", agency_a),
        follower=staff("matrix_parent", _parent(agency_a), Role.OFFICE_HEAD, Role.PUBLISHER),
    )
    world.superuser.is_superuser = True
    world.superuser.save()
    o = world.objects
    o["agency"] = agency_a
    o["user"] = world.staff_a
    o["staffrole"] = StaffRole.objects.filter(user=world.staff_a).first()
    o["group"] = Group.objects.create(name="矩阵测试组")
    o["tokenproxy"] = Token.objects.create(user=world.staff_a)
    # staff_a is an office head: its two-factor devices (the test client signs in with them).
    o["totpdevice"] = TOTPDevice.objects.create(user=world.staff_a, name="authenticator")
    o["staticdevice"] = StaticDevice.objects.create(user=world.staff_a, name="recovery")
    o["calendarday"] = CalendarDay.objects.create(
        date=dt.date(2030, 10, 1), is_workday=False, name="国庆节"
    )
    o["calendaryear"] = CalendarYear.objects.create(year=2030, source="矩阵测试通知")
    o["siteidentity"] = SiteIdentity.objects.create(
        pk=1,
        badge=SimpleUploadedFile("badge.png", PNG_1PX),
        badge_content_type="image/png",
    )
    o["theme"] = Theme.objects.create(name="矩阵主题")
    o["genre"] = Genre.objects.create(name="矩阵体裁")
    o["columnlimit"] = ColumnLimit.objects.create(section=Section.HOME, max_age_days=14)
    o["wordingrule"] = WordingRule.objects.create(kind=WordingRule.Kind.SENSITIVE, wrong="矩阵词")
    o["catalogdomain"] = CatalogDomain.objects.create(name="矩阵领域", slug="matrix")
    o["catalogitem"] = CatalogItem.objects.create(
        agency=agency_a,
        domain=o["catalogdomain"],
        item_level1="矩阵目录事项",
        content="公开内容要素",
        responsible="市政府办公室",
    )
    o["negativelistentry"] = NegativeListEntry.objects.create(
        agency=agency_a,
        category=NegativeCategory.RIGHTS,
        legal_ground=LegalGround.THIRD_PARTY,
        matter="救助对象的身份证号码和银行账号",
        basis="《中华人民共和国政府信息公开条例》第十五条",
        keywords=f"{SECRET}筛查关键词",
        effective_date=dt.date(2026, 1, 1),
    )
    o["published_document"] = _document(
        agency_a, published=True, title="关于做好2026年政务公开工作的通知", theme=o["theme"]
    )
    o["document"] = _document(agency_a, published=False, title=f"{SECRET}内部请示")
    o["published_attachment"] = _attachment(o["published_document"], "公开附件.pdf")
    o["attachment"] = _attachment(o["document"], f"{SECRET}附件.pdf")
    o["document_b"] = _document(agency_b, published=False, title="杭州草稿")
    # The site group (portal.sites): the matrix walks the main portal (the whole tree, on the
    # test client's host); agency A has a site of its own, whose settings its office head and
    # publishers edit, and a document placed on it (引用/转载).
    sites.site_create(name="矩阵主站", root_agency=None, hosts=["testserver"])
    o["site"] = sites.site_create(name="矩阵A站", root_agency=agency_a, hosts=["a.testserver"])
    o["documentplacement"] = DocumentPlacement.objects.create(
        document=o["published_document"], site=o["site"], note="转载", placed_by=world.staff_a
    )
    # A historical import of agency A, with a document in review (historical, unpublished).
    o["importbatch"] = ImportBatch.objects.create(
        agency=agency_a, created_by=world.editor_a, spreadsheet_name=f"{SECRET}历史文件.xlsx",
        archive_name="历史文件.zip",
    )  # fmt: skip
    o["historical_document"] = _document(
        agency_a, published=False, title=f"{SECRET}历史文件", is_historical=True,
        import_batch=o["importbatch"], status=Status.IN_REVIEW,
    )  # fmt: skip

    o["published_interpretation"] = _interpretation(
        agency_a, published=True, title="政策解读：政务公开", documents=[o["published_document"]]
    )
    o["interpretation"] = _interpretation(
        agency_a, published=False, title=f"{SECRET}解读稿", documents=[o["document"]]
    )
    o["published_media"] = _media(o["published_interpretation"])
    o["media"] = _media(o["interpretation"])
    o["topic"] = Topic.objects.create(name="矩阵话题", slug="matrix")
    o["published_policyquestion"] = PolicyQuestion.objects.create(
        agency=agency_a, question="如何申请政府信息公开？", answer="向窗口提交。", is_published=True
    )
    o["policyquestion"] = PolicyQuestion.objects.create(
        agency=agency_a, question=f"{SECRET}待答问题", answer="尚未审定。"
    )
    o["published_consultation"] = _consultation(
        agency_a, published=True, title="低保标准调整方案（征求意见稿）"
    )
    o["consultation"] = _consultation(agency_a, published=False, title=f"{SECRET}征求意见稿")
    for key in ("published_consultation", "consultation"):
        o[f"{key}_attachment"] = ConsultationAttachment.objects.create(
            consultation=o[key],
            file=pdf("征求意见稿.pdf"),
            original_name="征求意见稿.pdf",
            content_type="application/pdf",
            size=len(PDF),
        )
    o["comment"] = Comment.objects.create(
        consultation=o["published_consultation"],
        name="李四",
        contact=APPLICANT_PHONE,
        body=f"{SECRET}未审核意见",
    )

    _interaction_records(o, agency_a)

    # Information requests: agency A's target (answered, with files) and the other applicant's.
    handler = world.staff_a
    request, code = _submit(agency_a, description=f"{SECRET}申请内容")
    intake.request_register(info_request=request, user=handler, received_on=timezone.localdate())
    request.refresh_from_db()
    answer = _answered(request, handler)
    o["releasedfile"] = ReleasedFile.objects.create(
        answer=answer,
        file=pdf("公开信息.pdf"),
        original_name="公开信息.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    o["requestfile"] = RequestFile.objects.create(
        request=request,
        file=pdf("身份证明.pdf"),
        original_name="身份证明.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    o["informationrequest"] = request
    # Art 32: a notice to an overridden third party, kept with the request.
    pause = Pause.objects.create(
        request=request, kind=Pause.Kind.THIRD_PARTY, started_on=timezone.localdate(),
        ended_on=timezone.localdate(), party="矩阵第三方公司", reply="objection",
    )  # fmt: skip
    o["thirdpartynotice"] = ThirdPartyNotice.objects.create(
        request=request, pause=pause, third_party="矩阵第三方公司",
        public_interest_reason=f"{SECRET}公共利益理由", letter_html="<p>告知书</p>",
        decided_on=timezone.localdate(), decided_by=handler,
    )  # fmt: skip
    o["personaldataaccess"] = PersonalDataAccess.objects.create(
        request=request, user=handler, what=PersonalDataAccess.What.DETAILS, page="/admin/"
    )
    o["review"] = Review.objects.create(
        request=request, kind=Review.Kind.RECONSIDERATION, filed_on=timezone.localdate()
    )
    world.target_request, world.target_code = request, code
    world.own_request, world.own_code = _submit(
        agency_b, name="赵某某", id_number=OTHER_APPLICANT_ID, phone="13900002222"
    )

    _messages(world)
    _power_items(world)
    _decisions(world)
    _beneficiary_lists(world)
    _concerns(world)
    _key_tasks(world)
    _datasets(world)
    _inspections(world)
    _gazette(world)
    _budgets(world)
    _policies(world)
    _newmedia_and_proposals(world)
    _briefings(world)
    _major_decisions(world)
    _axes_records(o)
    o["annualfigures"] = AnnualFigures.objects.create(agency=agency_a, year=YEAR)
    o["published_annualreport"] = AnnualReport.objects.create(
        agency=agency_a, year=YEAR - 1, status=Status.PUBLISHED, frozen_tables=_tables(agency_a)
    )
    o["annualreport"] = AnnualReport.objects.create(
        agency=agency_a, year=YEAR, section_overview=f"{SECRET}年报初稿", drafter=world.staff_a
    )
    return world


def _message(agency, **fields: Any) -> Message:
    message = Message(
        kind=MessageKind.objects.get(code="consult"), agency=agency, name="钱某某",
        mobile=APPLICANT_PHONE, **fields,
    )  # fmt: skip
    return message_intake.message_submit(message=message).message


def _messages(world: World) -> None:
    """Agency A's message box: a message still open (its text unpublished, the citizen's
    phone and a file), and a published one whose citizen has the same phone."""
    o = world.objects
    o["messagedesk"] = MessageDesk.objects.create(agency=world.agency_a, leader_box="市长信箱")
    o["messagekind"] = MessageKind.objects.get(code="consult")
    o["message"] = _message(
        world.agency_a, subject=f"{SECRET}留言", text=f"{SECRET}留言内容，请回电。"
    )
    o["messagefile"] = MessageFile.objects.create(
        message=o["message"], file=pdf("照片.pdf"), original_name="照片.pdf",
        content_type="application/pdf", size=len(PDF),
    )  # fmt: skip
    published = _message(
        world.agency_a, subject="公积金贷款咨询", publication_consent=True,
        text=f"请问公积金贷款额度如何计算？我的电话 {APPLICANT_PHONE}。",
    )  # fmt: skip
    reply = message_handling.reply_draft(
        message=published,
        user=world.editor_a,
        text="您好，最高额度为五十万元。",
        show_publicly=True,
    )
    workflow.submit(obj=reply, user=world.editor_a)
    workflow.approve(obj=reply, user=world.staff_a, review_result=ReviewResult.CLEAR)
    workflow.publish(obj=reply, user=world.staff_a)
    o["published_message"] = published
    o["messagereply"] = reply
    o["contactaccess"] = message_handling.contact_access_record(
        user=world.staff_a, message=o["message"], what="details", page="/admin/"
    )
    o["applicationaccess"] = meeting_events.application_access_record(
        user=world.staff_a, application=o["meetingapplication"], page="/admin/"
    )


def _power_items(world: World) -> None:
    """Agency A's 权力清单: a published penalty item (drafted by the editor, published by the
    office's other staff), a draft revision of it and a draft item, both carrying SECRET."""
    o = world.objects

    def drafted(**fields: Any) -> PowerItem:
        item = powers_drafting.power_item_save(
            item=PowerItem(agency=world.agency_a, office="市场监管科", **fields),
            user=world.editor_a,
        )
        Responsibility.objects.create(
            power_item=item, duty="立案责任：对涉嫌违法行为予以审查。",
            accountability_basis="《中华人民共和国行政处罚法》第七十六条",
        )  # fmt: skip
        return item

    item = drafted(code="处罚-00001-000", name="对无照经营的行政处罚", category=Category.PENALTY,
                   basis="《无证无照经营查处办法》第十三条")  # fmt: skip
    workflow.submit(obj=item, user=world.editor_a)
    workflow.approve(obj=item, user=world.staff_a, review_result=ReviewResult.CLEAR)
    o["published_poweritem"] = workflow.publish(obj=item, user=world.staff_a)
    o["power_responsibility"] = item.responsibilities.get()
    o["poweritemversion"] = item.versions.get()
    revision = powers_drafting.power_item_revise(item=item, user=world.editor_a)
    revision.basis = f"{SECRET}修订中的依据"
    revision.change_reason = "法律修订"
    o["poweritem_revision"] = powers_drafting.power_item_save(item=revision, user=world.editor_a)
    o["poweritem"] = drafted(code="许可-00002-000", name=f"{SECRET}许可事项",
                             category=Category.LICENSING, basis="《行政许可法》")  # fmt: skip


def _decision(world: World, **fields: Any) -> Decision:
    decision = Decision(
        agency=world.agency_a, kind=DecisionKind.PENALTY, subject_type=SubjectType.PERSON,
        subject_name="钱某某", id_number=APPLICANT_ID, legal_basis="《无证无照经营查处办法》",
        decision_text="罚款五百元。", **fields,
    )  # fmt: skip
    return enforcement_drafting.decision_save(decision=decision, user=world.editor_a)


def _decisions(world: World) -> None:
    """Agency A's enforcement decisions about a person with the applicant's ID number: a draft
    (its summary unpublished), one on display, and one published whose 公示期 has ended (its
    summary no longer public)."""
    o = world.objects
    today = timezone.localdate()
    o["decision"] = _decision(
        world, number="丽罚〔2026〕1号", summary=f"{SECRET}处罚草稿", decision_date=today
    )
    o["published_decision"] = _decision(
        world, number="丽罚〔2026〕2号", summary="当事人钱*无照经营。", decision_date=today,
        power_item=o["published_poweritem"],
    )  # fmt: skip
    o["expired_decision"] = _decision(
        world, number="丽罚〔2020〕3号", summary=f"{SECRET}公示期已满",
        decision_date=today - dt.timedelta(days=4000),
    )  # fmt: skip
    Decision.objects.filter(pk__in=[o["published_decision"].pk, o["expired_decision"].pk]).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )


def _beneficiary_list(world: World, **fields: Any) -> BeneficiaryList:
    """A list of agency A whose file names the applicant (their ID number and phone): the
    public sees them masked, nobody sees them in clear."""
    content = (
        "姓名,身份证号,联系电话,住址,金额\n"
        f"钱某某,{APPLICANT_ID},{APPLICANT_PHONE},丽水市莲都区紫金街道下河社区下河路12号,1135\n"
    ).encode()
    upload = subsidies_importing.parse_content(filename="名单.csv", content=content)
    item = BeneficiaryList(
        agency=world.agency_a, kind=SubsidyKind.MINIMUM_LIVING, period="2026年10月",
        supervision_phone="0578-2123120", **fields,
    )  # fmt: skip
    return subsidies_drafting.list_save(beneficiary_list=item, user=world.editor_a, upload=upload)


def _beneficiary_lists(world: World) -> None:
    """Agency A's beneficiary lists: a draft, one on display, and one published whose 公示期
    has ended (its title no longer public)."""
    o = world.objects
    today = timezone.localdate()
    o["beneficiarylist"] = _beneficiary_list(
        world, title=f"{SECRET}名单草稿", notice_start=today, notes=f"{SECRET}说明"
    )
    o["published_beneficiarylist"] = _beneficiary_list(
        world, title="2026年10月城乡低保对象名单", notice_start=today - dt.timedelta(days=1)
    )
    o["expired_beneficiarylist"] = _beneficiary_list(
        world, title=f"{SECRET}公示期已满名单", notice_start=today - dt.timedelta(days=30)
    )
    BeneficiaryList.objects.filter(
        pk__in=[o["published_beneficiarylist"].pk, o["expired_beneficiarylist"].pk]
    ).update(status=Status.PUBLISHED, published_at=timezone.now())


def _concerns(world: World) -> None:
    """Agency A's register of public concerns (never public; it refuses personal data, so its
    secret is the unpublished subject and summary), a draft response and a published one."""
    o = world.objects
    o["concern"] = concerns_drafting.concern_save(
        concern=PublicConcern(
            agency=world.agency_a, source="hotline", severity="general",
            subject=f"{SECRET}舆情", summary=f"{SECRET}舆情摘要",
            aware_at=timezone.now() - dt.timedelta(hours=50),
        ),
        user=world.editor_a,
    )  # fmt: skip
    o["response"] = concerns_drafting.response_save(
        response=ConcernResponse(agency=world.agency_a, concern=o["concern"], kind="briefing",
                                 title=f"{SECRET}回应草稿", text=f"{SECRET}正文"),
        user=world.editor_a,
    )  # fmt: skip
    o["published_response"] = concerns_drafting.response_save(
        response=ConcernResponse(agency=world.agency_a, concern=o["concern"], kind="briefing",
                                 title="关于城区供水的情况通报", text="供水已恢复正常。"),
        user=world.editor_a,
    )  # fmt: skip
    ConcernResponse.objects.filter(pk=o["published_response"].pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )


def _major_decisions(world: World) -> None:
    """Agency A's catalogs of major decisions: this year's, published, with a decision whose
    first step is published and whose second is a draft; next year's, a draft."""
    o = world.objects
    year = timezone.localdate().year

    def catalog(year: int, notes: str) -> DecisionCatalog:
        item = DecisionCatalog(agency=world.agency_a, year=year, notes=notes)
        return decisions_drafting.catalog_save(catalog=item, user=world.editor_a)

    def decision(catalog: DecisionCatalog, title: str) -> MajorDecision:
        item = MajorDecision(
            catalog=catalog, number=1, title=title, lead_agency="丽水市发展和改革委员会",
            legal_basis="《重大行政决策程序暂行条例》", planned_start=dt.date(year, 3, 1),
            planned_end=dt.date(year, 10, 1),
        )  # fmt: skip
        return decisions_drafting.decision_save(decision=item, user=world.editor_a)

    o["published_decisioncatalog"] = catalog(year, "经市政府常务会议审议通过。")
    o["published_majordecision"] = decision(o["published_decisioncatalog"], "停车收费标准调整")
    o["decisioncatalog"] = catalog(year + 1, f"{SECRET}目录说明")
    o["majordecision"] = decision(o["decisioncatalog"], f"{SECRET}决策事项")
    DecisionCatalog.objects.filter(pk=o["published_decisioncatalog"].pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    o["published_decisioncatalog"].refresh_from_db()
    first = DecisionStep(
        decision=o["published_majordecision"], kind=StepKind.PRE_DISCLOSURE,
        consultation=o["published_consultation"], summary="公开征求意见30日。",
    )  # fmt: skip
    decisions_drafting.step_save(step=first, user=world.editor_a)
    DecisionStep.objects.filter(pk=first.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    second = DecisionStep(
        decision=o["published_majordecision"], kind=StepKind.PARTICIPATION,
        summary=f"{SECRET}公众参与草稿",
    )  # fmt: skip
    o["decisionstep"] = decisions_drafting.step_save(step=second, user=world.editor_a)


def _key_tasks(world: World) -> None:
    """Agency A's key task lists: a published one (2026) with a task and a draft progress
    report on it, and a draft list (2027) with a task; the private ones carry SECRET."""
    o = world.objects

    def drafted(year: int, title: str, text: str) -> tuple[TaskList, KeyTask]:
        task_list = keytasks_drafting.list_save(
            task_list=TaskList(agency=world.agency_a, year=year, kind=ListKind.WORK_REPORT,
                               title=title),
            user=world.editor_a,
        )  # fmt: skip
        task = keytasks_drafting.task_save(
            task=KeyTask(task_list=task_list, number=1, text=text, lead_agency=world.agency_a),
            user=world.editor_a,
        )
        Milestone.objects.create(task=task, title="节点", due_date=dt.date(year, 6, 30))
        return task_list, task

    o["published_tasklist"], o["published_keytask"] = drafted(
        2026, "2026年重点工作", "扩大有效投资"
    )
    TaskList.objects.filter(pk=o["published_tasklist"].pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    o["published_keytask"].refresh_from_db()
    o["tasklist"], o["keytask"] = drafted(2027, f"{SECRET}重点工作草稿", f"{SECRET}任务草稿")
    o["progressreport"] = keytasks_drafting.report_save(
        report=ProgressReport(task=KeyTask.objects.get(pk=o["published_keytask"].pk),
                              quarter=1, text=f"{SECRET}进展草稿", percent=10),
        user=world.editor_a,
    )  # fmt: skip


def _dataset(world: World, **fields: Any) -> Dataset:
    dataset = Dataset(
        agency=world.agency_a, theme=DataTheme.objects.get(code="finance"),
        contact_name="丽水市财政局预算科", **fields,
    )  # fmt: skip
    return opendata_drafting.dataset_save(dataset=dataset, user=world.editor_a)


def _version(world: World, dataset: Dataset, version: str, data: str, **fields: Any):
    record = opendata_drafting.version_save(
        version=DatasetVersion(dataset=dataset, version=version, released_on=dt.date(2025, 3, 1),
                               **fields),
        user=world.editor_a,
    )  # fmt: skip
    distribution = opendata_drafting.distribution_add(
        version=record, user=world.editor_a, fmt="CSV",
        upload=SimpleUploadedFile(f"数据{version}.csv", data.encode()),
    )  # fmt: skip
    return record, distribution


def _datasets(world: World) -> None:
    """Agency A's open data: a published dataset with a released version, a draft dataset
    (its description unpublished) and a draft version of the published dataset (its change
    note and its file unpublished)."""
    o = world.objects
    o["published_dataset"] = _dataset(world, title="财政预算执行", description="预算执行情况。")
    o["dataset"] = _dataset(world, title="草稿数据集", description=f"{SECRET}数据集草稿")
    released, o["published_distribution"] = _version(
        world, o["published_dataset"], "2024", "科目,数\n收入,1\n"
    )
    o["datasetversion"], o["distribution"] = _version(
        world, o["published_dataset"], "2025", f"科目,数\n{SECRET},1\n",
        change_note=f"{SECRET}版本说明",
    )  # fmt: skip
    published = [o["published_dataset"].pk]
    Dataset.objects.filter(pk__in=published).update(
        status=Status.PUBLISHED, published_at=timezone.now(), modified_at=timezone.now()
    )
    DatasetVersion.objects.filter(pk=released.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )


def _plan(world: World, title: str, first_code: int) -> InspectionPlan:
    today = timezone.localdate()
    plan = enforcement_inspections.plan_save(
        plan=InspectionPlan(
            agency=world.agency_a, title=title, year=today.year, description="随机抽查。",
            subject_count=2, planned_start=today, planned_end=today + dt.timedelta(days=30),
        ),
        user=world.editor_a,
    )  # fmt: skip
    InspectionItem.objects.create(plan=plan, name="经营资质", basis="《食品安全法》第三十五条")
    for i in range(3):
        PlanSubject.objects.create(
            plan=plan, name=f"丽水市矩阵{i}号有限公司", credit_code=credit_code(first_code + i)
        )
        PlanInspector.objects.create(plan=plan, name=f"检查员{i}", certificate_number=f"3311{i}000")
    return plan


def _inspections(world: World) -> None:
    """Agency A's random inspections: a draft plan (its title unpublished), and a published
    plan with its draw, a published result and a draft result (its findings unpublished)."""
    o = world.objects
    o["inspectionplan"] = _plan(world, f"{SECRET}抽查计划", 900)
    published = _plan(world, "2026年度双随机抽查计划", 950)
    InspectionPlan.objects.filter(pk=published.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    published.refresh_from_db()
    o["published_inspectionplan"] = published
    o["inspectiondraw"] = enforcement_inspections.plan_draw(plan=published, user=world.editor_a)
    first, second = o["inspectiondraw"].drawn.order_by("position")
    o["inspectionitem"] = published.items.get()
    o["plansubject"], o["planinspector"] = first.subject, first.inspectors.first()
    today = timezone.localdate()
    o["published_inspectionresult"] = enforcement_inspections.result_save(
        result=InspectionResult(drawn_subject=first, outcome=InspectionOutcome.NO_PROBLEM,
                                summary="未发现问题。", inspected_on=today),
        user=world.editor_a,
    )  # fmt: skip
    InspectionResult.objects.filter(pk=o["published_inspectionresult"].pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    o["inspectionresult"] = enforcement_inspections.result_save(
        result=InspectionResult(drawn_subject=second, outcome=InspectionOutcome.RECTIFY,
                                summary=f"{SECRET}检查情况", inspected_on=today),
        user=world.editor_a,
    )  # fmt: skip


def _gazette(world: World) -> None:
    """Agency A's gazette: a published issue and a draft one (its summary, PDF name and a line
    of its contents unpublished), both printing the published document; only the published
    one may ever show, on the document's page too."""
    o = world.objects
    o["gazette"] = Gazette.objects.create(
        agency=world.agency_a, title="矩阵市人民政府公报", slug="matrix", description="简介。"
    )
    o["gazettesection"] = GazetteSection.objects.create(gazette=o["gazette"], name="市政府文件")
    common = {"gazette": o["gazette"], "agency": world.agency_a, "pdf_size": len(PDF)}
    o["published_issue"] = Issue.objects.create(
        year=2026, number=1, publication_date=dt.date(2026, 1, 31), summary="本期导读。",
        pdf=pdf("公报.pdf"), pdf_name="公报.pdf", status=Status.PUBLISHED,
        published_at=timezone.now(), **common,
    )  # fmt: skip
    # Another year: its archive page has nothing public either.
    o["issue"] = Issue.objects.create(
        year=2027, number=1, publication_date=dt.date(2027, 1, 31), summary=f"{SECRET}公报导读",
        pdf=pdf(f"{SECRET}公报.pdf"), pdf_name=f"{SECRET}公报.pdf", **common,
    )  # fmt: skip
    for number, key in enumerate(("published_issue", "issue"), start=1):
        Entry.objects.create(issue=o[key], section=o["gazettesection"], order=1,
                             document=o["published_document"], page=number)  # fmt: skip
    o["published_entry"] = Entry.objects.create(
        issue=o["published_issue"], section=o["gazettesection"], order=2,
        text="关于某某同志职务任免的通知",
    )  # fmt: skip
    o["entry"] = Entry.objects.create(
        issue=o["issue"], section=o["gazettesection"], order=2, text=f"{SECRET}任免事项"
    )


def _qr_png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    segno.make("https://example.cn/matrix").save(buffer, kind="png", scale=2)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _newmedia_and_proposals(world: World) -> None:
    """Agency A's new media accounts and replies to suggestions: a published one and a draft
    of each (the draft's texts unpublished); only the published ones may ever show."""
    o = world.objects
    published = {"status": Status.PUBLISHED, "published_at": timezone.now()}
    account = {"agency": world.agency_a, "opened_on": dt.date(2020, 1, 1),
               "qr_content_type": "image/png"}  # fmt: skip
    # On two platforms: a name is unique per agency and platform (the XSS test gives both the
    # same payload).
    o["published_account"] = Account.objects.create(
        platform=Platform.WECHAT, name="矩阵发布", handle="matrix", qr_code=_qr_png("qr.png"),
        qr_name="qr.png", description="政务信息发布。", **account, **published,
    )  # fmt: skip
    o["account"] = Account.objects.create(
        platform=Platform.WEIBO, name=f"{SECRET}账号", handle="secret",
        qr_code=_qr_png(f"{SECRET}.png"), qr_name=f"{SECRET}.png", description=f"{SECRET}简介",
        drafter=world.editor_a, **account,
    )  # fmt: skip
    proposal = {"agency": world.agency_a, "kind": Kind.SUGGESTION, "year": 2026,
                "session": "矩阵市人大会议", "received_on": dt.date(2026, 3, 6),
                "replied_on": dt.date(2026, 5, 6), "category": ReplyCategory.A}  # fmt: skip
    o["published_proposal"] = Proposal.objects.create(
        number=1, title="关于矩阵工作的建议", proposer="民盟矩阵市委会",
        reply="<p>已采纳。</p>", **proposal, **published,
    )  # fmt: skip
    o["proposal"] = Proposal.objects.create(
        number=2, title=f"{SECRET}建议", proposer=f"{SECRET}代表", reply=f"<p>{SECRET}答复</p>",
        drafter=world.editor_a, **proposal,
    )  # fmt: skip


def _budgets(world: World) -> None:
    """Agency A's 2026 budget, published, and its 2025 final accounts, a draft (its explanation
    and document unpublished), each with a PDF document."""
    o = world.objects
    common = {
        "agency": world.agency_a, "scope": "department", "year": 2026,
        "total_income": Decimal("100.00"), "total_expenditure": Decimal("100.00"),
        "tables": ["summary"],
    }  # fmt: skip
    o["published_budgetdisclosure"] = BudgetDisclosure.objects.create(
        kind="budget", approval_date=dt.date(2026, 1, 22), description="预算说明。",
        status=Status.PUBLISHED, published_at=timezone.now(), **common,
    )  # fmt: skip
    o["budgetdisclosure"] = BudgetDisclosure.objects.create(
        kind="final", approval_date=dt.date(2027, 7, 20), description=f"{SECRET}决算说明",
        **common,
    )  # fmt: skip
    for key in ("published_budgetdisclosure", "budgetdisclosure"):
        o[key.replace("disclosure", "attachment")] = BudgetAttachment.objects.create(
            disclosure=o[key], file=pdf("预算.pdf"), original_name="预算.pdf",
            content_type="application/pdf", size=len(PDF),
        )  # fmt: skip


SUBSCRIBER_EMAIL = "matrix.subscriber@example.cn"


def _policy_item(world: World, document: Document, **fields: Any) -> PolicyItem:
    item = PolicyItem(
        document=document, audience="businesses", benefit_text="最高10万元",
        delivery="apply", guide_url="https://www.zjzwfw.gov.cn/", **fields,
    )  # fmt: skip
    conditions = [Criterion(CriterionType.SIZE, values=["small"])]
    return policy_drafting.item_save(item=item, user=world.editor_a, conditions=conditions)


def _policies(world: World) -> None:
    """Agency A's policy items: a draft, one on display, and one published item of a document
    that has expired (both private ones carry SECRET); the conditions vocabulary; a confirmed
    subscription (its address must appear nowhere)."""
    o = world.objects
    o["policyitem"] = _policy_item(
        world, o["published_document"], name="矩阵政策草稿", summary=f"{SECRET}政策草稿"
    )
    o["published_policyitem"] = _policy_item(
        world, o["published_document"], name="矩阵小微企业补助", summary="对小微企业给予补助。"
    )
    expired = _document(
        world.agency_a, published=True, title="已失效的惠企文件",
        validity="expired", expiry_date=timezone.localdate() - dt.timedelta(days=10),
    )  # fmt: skip
    o["expired_policyitem"] = _policy_item(
        world, expired, name="随文件失效的补助", summary=f"{SECRET}已失效"
    )
    PolicyItem.objects.filter(
        pk__in=[o["published_policyitem"].pk, o["expired_policyitem"].pk]
    ).update(status=Status.PUBLISHED, published_at=timezone.now())
    o["criterionvalue"] = CriterionValue.objects.get(kind="size", code="small")
    o["subscription"] = Subscription.objects.create(
        email=SUBSCRIBER_EMAIL, email_hash="matrix", kind="audience", audience="businesses",
        confirmed_at=timezone.now(),
    )  # fmt: skip


def _briefings(world: World) -> None:
    """Agency A's press conferences: a published one held yesterday with its published and its
    draft transcript (each with a picture), and a draft announcement (the private ones carry
    SECRET)."""
    o = world.objects
    now = timezone.now()
    published = {"status": Status.PUBLISHED, "published_at": now}
    common = {"agency": world.agency_a, "place": "新闻发布厅", "announcement": "发布会预告。"}
    o["published_conference"] = Conference.objects.create(
        title="矩阵新闻发布会", starts_at=now - dt.timedelta(days=1), **common, **published
    )
    o["conference"] = Conference.objects.create(
        title=f"{SECRET}发布会预告", starts_at=now + dt.timedelta(days=3), **common
    )
    record = {"conference": o["published_conference"], "agency": world.agency_a}
    o["published_conferencerecord"] = ConferenceRecord.objects.create(
        transcript="<p>发布会实录。</p>", **record, **published
    )
    o["conferencerecord"] = ConferenceRecord.objects.create(
        transcript=f"<p>{SECRET}实录草稿</p>", **record
    )
    for key in ("published_conferencerecord", "conferencerecord"):
        o[key.replace("record", "media")] = ConferenceMedia.objects.create(
            record=o[key], kind="image", file=SimpleUploadedFile("现场.png", PNG),
            original_name="现场.png", content_type="image/png", size=len(PNG),
            alt_text="发布会现场",
        )  # fmt: skip


def _axes_records(objects: dict[str, Any]) -> None:
    """django-axes' login records, when it is installed (their admin pages are in the matrix)."""
    if not apps.is_installed("axes"):
        return
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    common = {"user_agent": "matrix", "ip_address": "192.0.2.1", "username": "matrix_staff_a"}
    common |= {"http_accept": "*/*", "path_info": "/admin/login/"}
    objects["accessattempt"] = AccessAttempt.objects.create(
        get_data="", post_data="", failures_since_start=1, **common
    )
    objects["accessfailurelog"] = AccessFailureLog.objects.create(**common)
    objects["accesslog"] = AccessLog.objects.create(**common)


def _tables(agency) -> dict[str, Any]:
    from reports import tables

    return tables.compute(agency, YEAR - 1)


def tracking_client(info_request: InformationRequest, code: str) -> Client:
    """A browser session that has opened ``request`` with its own number and access code."""
    client = Client()
    response = client.post(
        "/requests/track/", {"tracking_number": info_request.tracking_number, "access_code": code}
    )
    assert response.status_code == 302, "the applicant's own lookup must succeed"
    return client


@pytest.fixture(name="world")
def world_fixture(agency_a, agency_b) -> World:
    """Import ``world_fixture`` into a test module to use the ``world`` fixture."""
    return build_world(agency_a, agency_b)
