"""Helpers for the 建议提案办理 tests: items led by agency A, recorded and published through the
services, as staff do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from proposals import drafting
from proposals.models import Kind, Proposal, ReplyCategory
from publishing import workflow
from publishing.models import ReviewResult


def draft(agency: Any, drafter: Any, *, number: int = 1, assisting: Any = None,
          **fields: Any) -> Proposal:  # fmt: skip
    values: dict[str, Any] = {
        "agency": agency,
        "kind": Kind.SUGGESTION,
        "year": 2026,
        "session": "丽水市第五届人民代表大会第三次会议",
        "number": number,
        "title": f"关于第{number}项工作的建议",
        "proposer": "民盟丽水市委会",
        "received_on": dt.date(2026, 3, 6),
        "replied_on": dt.date(2026, 5, 20),
        "category": ReplyCategory.A,
        "reply": "<p>您提出的建议收悉，已采纳。</p>",
    }
    return drafting.proposal_save(
        proposal=Proposal(**(values | fields)), user=drafter, assisting=assisting
    )


def publish(proposal: Proposal, drafter: Any, reviewer: Any, publisher: Any) -> Proposal:
    workflow.submit(obj=proposal, user=drafter)
    workflow.approve(obj=proposal, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=proposal, user=publisher)
