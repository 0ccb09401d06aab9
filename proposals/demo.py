"""Demo data of 建议提案办理结果公开: replies of 丽水市人民政府 and three of its departments to
deputies' suggestions and CPPCC proposals of 2026 — one of each category (A, B, C) and more, one
replied late — plus a draft for the demo staff to take through the workflow. The sessions, the
titles and the proposers are made up, each marked （示例）.

Made through the services (``drafting``, the shared workflow), drafted in the city drafter's
name and reviewed and published by the superuser. Idempotent: each item is remembered as a
``DemoRecord`` under its key and never made again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from disclosure.paragraphs import paragraphs_html
from portal import access
from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency, StaffRole
from proposals import drafting
from proposals.models import Kind, Proposal, ReplyCategory
from publishing import workflow
from publishing.models import ReviewResult, Status

YEAR = 2026
NPC = "丽水市第五届人民代表大会第三次会议（示例）"
CPPCC = "政协丽水市第五届委员会第三次会议（示例）"


@dataclass(frozen=True)
class DemoProposal:
    key: str
    kind: str
    number: int
    title: str
    proposer: str
    lead: str
    assisting: tuple[str, ...]
    received: dt.date
    replied: dt.date | None
    category: str
    reply: str
    publish: bool = True


PROPOSALS = [
    DemoProposal("npc-12", Kind.SUGGESTION, 12, "关于加快推进城乡义务教育优质均衡发展的建议（示例）",
                 "王某某等5名代表（示例）", "331100003", ("331100002",), dt.date(2026, 3, 6),
                 dt.date(2026, 5, 20), ReplyCategory.A,
                 "王某某等代表：\n您们提出的关于加快推进城乡义务教育优质均衡发展的建议收悉。经研究，"
                 "我局已会同市财政局将城乡学校共同体建设纳入年度重点工作，新增结对学校二十所，"
                 "所需经费已列入2026年市级预算。感谢您们对教育工作的关心和支持。"),
    DemoProposal("npc-37", Kind.SUGGESTION, 37, "关于优化政务服务“一网通办”流程的建议（示例）",
                 "陈某某代表（示例）", "331100001", (), dt.date(2026, 3, 6), dt.date(2026, 6, 2),
                 ReplyCategory.B,
                 "陈某某代表：\n您提出的建议收悉。我办已牵头梳理高频事项一百项，计划于2026年底前"
                 "完成流程再造并上线，届时将向社会公布。"),
    DemoProposal("npc-58", Kind.SUGGESTION, 58, "关于设立市级文化发展专项基金的建议（示例）",
                 "刘某某代表（示例）", "331100002", (), dt.date(2026, 3, 6), dt.date(2026, 6, 20),
                 ReplyCategory.C,
                 "刘某某代表：\n您提出的建议收悉。受财力所限，目前暂不具备设立专项基金的条件，"
                 "我局将把您的建议作为今后完善文化事业投入机制的参考。"),
    DemoProposal("cppcc-8", Kind.PROPOSAL, 8, "关于加强校园周边交通安全管理的提案（示例）",
                 "民盟丽水市委会", "331100003", ("331100001",), dt.date(2026, 3, 10),
                 dt.date(2026, 5, 28), ReplyCategory.A,
                 "民盟丽水市委会：\n贵会提出的提案收悉。我局已会同有关部门在全市中小学校周边设置"
                 "护学岗一百二十个，完成交通设施改造三十处。感谢贵会对教育工作的支持。"),
    DemoProposal("cppcc-21", Kind.PROPOSAL, 21, "关于推进政府信息公开标准化规范化的提案（示例）",
                 "农工党丽水市委会", "331100000", ("331100001",), dt.date(2026, 3, 10),
                 dt.date(2026, 6, 8), ReplyCategory.B,
                 "农工党丽水市委会：\n贵会提出的提案收悉。市政府已将基层政务公开标准化规范化列入"
                 "2026年政务公开工作要点，正在分领域编制标准目录，预计年内完成。"),
    DemoProposal("cppcc-33", Kind.PROPOSAL, 33, "关于进一步降低中小企业融资成本的提案（示例）",
                 "市工商联（示例）", "331100002", (), dt.date(2026, 3, 10), dt.date(2026, 6, 4),
                 ReplyCategory.A,
                 "市工商联：\n贵会提出的提案收悉。我局已出台政府性融资担保费率补助政策，"
                 "2026年上半年共为中小企业降低担保费用一千余万元。"),
    DemoProposal("cppcc-40", Kind.PROPOSAL, 40, "关于建设城市“口袋公园”的提案（示例）",
                 "张某某委员（示例）", "331100000", (), dt.date(2026, 9, 1), None, "", "",
                 publish=False),
]  # fmt: skip


def _proposal(spec: DemoProposal, admin: User, drafter: User) -> bool:
    key = f"proposals.proposal:{YEAR}-{spec.key}"
    earlier = Proposal.objects.filter(kind=spec.kind, year=YEAR, number=spec.number)
    if demo_record_find(key, earlier)[0]:
        return False
    agency = Agency.objects.get(code=spec.lead)
    proposal = Proposal(
        kind=spec.kind, year=YEAR, session=NPC if spec.kind == Kind.SUGGESTION else CPPCC,
        number=spec.number, title=spec.title, proposer=spec.proposer, agency=agency,
        received_on=spec.received, replied_on=spec.replied, category=spec.category,
        reply=paragraphs_html(spec.reply) if spec.reply else "", drafter=drafter,
    )  # fmt: skip
    author = drafter if access.can_act(drafter, agency, StaffRole.Role.DRAFTER) else admin
    assisting = Agency.objects.filter(code__in=spec.assisting)
    drafting.proposal_save(proposal=proposal, user=author, assisting=assisting)
    if spec.publish:
        workflow.submit(obj=proposal, user=author)
        workflow.approve(obj=proposal, user=admin, review_result=ReviewResult.CLEAR)
        workflow.publish(obj=proposal, user=admin)
    demo_record_keep(key, proposal)
    return True


@transaction.atomic
def load(stdout: TextIO) -> None:
    users = get_user_model().objects
    admin, drafter = users.get(username="admin"), users.get(username="lishui-drafter")
    made = sum(_proposal(spec, admin, drafter) for spec in PROPOSALS)
    if made:
        stdout.write(f"Suggestions and proposals: {made} items made.\n")


def summary() -> list[tuple[str, int]]:
    return [
        ("Replies to suggestions and proposals published", Proposal.objects.published().count()),
        ("Suggestions and proposals in the workflow",
         Proposal.objects.exclude(status=Status.PUBLISHED).count()),
    ]  # fmt: skip
