"""Subscribing by e-mail: double opt-in with a signed, expiring confirmation link; one-click
unsubscribe with a signed link that deletes the row; the address stored encrypted with a keyed
hash for lookup, never on a public page or in the API; sign-ups limited per connection."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from django.core import mail
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from policies import subscribing
from policies.models import Subscription, SubscriptionKind
from requests_app.privacy import keyed_hash
from tests.policies.conftest import item_on

pytestmark = pytest.mark.django_db
EMAIL = "zhang.san@example.cn"


def _subscribe(client, django_capture_on_commit_callbacks, **data: str):
    values = {"email": EMAIL, "kind": "audience", "audience": "businesses", **data}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("policies:subscribe"), values)


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_subscribing_mails_a_link_and_says_check_your_mailbox(
    client, django_capture_on_commit_callbacks
):
    response = _subscribe(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("policies:subscribe_sent")
    page = client.get(response["Location"]).content.decode()
    assert "Check your mailbox" in page or "请查收" in page
    assert EMAIL not in page
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]
    assert "/policies/subscribe/confirm/" in _link(mail.outbox[0])


def test_the_address_is_stored_encrypted_with_a_keyed_hash(
    client, django_capture_on_commit_callbacks
):
    _subscribe(client, django_capture_on_commit_callbacks)
    with connection.cursor() as cursor:
        cursor.execute("SELECT email::text, email_hash FROM policies_subscription")
        raw, digest = cursor.fetchone()
    assert EMAIL not in raw and "zhang" not in raw
    assert digest == keyed_hash(EMAIL)


def test_confirming_takes_a_click_and_a_second_click_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    _subscribe(client, django_capture_on_commit_callbacks)
    path = _path(_link(mail.outbox[0]))
    # Opening the link (a mail scanner does) confirms nothing.
    assert client.get(path).status_code == 200
    assert Subscription.objects.get().confirmed_at is None
    assert client.post(path).status_code == 200
    confirmed = Subscription.objects.get().confirmed_at
    assert confirmed is not None
    client.post(path)
    assert Subscription.objects.get().confirmed_at == confirmed


def test_a_tampered_confirmation_link_confirms_nothing(client, django_capture_on_commit_callbacks):
    _subscribe(client, django_capture_on_commit_callbacks)
    path = _path(_link(mail.outbox[0]))
    tampered = path.replace("/confirm/", "/confirm/x")
    response = client.post(tampered)
    assert response.status_code == 400
    assert "not valid" in response.content.decode() or "无效" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


@override_settings(POLICY_CONFIRM_HOURS=48)
def test_an_expired_confirmation_link_confirms_nothing_and_the_address_is_purged(
    client, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _subscribe(client, django_capture_on_commit_callbacks)
    path = _path(_link(mail.outbox[0]))
    with time_machine.travel(start + dt.timedelta(hours=49), tick=False):
        response = client.post(path)
        assert response.status_code == 400
        assert "expired" in response.content.decode() or "过期" in response.content.decode()
        assert Subscription.objects.get().confirmed_at is None
        assert subscribing.purge_unconfirmed() == 1
    assert not Subscription.objects.exists()


def test_a_confirmation_token_does_not_unsubscribe_and_the_other_way_round(
    client, django_capture_on_commit_callbacks
):
    _subscribe(client, django_capture_on_commit_callbacks)
    subscription = Subscription.objects.get()
    confirm = subscribing.confirm_token(subscription)
    unsubscribe = subscribing.unsubscribe_token(subscription)
    assert client.post(reverse("policies:unsubscribe", args=[confirm])).status_code == 400
    assert client.post(reverse("policies:confirm", args=[unsubscribe])).status_code == 400
    assert Subscription.objects.filter(pk=subscription.pk, confirmed_at=None).exists()


def test_unsubscribing_deletes_the_row_in_one_click_without_login(
    client, django_capture_on_commit_callbacks
):
    _subscribe(client, django_capture_on_commit_callbacks)
    subscription = Subscription.objects.get()
    path = reverse("policies:unsubscribe", args=[subscribing.unsubscribe_token(subscription)])
    assert client.get(path).status_code == 200
    assert Subscription.objects.exists()
    # A mail program's one-click POST carries no CSRF token (RFC 8058).
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscription.objects.exists()
    again = client.post(path)
    assert again.status_code == 410


def test_a_tampered_unsubscribe_link_deletes_nothing(client, django_capture_on_commit_callbacks):
    _subscribe(client, django_capture_on_commit_callbacks)
    subscription = Subscription.objects.get()
    token = subscribing.unsubscribe_token(subscription)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.post(reverse("policies:unsubscribe", args=[forged])).status_code == 400
    assert Subscription.objects.exists()


def test_a_token_of_a_deleted_subscription_never_works_again(
    client, django_capture_on_commit_callbacks
):
    _subscribe(client, django_capture_on_commit_callbacks)
    old = Subscription.objects.get()
    token = subscribing.unsubscribe_token(old)
    old.delete()
    _subscribe(client, django_capture_on_commit_callbacks)
    assert client.post(reverse("policies:unsubscribe", args=[token])).status_code == 410
    assert Subscription.objects.count() == 1


def test_asking_again_reuses_the_row_and_reveals_nothing(
    client, django_capture_on_commit_callbacks
):
    first = _subscribe(client, django_capture_on_commit_callbacks)
    second = _subscribe(client, django_capture_on_commit_callbacks, email=EMAIL.upper())
    assert first["Location"] == second["Location"]
    assert Subscription.objects.count() == 1
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address"}, "This is not an e-mail address"),
        ({"email": ""}, "Give the e-mail address"),
        ({"kind": "agency", "agency": ""}, "Choose the agency"),
        ({"kind": "theme", "theme": ""}, "Choose the theme"),
        ({"kind": "profile", "profile": ""}, "There is no policy-finder profile"),
        ({"kind": "audience", "audience": "aliens"}, "Choose individuals or businesses"),
    ],
)
def test_bad_input_gets_a_specific_error_and_nothing_is_saved(
    client, django_capture_on_commit_callbacks, data, message
):
    with override_settings(LANGUAGE_CODE="en"):
        response = _subscribe(client, django_capture_on_commit_callbacks, **data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert not Subscription.objects.exists()
    assert not mail.outbox


def test_errors_are_in_chinese_on_the_public_site(client, django_capture_on_commit_callbacks):
    response = _subscribe(client, django_capture_on_commit_callbacks, email="x")
    assert response["Content-Language"].startswith("zh")


def test_subscribing_to_a_finder_profile_saves_it_encrypted(
    client, django_capture_on_commit_callbacks, agency_a
):
    profile = f"audience=businesses&region={agency_a.code}&industry=C&size=small&household=dibao"
    page = client.get(reverse("policies:subscribe"), {"kind": "profile", "profile": profile})
    assert "制造业" in page.content.decode()
    _subscribe(client, django_capture_on_commit_callbacks, kind="profile", profile=profile)
    subscription = Subscription.objects.get()
    assert subscription.kind == SubscriptionKind.PROFILE
    assert subscription.profile["industry"] == "C"
    with connection.cursor() as cursor:
        cursor.execute("SELECT profile::text FROM policies_subscription")
        assert "dibao" not in cursor.fetchone()[0]


@override_settings(POLICY_SUBSCRIBE_RATE_PER_IP="2/h")
def test_sign_ups_are_limited_per_connection(client, django_capture_on_commit_callbacks):
    for n in range(2):
        _subscribe(client, django_capture_on_commit_callbacks, email=f"a{n}@example.cn")
    response = _subscribe(client, django_capture_on_commit_callbacks, email="a3@example.cn")
    assert response.status_code == 429
    assert Subscription.objects.count() == 2


def test_no_address_on_any_public_page_or_the_api(
    client, django_capture_on_commit_callbacks, document_a, people
):
    item = item_on(document_a, people)
    _subscribe(client, django_capture_on_commit_callbacks)
    client.post(_path(_link(mail.outbox[0])))
    urls = [
        reverse("policies:library"), reverse("policies:automatic"), reverse("policies:finder"),
        item.get_absolute_url(), reverse("policies:subscribe"), reverse("policies:subscribe_sent"),
        "/api/v1/policy-items/", f"/api/v1/policy-items/{item.pk}/", "/api/v1/policy-criteria/",
        "/feeds/policies.atom", "/feeds/policies.rss", "/sitemap-policies.xml", "/api/v1/schema/",
    ]  # fmt: skip
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert EMAIL.encode() not in body, url
        assert b"zhang.san" not in body, url
    csv = b"".join(client.get("/data/policy-items.csv").streaming_content)
    assert b"zhang.san" not in csv
