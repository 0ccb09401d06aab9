"""问政策: answers assembled only from the portal's passages and Q&A, with their citations; no
answer below the documented threshold; a 文号 leads to its document."""

from __future__ import annotations

import pytest

from policies import assistant
from tests.policies.assistant.conftest import passage

pytestmark = pytest.mark.django_db

QUESTION = "基层政务公开标准目录由谁编制"


def test_a_question_gets_the_passage_that_answers_it_with_its_citation(nantong):
    result = assistant.answer(QUESTION)
    assert result.answered
    best = result.passages[0]
    target = passage(nantong, "三、(一)")
    assert best.passage == target
    assert best.url == f"{nantong.get_absolute_url()}#{target.anchor}"
    assert best.score >= assistant.min_score()
    # A quotation of the passage, never text of its own: every character outside the marks
    # is the passage's (or the … of a cut).
    quoted = str(best.excerpt).replace("<mark>", "").replace("</mark>", "").strip("…")
    assert quoted in target.text


def test_a_traditional_question_finds_the_same_passage(nantong):
    simplified = assistant.answer(QUESTION)
    traditional = assistant.answer("基層政務公開標準目錄由誰編制？")
    assert [p.passage for p in traditional.passages] == [p.passage for p in simplified.passages]


def test_a_simplified_passage_answers_a_traditional_question(rules):
    result = assistant.answer("最低生活保障標準由誰擬定？")
    assert result.passages[0].passage == passage(rules, "第二条")


def test_nothing_is_shown_below_the_threshold(nantong):
    # Shares 政务公开 and 目录 with the text but asks about something it does not say.
    result = assistant.answer("政务公开目录的公积金贷款额度怎么算")
    assert 0 < result.best_score < assistant.min_score()
    assert not result.answered
    assert result.passages == [] and result.entries == []


def test_the_threshold_is_the_documented_setting(nantong, settings):
    question = "政务公开目录的公积金贷款额度怎么算"
    best = assistant.answer(question).best_score
    settings.ASSISTANT_MIN_SCORE = best  # at the threshold, a passage is shown
    assert assistant.answer(question).answered
    assert "ASSISTANT_MIN_SCORE" in assistant.__doc__ and "0.7" in assistant.__doc__
    settings.ASSISTANT_MIN_SCORE = best + 0.01
    assert not assistant.answer(question).answered


def test_a_question_about_nothing_published_is_not_answered(nantong, rules):
    result = assistant.answer("护照怎么办理")
    assert not result.answered


@pytest.mark.parametrize(
    "question",
    [
        "丽政办发〔2026〕5号讲的是什么",
        "请问丽政办发[2026]5号",
        "丽政办发［２０２６］５号",
        "丽政办发(2026)5号",
    ],
)
def test_a_document_number_leads_to_its_document(rules, nantong, question):
    result = assistant.answer(question)
    assert result.document == rules
    assert result.answered


def test_a_document_number_with_a_question_quotes_that_document(rules, nantong):
    result = assistant.answer("丽政办发〔2026〕5号 最低生活保障标准由谁拟定")
    assert result.document == rules
    assert [p.passage for p in result.passages][:1] == [passage(rules, "第二条")]


def test_an_unknown_document_number_is_an_ordinary_question(rules):
    result = assistant.answer("丽政办发〔2025〕99号")
    assert result.document is None


def test_policy_qa_entries_answer_with_their_link(qa_entry, nantong):
    result = assistant.answer("申請政府信息公開要交費嗎")
    assert [entry.url for entry in result.entries] == [qa_entry.get_absolute_url()]
    assert "不收取费用" in str(result.entries[0].excerpt)


def test_unpublished_entries_and_withdrawn_documents_are_never_quoted(
    qa_entry, nantong, publisher_a, django_capture_on_commit_callbacks
):
    from interpretation import questions
    from publishing import workflow

    qa_entry.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        questions.question_save(question=qa_entry)
        workflow.withdraw(obj=nantong, user=publisher_a, reason="已失效")
    assert not assistant.answer("申请政府信息公开需要交费吗").answered
    assert not assistant.answer(QUESTION).answered


def test_personal_data_in_a_question_does_not_count_against_it(nantong):
    plain = assistant.answer(QUESTION)
    with_phone = assistant.answer(f"{QUESTION}？我的手机13812345678，邮箱xiaoming@example.com")
    assert with_phone.answered
    assert with_phone.best_score == pytest.approx(plain.best_score)


def test_an_excerpt_is_a_quotation_cut_at_sentences():
    text = "第一句话没有关键词。第二句讲标准目录的编制。第三句也没有。" * 5
    quoted = assistant.excerpt(text, ["标准", "目录", "编制"], limit=40)
    assert "第二句讲标准目录的编制。" in quoted
    assert quoted.strip("…") in text
    assert len(quoted.strip("…")) <= 40


def test_the_answer_lists_the_policy_items_of_the_documents_it_quotes(
    rules, nantong, drafter_a, reviewer_a, publisher_a, client
):
    from tests.policies.conftest import item_on

    item = item_on(
        rules, (drafter_a, reviewer_a, publisher_a), name="城乡低保金", audience="individuals",
        benefit_amount=None, benefit_text="按月发放", article_ref="第二条",
    )  # fmt: skip
    result = assistant.answer("最低生活保障标准由谁拟定")
    assert result.passages[0].passage.document == rules
    assert result.policy_items == [item]
    assert assistant.answer(QUESTION).policy_items == []  # the 南通 notice grants nothing
    page = client.get("/policies/ask/", {"q": "最低生活保障标准由谁拟定"}).content.decode()
    assert f'href="{item.get_absolute_url()}"' in page and "城乡低保金" in page
    # The library has the question box too.
    library = client.get("/policies/").content.decode()
    assert 'action="/policies/ask/"' in library


def test_the_question_log_is_kept_for_the_configured_days_then_deleted(settings):
    import datetime as dt

    from policies.models import AskedQuestion
    from policies.tasks import purge_question_log

    settings.ASSISTANT_LOG_DAYS = 30
    today = dt.date(2026, 12, 4)
    for days in (0, 30, 31, 400):
        AskedQuestion.objects.create(
            question="护照怎么办理", terms=["护照"], best_score=0.1, answered=False,
            asked_on=today - dt.timedelta(days=days),
        )  # fmt: skip
    assert assistant.question_log_purge(today) == 2
    assert sorted(q.asked_on for q in AskedQuestion.objects.all()) == [
        today - dt.timedelta(days=30), today,
    ]  # fmt: skip
    assert assistant.question_log_purge(today) == 0
    assert purge_question_log.name == "policies.tasks.purge_question_log"
