"""The daily sweep of the reply clock (idempotent, constant queries), what the search shows of
messages, "search before you ask" on both forms, the statistics and the self-inspection."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspection import responses
from interaction import reminders, statistics
from interaction.models import MessageNotice, Rating
from portal.search import indexing, query, suggest
from tests.factories import staff
from tests.interaction.conftest import Role, at, submit
from tests.interaction.test_handling import publish_reply
from tests.search.conftest import (
    published_document,
    search_index,  # noqa: F401 - the index fixture
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def head_with_mail(agency_a):
    user = staff("head_mail", agency_a, Role.OFFICE_HEAD)
    user.email = "head@example.gov.cn"
    user.save()
    return user


@pytest.fixture
def handler_with_mail(agency_a):
    user = staff("handler_mail", agency_a, Role.HANDLER)
    user.email = "handler@example.gov.cn"
    user.save()
    return user


def test_reminders_before_the_due_date_and_one_escalation_when_overdue(
    desk_a, agency_a, head_with_mail, handler_with_mail
):
    # 咨询 received Mon 2 Nov 2026: due Mon 9 Nov.
    message = submit(agency_a, when=at(2026, 11, 2)).message
    assert message.due_on == D(2026, 11, 9)
    assert reminders.sweep(D(2026, 11, 4)) == {"reminders": 1, "escalations": 0}  # 3 days before
    assert mail.outbox[-1].to == ["handler@example.gov.cn"]
    assert message.tracking_number in mail.outbox[-1].body
    assert reminders.sweep(D(2026, 11, 4)) == {"reminders": 0, "escalations": 0}  # idempotent
    assert reminders.sweep(D(2026, 11, 6)) == {"reminders": 1, "escalations": 0}  # 1 day before
    assert reminders.sweep(D(2026, 11, 10)) == {"reminders": 0, "escalations": 1}
    assert mail.outbox[-1].to == ["head@example.gov.cn"]
    assert reminders.sweep(D(2026, 11, 11)) == {"reminders": 0, "escalations": 0}
    assert len(mail.outbox) == 3
    kinds = set(MessageNotice.objects.values_list("kind", flat=True))
    assert kinds >= {"remind-3", "remind-1", "overdue"}


def test_the_sweep_runs_the_same_queries_for_one_message_or_many(
    desk_a, agency_a, handler_with_mail
):
    submit(agency_a, when=at(2026, 11, 2))
    with CaptureQueriesContext(connection) as one:
        reminders.sweep(D(2026, 11, 4))
    for _ in range(20):
        submit(agency_a, when=at(2026, 11, 2))
    with CaptureQueriesContext(connection) as many:
        reminders.sweep(D(2026, 11, 4))
    assert len(many) == len(one)


def test_an_overdue_message_is_an_inspection_finding_and_a_veto_after_three_months(
    desk_a, agency_a
):
    message = submit(agency_a, when=at(2026, 11, 2)).message
    assert responses.overdue_message_findings(D(2026, 11, 9)) == []
    [finding] = responses.overdue_message_findings(D(2026, 11, 10))
    assert message.tracking_number in finding.subject and not finding.veto
    [late] = responses.overdue_message_findings(D(2027, 2, 5))
    assert late.veto


def test_statistics_count_in_time_working_days_and_satisfaction(
    client, desk_a, agency_a, drafter_a, reviewer_a, publisher_a
):
    with time_machine.travel(at(2026, 11, 2), tick=False):
        first = submit(agency_a).message
        second = submit(agency_a).message
        submit(agency_a)
    with time_machine.travel(at(2026, 11, 4), tick=False):
        publish_reply(first, drafter_a, reviewer_a, publisher_a)
    with time_machine.travel(at(2026, 11, 11), tick=False):
        publish_reply(second, drafter_a, reviewer_a, publisher_a)
    from interaction import handling

    first.refresh_from_db()
    handling.message_rate(message=first, rating=Rating.SATISFIED)
    with time_machine.travel(at(2026, 11, 12), tick=False):
        year = statistics.year_summary(2026)
    assert (year.received, year.replied, year.in_time) == (3, 2, 1)
    assert year.average_workdays == 4.5  # 2 (3-4 Nov) and 7 (3-6, 9-11 Nov) working days
    assert year.satisfied_percent == 100 and year.overdue == 1
    with time_machine.travel(at(2026, 11, 12), tick=False):
        page = client.get(reverse("interaction:statistics"), {"year": "2026"}).content.decode()
    assert "4.5" in page and "11月" in page


def test_only_published_messages_are_found_and_never_the_citizen(
    desk_a, agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    hidden = submit(agency_a, subject="养老保险缴费年限咨询", consent=False).message
    shown = submit(agency_a, subject="养老保险转移接续咨询").message
    with django_capture_on_commit_callbacks(execute=True):
        publish_reply(hidden, drafter_a, reviewer_a, publisher_a, public=False)
        publish_reply(shown, drafter_a, reviewer_a, publisher_a, text="可通过社保平台办理转移。")
    indexing.reconcile()
    found = query.search(query.parse_params({"q": "养老保险"}))
    assert [hit.url for hit in found.hits] == [shown.get_absolute_url()]
    assert not query.search(query.parse_params({"q": "张三丰"})).hits
    assert query.search(query.parse_params({"q": shown.tracking_number})).hits[0].exact


def test_suggestions_before_sending_a_message_and_a_request(client, desk_a, agency_a):
    document = published_document(
        agency_a, title="丽水市住房公积金贷款管理办法", body="<p>贷款最高额度五十万元。</p>"
    )
    indexing.reconcile()
    hits = suggest.suggest("请问公积金贷款额度是多少")
    assert [hit.title for hit in hits] and "公积金" in str(hits[0].title)
    assert suggest.suggest("请问如何") == []  # only asking words: nothing to look for
    from tests.interaction.test_public_form import fields

    preview = client.post(reverse("interaction:write"), {**fields(agency_a), "step": "preview"})
    assert f'href="{document.get_absolute_url()}"' in preview.content.decode()
    form = client.post(
        reverse("requests_app:apply"),
        {"description": "申请公开公积金贷款额度的有关文件", "suggest": "1"},
    )
    text = form.content.decode()
    assert f'href="{document.get_absolute_url()}"' in text
    assert "请更正以下问题" not in text  # looking first is not an error


def test_the_inspection_checks_the_interaction_column_like_any_column(
    desk_a, agency_a, drafter_a, reviewer_a, publisher_a
):
    from inspection import columns as column_checks

    def interaction_column():
        return next(c for c in column_checks.all_columns() if c.section == "interaction")

    assert interaction_column().is_empty
    message = submit(agency_a).message
    with time_machine.travel(at(2026, 3, 2), tick=False):
        publish_reply(message, drafter_a, reviewer_a, publisher_a)
    column = interaction_column()
    assert column.count == 1 and column.last_updated == D(2026, 3, 2)
    assert not column.is_stale(D(2026, 5, 31)) and column.is_stale(D(2026, 6, 1))  # 90 days
