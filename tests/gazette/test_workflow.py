"""An issue moves draft → in review → approved → published (→ withdrawn) through the shared
workflow, with its audit trail; it is public only while published; it goes to review only with
its PDF and contents, and is published only while every document it prints is published."""

from __future__ import annotations

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from gazette import drafting
from gazette.models import Issue
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.gazette.conftest import draft_issue, issue_with, publish, section

pytestmark = pytest.mark.django_db


def test_draft_review_publish_and_only_then_public(
    client, gazette_a, document_a, drafter_a, reviewer_a, publisher_a
):
    issue = issue_with(gazette_a, drafter_a, document_a)
    url, pdf = issue.get_absolute_url(), issue.get_pdf_url()
    assert url == "/gazette/lishui/2026/5/"
    assert client.get(url).status_code == 404 and client.get(pdf).status_code == 404
    workflow.submit(obj=issue, user=drafter_a)
    with pytest.raises(PermissionDenied):
        workflow.approve(obj=issue, user=drafter_a, review_result=ReviewResult.CLEAR)
    workflow.approve(obj=issue, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert client.get(url).status_code == 404
    workflow.publish(obj=issue, user=publisher_a)
    assert client.get(url).status_code == 200 and client.get(pdf).status_code == 200
    assert list(issue.events.values_list("action", flat=True)) == [
        "create", "submit", "approve", "publish",
    ]  # fmt: skip
    workflow.withdraw(obj=issue, user=publisher_a, reason="目录有误，重新编印")
    assert client.get(url).status_code == 404 and client.get(pdf).status_code == 404


def test_an_issue_goes_to_review_only_with_its_pdf_and_contents(gazette_a, drafter_a):
    issue = draft_issue(gazette_a, drafter_a, pdf=False)
    with pytest.raises(ValidationError) as error:
        workflow.submit(obj=issue, user=drafter_a)
    assert error.value.messages == [
        "Upload the PDF of the whole issue.", "Fill in the table of contents.",
    ]  # fmt: skip
    assert Issue.objects.get(pk=issue.pk).status == Status.DRAFT


def test_a_document_withdrawn_during_review_stops_the_publication(
    gazette_a, document_a, drafter_a, reviewer_a, publisher_a
):
    issue = issue_with(gazette_a, drafter_a, document_a)
    workflow.submit(obj=issue, user=drafter_a)
    workflow.approve(obj=issue, user=reviewer_a, review_result=ReviewResult.CLEAR)
    workflow.withdraw(obj=document_a, user=publisher_a, reason="文件已废止")
    with pytest.raises(ValidationError) as error:
        workflow.publish(obj=issue, user=publisher_a)
    assert "is not published" in str(error.value) and document_a.title in str(error.value)
    assert Issue.objects.get(pk=issue.pk).status == Status.APPROVED  # nothing half-done


def test_a_published_issue_cannot_be_edited_or_get_more_contents(
    gazette_a, document_a, drafter_a, reviewer_a, publisher_a
):
    issue = publish(issue_with(gazette_a, drafter_a, document_a), drafter_a, reviewer_a,
                    publisher_a)  # fmt: skip
    issue.summary = "改过的导读"
    with pytest.raises(ValidationError, match="Only a draft"):
        drafting.issue_save(issue=issue, user=drafter_a)
    with pytest.raises(ValidationError, match="Only a draft"):
        drafting.entry_add(issue=issue, user=drafter_a, section=section(gazette_a, "人事任免"),
                           text="关于某某同志职务任免的通知")  # fmt: skip


def test_only_drafters_of_the_gazettes_agency_make_its_issues(gazette_a, staff_b, reviewer_a):
    with pytest.raises(ValidationError) as error:
        draft_issue(gazette_a, staff_b)
    assert "gazette" in error.value.message_dict
    with pytest.raises(ValidationError):
        draft_issue(gazette_a, reviewer_a)
    assert not Issue.objects.exists()


def test_the_issue_belongs_to_its_gazettes_agency(gazette_a, drafter_a, agency_a):
    issue = draft_issue(gazette_a, drafter_a)
    assert issue.agency == agency_a and issue.drafter == drafter_a


def test_a_phone_number_in_a_line_of_text_is_caught_by_the_screening_at_approval(
    gazette_a, drafter_a, reviewer_a
):
    issue = issue_with(
        gazette_a, drafter_a, text="关于某某同志职务任免的通知（联系电话13812345678）"
    )
    workflow.submit(obj=issue, user=drafter_a)
    with pytest.raises(ValidationError, match="screening"):
        workflow.approve(obj=issue, user=reviewer_a, review_result=ReviewResult.CLEAR)
