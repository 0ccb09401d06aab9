"""The daily digest: each confirmed subscription gets the new and changed documents and items
that match it, once a day at most — a second run, or a run after a crash, sends nothing again —
in a constant number of queries per batch, with a one-click unsubscribe link and header."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from policies import digest, subscribing
from policies.drafting import Criterion
from policies.matching import Profile
from policies.models import DigestSent, Subscription, SubscriptionKind
from tests.policies.conftest import T, item_on, published_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_site_url")]
DAY_ONE = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
DAY_TWO = DAY_ONE + dt.timedelta(days=1)


@pytest.fixture
def _site_url(settings):
    settings.SITE_URL = "https://portal.example.cn"


def subscribe(email: str, confirmed_at: dt.datetime = DAY_ONE, **target: object) -> Subscription:
    kind = target.pop("kind", SubscriptionKind.AUDIENCE)
    defaults = {"audience": "businesses"} if kind == SubscriptionKind.AUDIENCE else {}
    return Subscription.objects.create(
        email=email, email_hash=email, kind=kind, confirmed_at=confirmed_at,
        covered_until=confirmed_at, **{**defaults, **target},
    )  # fmt: skip


def run(when: dt.datetime, **kwargs: object) -> digest.Run:
    with time_machine.travel(when, tick=False):
        return digest.send_digests(**kwargs)


def published_between(document, people, **fields):
    with time_machine.travel(DAY_ONE + dt.timedelta(hours=2), tick=False):
        return item_on(document, people, **fields)


def test_a_digest_lists_what_is_new_for_the_subscription(document_a, people):
    subscribe("biz@example.cn")
    subscribe("people@example.cn", audience="individuals")
    published_between(document_a, people, name="企业补助", audience="businesses")
    run(DAY_TWO)
    assert [m.to for m in mail.outbox] == [["biz@example.cn"]]
    assert "企业补助" in mail.outbox[0].body
    assert "https://portal.example.cn/policies/" in mail.outbox[0].body


def test_nothing_is_sent_twice_on_the_same_day(document_a, people):
    subscribe("biz@example.cn")
    published_between(document_a, people)
    assert run(DAY_TWO).sent == 1
    assert run(DAY_TWO + dt.timedelta(hours=3)).sent == 0
    assert len(mail.outbox) == 1
    assert DigestSent.objects.get().sent_at is not None


def test_the_next_day_brings_only_what_is_newer(document_a, people):
    subscribe("biz@example.cn")
    published_between(document_a, people, name="第一项")
    run(DAY_TWO)
    with time_machine.travel(DAY_TWO + dt.timedelta(hours=2), tick=False):
        item_on(document_a, people, name="第二项")
    run(DAY_TWO + dt.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert "第二项" in mail.outbox[1].body and "第一项" not in mail.outbox[1].body


def test_a_run_after_a_crash_skips_what_was_claimed(document_a, people, monkeypatch):
    subscribe("biz@example.cn")
    published_between(document_a, people)

    def crash(*args: object, **kwargs: object) -> None:
        raise SystemExit("worker killed while sending")

    monkeypatch.setattr(digest, "get_connection", crash)
    with pytest.raises(SystemExit):
        run(DAY_TWO)
    monkeypatch.undo()
    # The marker was committed before sending: the re-run does not send it (at most once).
    assert run(DAY_TWO).sent == 0
    assert not mail.outbox
    assert DigestSent.objects.get().sent_at is None


def test_unconfirmed_subscriptions_get_nothing(document_a, people):
    Subscription.objects.create(
        email="new@example.cn", email_hash="x", kind="audience", audience="businesses"
    )
    published_between(document_a, people)
    assert run(DAY_TWO).subscriptions == 0
    assert not mail.outbox


def test_each_kind_of_subscription_gets_its_own(
    document_a, people, agency_a, agency_b, theme, county_a
):
    subscribe("agency@example.cn", kind=SubscriptionKind.AGENCY, agency=agency_a)
    subscribe("other@example.cn", kind=SubscriptionKind.AGENCY, agency=agency_b)
    subscribe("theme@example.cn", kind=SubscriptionKind.THEME, theme=theme.parent)
    profile = Profile(audience="businesses", region=county_a, industry="C", size="small")
    subscribe("profile@example.cn", kind=SubscriptionKind.PROFILE, profile=profile.as_query())
    wrong = Profile(audience="businesses", industry="F")
    subscribe("wrong@example.cn", kind=SubscriptionKind.PROFILE, profile=wrong.as_query())
    published_between(document_a, people, name="制造业小微企业补助",
                      conditions=[Criterion(T.INDUSTRY, values=["C"]),
                                  Criterion(T.REGION, regions=[agency_a])])  # fmt: skip
    with time_machine.travel(DAY_ONE + dt.timedelta(hours=3), tick=False):
        published_document(agency_a, title="新发布的规范性文件", theme=theme)
    run(DAY_TWO)
    sent = {m.to[0]: m.body for m in mail.outbox}
    assert set(sent) == {"agency@example.cn", "theme@example.cn", "profile@example.cn"}
    assert "新发布的规范性文件" in sent["agency@example.cn"]
    assert "新发布的规范性文件" in sent["theme@example.cn"]
    assert "制造业小微企业补助" in sent["profile@example.cn"]


def test_every_digest_has_a_one_click_unsubscribe_link_and_header(client, document_a, people):
    subscription = subscribe("biz@example.cn")
    published_between(document_a, people)
    run(DAY_TWO)
    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in message.body
    path = header.strip("<>").removeprefix("https://portal.example.cn")
    token = path.removeprefix("/policies/unsubscribe/").strip("/")
    assert subscribing.subscription_for_unsubscribe(token) == subscription
    client.post(path)
    assert not Subscription.objects.exists()


# Per batch: the locked subscriptions, the changed documents, the items with their conditions,
# values and regions (three prefetches), the profiles' regions, the markers, covered_until,
# sent_at, and the savepoint around the claim (its SAVEPOINT and RELEASE): twelve.
QUERIES_PER_BATCH = 12


def _batch_of(n: int, agency_a, theme, django_assert_num_queries) -> None:
    DigestSent.objects.all().delete()
    Subscription.objects.all().delete()
    for i in range(n):
        subscribe(f"a{i}@example.cn", kind=SubscriptionKind.AGENCY, agency=agency_a)
        subscribe(f"t{i}@example.cn", kind=SubscriptionKind.THEME, theme=theme)
        subscribe(f"g{i}@example.cn")
        subscribe(f"p{i}@example.cn", kind=SubscriptionKind.PROFILE,
                  profile={"audience": "businesses", "region": agency_a.code})  # fmt: skip
    mail.outbox.clear()
    with time_machine.travel(DAY_TWO, tick=False), django_assert_num_queries(QUERIES_PER_BATCH):
        taken, sent = digest.send_batch(DAY_TWO.date(), 4 * n, DAY_TWO)
    assert taken == sent == len(mail.outbox) == 4 * n


def test_a_batch_costs_the_same_queries_whatever_its_size(
    document_a, people, agency_a, theme, django_assert_num_queries
):
    published_between(document_a, people, conditions=[Criterion(T.SIZE, values=["small"])])
    with time_machine.travel(DAY_ONE + dt.timedelta(hours=3), tick=False):
        published_document(agency_a, theme=theme)
    _batch_of(2, agency_a, theme, django_assert_num_queries)
    _batch_of(10, agency_a, theme, django_assert_num_queries)


@override_settings(POLICY_DIGEST_BATCH=3)
def test_batches_cover_everyone_once(document_a, people):
    for i in range(7):
        subscribe(f"b{i}@example.cn")
    published_between(document_a, people)
    result = run(DAY_TWO)
    assert (result.subscriptions, result.sent, result.batches) == (7, 7, 3)
    assert len(mail.outbox) == 7
    assert run(DAY_TWO).sent == 0


def test_the_daily_task_sends_the_digests(document_a, people):
    from policies import tasks

    subscribe("biz@example.cn")
    published_between(document_a, people)
    with time_machine.travel(DAY_TWO, tick=False):
        assert tasks.send_digests.delay().get() == 1
    assert timezone.now()  # the clock is back


def test_a_subscription_made_on_a_county_site_follows_that_site(
    group_sites, agency_a, jinyun, theme
):
    """The county's visitors follow the county's policies, and their mail links to its site;
    the same subscription on the province's portal follows the whole tree."""
    subscribe("county@example.cn", kind=SubscriptionKind.THEME, theme=theme,
              site=group_sites["county"])  # fmt: skip
    subscribe("province@example.cn", kind=SubscriptionKind.THEME, theme=theme,
              site=group_sites["province"])  # fmt: skip
    with time_machine.travel(DAY_ONE + dt.timedelta(hours=2), tick=False):
        county_doc = published_document(jinyun, title="缙云县惠企政策", theme=theme,
                                        day=dt.date(2026, 6, 1))  # fmt: skip
        published_document(agency_a, title="丽水市惠企政策", theme=theme, day=dt.date(2026, 6, 1))
    run(DAY_TWO)
    sent = {m.to[0]: m.body for m in mail.outbox}
    assert "缙云县惠企政策" in sent["county@example.cn"]
    assert "丽水市惠企政策" not in sent["county@example.cn"]
    assert (
        f"https://jinyun.lishui.localhost{county_doc.get_absolute_url()}"
        in sent["county@example.cn"]
    )
    assert "https://jinyun.lishui.localhost/policies/unsubscribe/" in sent["county@example.cn"]
    assert "缙云县惠企政策" in sent["province@example.cn"]
    assert "丽水市惠企政策" in sent["province@example.cn"]
