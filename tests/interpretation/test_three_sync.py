"""三同步: a document that needs an interpretation is published with one, or with a reason;
the document and its interpretation are published together in one action."""

from __future__ import annotations

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from disclosure.models import Document, DocumentEvent
from interpretation import publishing
from interpretation.models import Interpretation, InterpretationWaiver
from publishing.models import Status
from tests.disclosure.conftest import make_draft
from tests.interpretation.conftest import (
    approve,
    approve_document,
    make_interpretation,
    published_interpretation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_normative(normative_draft, drafter_a, reviewer_a, django_capture_on_commit_callbacks):
    return approve_document(
        normative_draft,
        drafter=drafter_a,
        reviewer=reviewer_a,
        capture=django_capture_on_commit_callbacks,
    )


@pytest.fixture
def approved_interpretation(agency_a, drafter_a, reviewer_a, approved_normative):
    interpretation = make_interpretation(agency_a, drafter_a, [approved_normative])
    return approve(interpretation, drafter=drafter_a, reviewer=reviewer_a)


def test_normative_document_without_interpretation_is_refused(approved_normative, publisher_a):
    with pytest.raises(ValidationError, match="needs a published interpretation"):
        publishing.document_publish(obj=approved_normative, user=publisher_a)
    assert Document.objects.get(pk=approved_normative.pk).status == Status.APPROVED


def test_document_marked_as_needing_interpretation_is_refused(
    agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    document = make_draft(agency_a, drafter_a, needs_interpretation=True)
    approve_document(
        document, drafter=drafter_a, reviewer=reviewer_a, capture=django_capture_on_commit_callbacks
    )
    with pytest.raises(ValidationError, match="needs a published interpretation"):
        publishing.document_publish(obj=document, user=publisher_a)


def test_a_reason_lets_it_be_published_and_is_recorded(approved_normative, publisher_a):
    publishing.document_publish(
        obj=approved_normative, user=publisher_a, waiver_reason="解读材料正在专家论证，随后发布"
    )
    assert Document.objects.get(pk=approved_normative.pk).status == Status.PUBLISHED
    waiver = InterpretationWaiver.objects.get(document=approved_normative)
    assert (waiver.reason, waiver.user) == ("解读材料正在专家论证，随后发布", publisher_a)
    event = DocumentEvent.objects.get(document=approved_normative, action="publish")
    assert "解读材料正在专家论证" in event.note


def test_a_blank_reason_is_no_reason(approved_normative, publisher_a):
    with pytest.raises(ValidationError):
        publishing.document_publish(obj=approved_normative, user=publisher_a, waiver_reason="   ")
    assert not InterpretationWaiver.objects.exists()


def test_a_published_interpretation_is_enough(agency_a, approved_normative, publisher_a):
    published_interpretation(agency_a, [approved_normative])
    publishing.document_publish(obj=approved_normative, user=publisher_a)
    assert Document.objects.get(pk=approved_normative.pk).status == Status.PUBLISHED
    assert not InterpretationWaiver.objects.exists()


def test_a_withdrawn_or_unpublished_interpretation_is_not(
    agency_a, drafter_a, approved_normative, publisher_a
):
    make_interpretation(agency_a, drafter_a, [approved_normative])
    withdrawn = published_interpretation(agency_a, [approved_normative])
    Interpretation.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="needs a published interpretation"):
        publishing.document_publish(obj=approved_normative, user=publisher_a)


def test_other_documents_need_no_interpretation(
    agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    document = approve_document(
        make_draft(agency_a, drafter_a),
        drafter=drafter_a,
        reviewer=reviewer_a,
        capture=django_capture_on_commit_callbacks,
    )
    publishing.document_publish(obj=document, user=publisher_a)
    assert Document.objects.get(pk=document.pk).status == Status.PUBLISHED


def test_publishing_together_publishes_both(
    approved_normative, approved_interpretation, publisher_a
):
    document, interpretation = publishing.publish_with_interpretation(
        document=approved_normative, interpretation=approved_interpretation, user=publisher_a
    )
    assert document.status == interpretation.status == Status.PUBLISHED
    assert interpretation.published_at <= document.published_at
    assert not InterpretationWaiver.objects.exists()
    event = DocumentEvent.objects.get(document=document, action="publish")
    assert approved_interpretation.title in event.note
    assert interpretation.events.filter(action="publish", actor=publisher_a).exists()


def test_publishing_together_refuses_an_interpretation_not_yet_approved(
    agency_a, drafter_a, approved_normative, publisher_a
):
    draft = make_interpretation(agency_a, drafter_a, [approved_normative])
    with pytest.raises(ValidationError, match="both must be approved"):
        publishing.publish_with_interpretation(
            document=approved_normative, interpretation=draft, user=publisher_a
        )
    assert Document.objects.get(pk=approved_normative.pk).status == Status.APPROVED


def test_publishing_together_refuses_a_document_not_yet_approved(
    agency_a, drafter_a, reviewer_a, normative_draft, publisher_a
):
    interpretation = approve(
        make_interpretation(agency_a, drafter_a, [normative_draft]),
        drafter=drafter_a,
        reviewer=reviewer_a,
    )
    with pytest.raises(ValidationError, match="both must be approved"):
        publishing.publish_with_interpretation(
            document=normative_draft, interpretation=interpretation, user=publisher_a
        )
    # Nothing went public: the interpretation was not published on its own.
    assert Interpretation.objects.get(pk=interpretation.pk).status == Status.APPROVED


def test_publishing_together_needs_the_interpretation_to_explain_the_document(
    agency_a, drafter_a, reviewer_a, approved_normative, publisher_a
):
    other = approve(
        make_interpretation(agency_a, drafter_a, [make_draft(agency_a, drafter_a)]),
        drafter=drafter_a,
        reviewer=reviewer_a,
    )
    with pytest.raises(ValidationError, match="not linked"):
        publishing.publish_with_interpretation(
            document=approved_normative, interpretation=other, user=publisher_a
        )


def test_publishing_together_needs_a_publisher(
    approved_normative, approved_interpretation, reviewer_a, staff_b
):
    for user in (reviewer_a, staff_b):
        with pytest.raises(PermissionDenied):
            publishing.publish_with_interpretation(
                document=approved_normative, interpretation=approved_interpretation, user=user
            )
    assert Interpretation.objects.get(pk=approved_interpretation.pk).status == Status.APPROVED


def test_the_admin_publishes_both_in_one_action(
    client, approved_normative, approved_interpretation, publisher_a
):
    client.force_login(publisher_a)
    url = f"/admin/interpretation/interpretation/{approved_interpretation.pk}/publish-together/"
    page = client.get(url, {"document": approved_normative.pk})
    assert approved_normative.title in page.content.decode()
    response = client.post(url, {"document": approved_normative.pk})
    assert response.status_code == 302
    assert Document.objects.get(pk=approved_normative.pk).status == Status.PUBLISHED
    assert Interpretation.objects.get(pk=approved_interpretation.pk).status == Status.PUBLISHED


def test_the_combined_publication_is_reachable_from_both_sides(
    client, approved_normative, approved_interpretation, publisher_a
):
    client.force_login(publisher_a)
    base = "/admin/interpretation/interpretation"
    together = f"{base}/{approved_interpretation.pk}/publish-together/"
    change = client.get(f"{base}/{approved_interpretation.pk}/change/")
    assert together in change.content.decode()
    preview = client.get(f"/admin/disclosure/document/{approved_normative.pk}/preview/")
    # The document has one publish page: its workflow step, which shows its interpretations.
    publish_page = f"/admin/disclosure/document/{approved_normative.pk}/workflow/publish/"
    assert publish_page in preview.content.decode()
    assert together in client.get(publish_page).content.decode()
    assert together in client.get(f"{base}/three-sync/").content.decode()


def test_the_admin_publishes_a_document_without_interpretation_with_a_reason(
    client, approved_normative, publisher_a
):
    client.force_login(publisher_a)
    url = f"/admin/disclosure/document/{approved_normative.pk}/workflow/publish/"
    client.post(url, {"waiver_reason": ""})
    assert Document.objects.get(pk=approved_normative.pk).status == Status.APPROVED
    client.post(url, {"waiver_reason": "应急事项，解读另行发布"})
    assert Document.objects.get(pk=approved_normative.pk).status == Status.PUBLISHED
    assert InterpretationWaiver.objects.get().reason == "应急事项，解读另行发布"


def test_the_document_workflow_page_explains_the_refusal(client, approved_normative, publisher_a):
    client.force_login(publisher_a)
    url = f"/admin/disclosure/document/{approved_normative.pk}/workflow/publish/"
    client.cookies["django_language"] = "en"  # chosen with the switch
    page = client.post(url, follow=True).content.decode()
    assert Document.objects.get(pk=approved_normative.pk).status == Status.APPROVED
    assert "needs a published interpretation" in page


def test_staff_of_another_agency_cannot_use_the_three_sync_pages(
    client, approved_normative, approved_interpretation, staff_b
):
    client.force_login(staff_b)
    base = "/admin/interpretation/interpretation"
    assert client.get(f"{base}/{approved_interpretation.pk}/publish-together/").status_code == 404
    publish = f"/admin/disclosure/document/{approved_normative.pk}/workflow/publish/"
    assert client.get(publish).status_code == 404
    page = client.get(f"{base}/three-sync/").content.decode()
    assert approved_normative.title not in page
