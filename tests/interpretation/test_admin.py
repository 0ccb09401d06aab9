"""The back office of interpretations and Q&A: scoping by agency and the shared workflow pages."""

from __future__ import annotations

import pytest

from interpretation.models import Interpretation, InterpretationEvent, PolicyQuestion
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft
from tests.interpretation.conftest import make_interpretation

pytestmark = pytest.mark.django_db

BASE = "/admin/interpretation/interpretation"


@pytest.fixture
def document(agency_a, drafter_a):
    return make_draft(agency_a, drafter_a)


@pytest.fixture
def draft(agency_a, drafter_a, document):
    return make_interpretation(agency_a, drafter_a, [document])


def test_drafter_writes_an_interpretation_in_the_admin(client, agency_a, drafter_a, document):
    client.force_login(drafter_a)
    response = client.post(
        f"{BASE}/add/",
        {
            "agency": agency_a.pk,
            "documents": [document.pk],
            "form": "text",
            "title": "《关于做好2026年政务公开工作的通知》解读",
            "background": "为贯彻落实条例。",
            "department": "市政府办公室",
            "interpreter": "李某",
            "media-TOTAL_FORMS": "0",
            "media-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    interpretation = Interpretation.objects.get()
    assert (interpretation.status, interpretation.drafter) == (Status.DRAFT, drafter_a)
    assert list(interpretation.documents.all()) == [document]
    assert InterpretationEvent.objects.get(interpretation=interpretation).action == "create"


def test_the_add_page_starts_from_the_document(client, drafter_a, document):
    client.force_login(drafter_a)
    page = client.get(f"{BASE}/add/", {"documents": document.pk})
    assert page.context["adminform"].form.initial["documents"] == [str(document.pk)]


def test_staff_of_another_agency_get_404_for_every_interpretation_page(client, draft, staff_b):
    client.force_login(staff_b)
    for suffix in ("change/", "preview/", "workflow/submit/", "workflow/approve/",
                   "publish-together/"):  # fmt: skip
        assert client.get(f"{BASE}/{draft.pk}/{suffix}").status_code == 404, suffix
    assert client.post(f"{BASE}/{draft.pk}/workflow/submit/").status_code == 404
    assert draft.title not in client.get(f"{BASE}/").content.decode()
    assert Interpretation.objects.get(pk=draft.pk).status == Status.DRAFT


def test_an_interpretation_goes_through_the_workflow_in_the_admin(
    client, draft, drafter_a, reviewer_a, publisher_a
):
    client.force_login(drafter_a)
    assert client.post(f"{BASE}/{draft.pk}/workflow/submit/").status_code == 302
    client.force_login(reviewer_a)
    page = client.get(f"{BASE}/{draft.pk}/change/").content.decode()
    assert "workflow/approve/" in page and "workflow/publish/" not in page
    client.post(f"{BASE}/{draft.pk}/workflow/approve/", {"review_result": ReviewResult.CLEAR})
    client.force_login(publisher_a)
    client.post(f"{BASE}/{draft.pk}/workflow/publish/")
    published = Interpretation.objects.get(pk=draft.pk)
    assert (published.status, published.publisher) == (Status.PUBLISHED, publisher_a)
    assert list(published.events.values_list("action", flat=True)) == [
        "create", "submit", "approve", "publish"
    ]  # fmt: skip


def test_an_empty_interpretation_cannot_be_submitted(client, agency_a, drafter_a, document):
    empty = make_interpretation(agency_a, drafter_a, [document], background="")
    client.force_login(drafter_a)
    client.cookies["django_language"] = "en"  # chosen with the switch
    page = client.post(f"{BASE}/{empty.pk}/workflow/submit/", follow=True).content.decode()
    assert "at least one section" in page
    assert Interpretation.objects.get(pk=empty.pk).status == Status.DRAFT


def test_a_submitted_interpretation_cannot_be_edited(client, draft, drafter_a):
    client.force_login(drafter_a)
    client.post(f"{BASE}/{draft.pk}/workflow/submit/")
    assert client.post(f"{BASE}/{draft.pk}/change/", {"title": "偷改"}).status_code == 403
    assert Interpretation.objects.get(pk=draft.pk).title == draft.title


def test_the_preview_shows_a_draft_to_its_agency(client, draft, drafter_a):
    client.force_login(drafter_a)
    page = client.get(f"{BASE}/{draft.pk}/preview/")
    assert page.status_code == 200
    assert page.context["preview"] is True
    assert draft.title in page.content.decode()


def test_drafters_cannot_file_for_another_agency(client, agency_b, drafter_a, document):
    client.force_login(drafter_a)
    response = client.post(
        f"{BASE}/add/",
        {"agency": agency_b.pk, "documents": [document.pk], "form": "text", "title": "越权",
         "department": "某部门", "media-TOTAL_FORMS": "0", "media-INITIAL_FORMS": "0",
         "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Interpretation.objects.exists()


# --- Policy Q&A ---------------------------------------------------------------------------

QA = "/admin/interpretation/policyquestion"


def qa_form(agency, **fields) -> dict:
    return {"agency": agency.pk, "question": "申请政府信息公开需要交费吗？",
            "answer": "一般不收费。", "order": "0", **fields}  # fmt: skip


def test_a_drafter_answers_but_only_a_publisher_publishes(client, agency_a, drafter_a, publisher_a):
    client.force_login(drafter_a)
    response = client.post(f"{QA}/add/", qa_form(agency_a, is_published="on"))
    assert response.status_code == 200
    assert not PolicyQuestion.objects.exists()
    assert client.post(f"{QA}/add/", qa_form(agency_a)).status_code == 302
    entry = PolicyQuestion.objects.get()
    assert not entry.is_published
    client.force_login(publisher_a)
    response = client.post(f"{QA}/{entry.pk}/change/", qa_form(agency_a, is_published="on"))
    assert response.status_code == 302
    assert PolicyQuestion.objects.get().is_published


def test_q_and_a_entries_are_scoped_to_the_agency(client, agency_a, staff_b):
    entry = PolicyQuestion.objects.create(agency=agency_a, question="丽水的问题", answer="答")
    client.force_login(staff_b)
    assert "丽水的问题" not in client.get(f"{QA}/").content.decode()
    client.post(f"{QA}/{entry.pk}/change/", qa_form(agency_a, question="偷改"))
    assert PolicyQuestion.objects.get().question == "丽水的问题"
