"""The 问政策 pages: the question box, the answer page (escaped, never stored, rate-limited), the
hand-over to the message box, the question log without personal data, the staff report."""

from __future__ import annotations

import pytest

from django.urls import reverse

from policies.models import AskedQuestion
from tests.factories import UserFactory, staff
from tests.policies.assistant.conftest import passage

pytestmark = pytest.mark.django_db

ASK = "/policies/ask/"
QUESTION = "基层政务公开标准目录由谁编制"


def test_the_policy_qa_list_has_the_question_box(client):
    page = client.get(reverse("interpretation:questions")).content.decode()
    assert f'action="{ASK}"' in page and 'method="get"' in page


def test_the_answer_page_cites_the_passage_with_a_link_to_its_place(client, nantong):
    page = client.get(ASK, {"q": QUESTION}).content.decode()
    target = passage(nantong, "三、(一)")
    assert f'href="{nantong.get_absolute_url()}#{target.anchor}"' in page
    assert "三、(一)" in page and nantong.title in page
    assert "<mark>" in page


def test_the_linked_anchor_is_on_the_document_page(client, nantong):
    target = passage(nantong, "三、(一)")
    page = client.get(nantong.get_absolute_url()).content.decode()
    assert f'id="{target.anchor}"' in page and 'id="n3-1"' in page


def test_a_question_without_a_good_answer_goes_to_the_message_box_and_the_office(
    client, nantong, agency_a, province
):
    province.office_name = "浙江省人民政府办公厅政府信息公开办公室"
    province.office_phone = "0571-87050000"
    province.save()
    page = client.get(ASK, {"q": "护照怎么办理"}).content.decode()
    assert "Nothing published on this portal answers your question well enough." in page or (
        "没有" in page
    )
    assert f'href="{reverse("interaction:write")}"' in page
    assert "0571-87050000" in page
    assert f"#{passage(nantong, '三、(一)').anchor}" not in page


def test_the_question_is_echoed_escaped(client):
    page = client.get(ASK, {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_an_answer_page_is_never_stored_but_the_empty_form_may_be(client):
    answer = client.get(ASK, {"q": QUESTION})
    assert "no-cache" in answer["Cache-Control"] or "no-store" in answer["Cache-Control"]
    form = client.get(ASK)
    assert "no-store" not in form.get("Cache-Control", "")
    assert not AskedQuestion.objects.filter(question="").exists()


def test_questions_are_limited_per_connection(client, settings):
    settings.ASSISTANT_RATE_PER_IP = "2/m"
    assert client.get(ASK, {"q": "一"}).status_code == 200
    assert client.get(ASK, {"q": "二"}).status_code == 200
    limited = client.get(ASK, {"q": "三"})
    assert limited.status_code == 429
    assert AskedQuestion.objects.count() == 2  # the refused one is not answered or logged


def test_the_log_keeps_the_question_masked_and_nothing_about_who_asked(client, nantong):
    client.get(
        ASK,
        {"q": f"{QUESTION} 我的手机13812345678 身份证330102199001011234"},
        REMOTE_ADDR="203.0.113.9",
    )
    logged = AskedQuestion.objects.get()
    assert "13812345678" not in logged.question and "138****5678" in logged.question
    assert "330102199001011234" not in logged.question
    assert not any(any(char.isdigit() for char in term) for term in logged.terms)
    assert logged.answered and logged.best_score >= 0.7
    stored = " ".join(str(value) for value in AskedQuestion.objects.values().get().values())
    assert "203.0.113.9" not in stored
    names = {field.name for field in AskedQuestion._meta.get_fields()}
    assert not names & {"ip", "ip_address", "user", "session", "user_agent", "asked_at"}


def test_the_report_groups_unanswered_questions_by_their_words(nantong, admin_client, client):
    for question in ("护照怎么办理", "护照加急办理要多久", "公积金怎么提取", QUESTION):
        client.get(ASK, {"q": question})
    page = admin_client.get(reverse("policies_assistant:report")).content.decode()
    assert "护照" in page and "护照加急办理要多久" in page and "公积金怎么提取" in page
    assert QUESTION not in page  # answered: not a gap


def test_the_report_is_for_superusers_only(client, agency_a):
    url = reverse("policies_assistant:report")
    assert client.get(url)["Location"].startswith("/admin/login/")
    from portal.models import StaffRole

    client.force_login(staff("office_head_a", agency_a, *StaffRole.Role.values))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get(url).status_code == 200
