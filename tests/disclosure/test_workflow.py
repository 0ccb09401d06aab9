"""The review-and-publish workflow: each move by each role, forbidden moves, the audit trail."""

from __future__ import annotations

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from disclosure.models import DisclosureAttribute, Document, DocumentEvent
from portal.models import StaffRole
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft, publish
from tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(agency_a, drafter_a):
    return make_draft(agency_a, drafter_a)


@pytest.fixture
def submitted(draft, drafter_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return workflow.submit(obj=draft, user=drafter_a)


def events(document) -> list[tuple[str, str, str]]:
    return list(
        DocumentEvent.objects.filter(document=document).values_list(
            "action", "from_status", "to_status"
        )
    )


def test_drafter_submits_a_draft_for_review(submitted):
    assert submitted.status == Status.IN_REVIEW
    assert events(submitted)[-1] == ("submit", Status.DRAFT, Status.IN_REVIEW)


def test_a_draft_without_body_or_attachment_cannot_be_submitted(agency_a, drafter_a):
    empty = make_draft(agency_a, drafter_a, body="")
    with pytest.raises(ValidationError, match="body text or at least one attachment"):
        workflow.submit(obj=empty, user=drafter_a)
    empty.refresh_from_db()
    assert empty.status == Status.DRAFT


def test_reviewer_cannot_submit_for_the_drafter(draft, reviewer_a):
    with pytest.raises(PermissionDenied):
        workflow.submit(obj=draft, user=reviewer_a)


def test_reviewer_approves_after_the_confidentiality_review(submitted, reviewer_a):
    approved = workflow.approve(obj=submitted, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert approved.status == Status.APPROVED
    assert approved.reviewer == reviewer_a
    assert approved.review_result == ReviewResult.CLEAR


def test_approval_needs_a_review_result(submitted, reviewer_a):
    with pytest.raises(ValidationError, match="confidentiality review"):
        workflow.approve(obj=submitted, user=reviewer_a, review_result="")


def test_a_not_for_publication_review_cannot_be_approved(submitted, reviewer_a):
    with pytest.raises(ValidationError, match="must not be published"):
        workflow.approve(
            obj=submitted,
            user=reviewer_a,
            review_result=ReviewResult.NOT_FOR_PUBLICATION,
        )


def test_the_drafter_cannot_approve_own_document(agency_a, django_capture_on_commit_callbacks):
    both = staff("both", agency_a, StaffRole.Role.DRAFTER, StaffRole.Role.REVIEWER)
    document = make_draft(agency_a, both)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(obj=document, user=both)
    with pytest.raises(PermissionDenied, match="drafter"):
        workflow.approve(obj=document, user=both, review_result=ReviewResult.CLEAR)


def test_reviewer_returns_to_draft_with_a_note(submitted, reviewer_a):
    returned = workflow.return_to_draft(obj=submitted, user=reviewer_a, note="请补充附件")
    assert returned.status == Status.DRAFT
    assert DocumentEvent.objects.filter(document=submitted, action="return").get().note == (
        "请补充附件"
    )


def test_return_needs_a_note(submitted, reviewer_a):
    with pytest.raises(ValidationError):
        workflow.return_to_draft(obj=submitted, user=reviewer_a, note=" ")


def test_publisher_publishes_and_every_role_is_recorded(
    draft, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    document = publish(
        draft,
        drafter=drafter_a,
        reviewer=reviewer_a,
        publisher=publisher_a,
        capture=django_capture_on_commit_callbacks,
    )
    assert document.status == Status.PUBLISHED
    assert (document.drafter, document.reviewer, document.publisher) == (
        drafter_a,
        reviewer_a,
        publisher_a,
    )
    assert document.index_number.startswith(f"{document.agency.code}/")
    assert document.date_published is not None
    assert [e[0] for e in events(document)] == ["create", "submit", "approve", "publish"]


def test_reviewer_cannot_publish(submitted, reviewer_a):
    workflow.approve(obj=submitted, user=reviewer_a, review_result="clear")
    with pytest.raises(PermissionDenied):
        workflow.publish(obj=submitted, user=reviewer_a)


def test_publishing_a_draft_directly_is_refused(draft, publisher_a):
    with pytest.raises(ValidationError, match="not possible while the document is"):
        workflow.publish(obj=draft, user=publisher_a)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.index_number is None


def test_a_document_not_proactively_disclosed_is_not_published(
    agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    document = make_draft(agency_a, drafter_a, disclosure_attribute=DisclosureAttribute.ON_REQUEST)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(obj=document, user=drafter_a)
    workflow.approve(obj=document, user=reviewer_a, review_result="clear")
    with pytest.raises(ValidationError, match="Only proactively disclosed"):
        workflow.publish(obj=document, user=publisher_a)


def test_withdrawal_needs_a_reason_and_keeps_the_index_number(
    draft, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    document = publish(draft, drafter=drafter_a, reviewer=reviewer_a, publisher=publisher_a,
                       capture=django_capture_on_commit_callbacks)  # fmt: skip
    number = document.index_number
    with pytest.raises(ValidationError):
        workflow.withdraw(obj=document, user=publisher_a, reason="")
    withdrawn = workflow.withdraw(obj=document, user=publisher_a, reason="已废止")
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.index_number == number


def test_staff_of_another_agency_cannot_move_the_document(submitted, staff_b):
    for action in (
        lambda: workflow.approve(obj=submitted, user=staff_b, review_result="clear"),
        lambda: workflow.return_to_draft(obj=submitted, user=staff_b, note="x"),
    ):
        with pytest.raises(PermissionDenied):
            action()
    assert Document.objects.get(pk=submitted.pk).status == Status.IN_REVIEW


def test_available_actions_follow_role_and_status(submitted, drafter_a, reviewer_a, staff_b):
    assert workflow.available_actions(submitted, drafter_a) == []
    assert {a for a, _ in workflow.available_actions(submitted, reviewer_a)} == {
        "approve",
        "return",
    }
    assert workflow.available_actions(submitted, staff_b) == []


def test_refusals_name_the_kind_of_item(agency_a, drafter_a, publisher_a, draft):
    """The workflow is shared: an interpretation's refusal speaks of an interpretation."""
    from tests.interpretation.conftest import make_interpretation

    interpretation = make_interpretation(agency_a, drafter_a, [draft])
    with pytest.raises(ValidationError, match="while the policy interpretation is"):
        workflow.publish(obj=interpretation, user=publisher_a)
    with pytest.raises(ValidationError, match="withdrawing the policy interpretation"):
        workflow.withdraw(obj=interpretation, user=publisher_a, reason=" ")
