"""One client address for every limit, from trusted proxies only: a visitor who rotates
``X-Forwarded-For`` (or ``X-Real-IP``) is still counted at their own address by the application
form, tracking lookups, consultation comments, the API throttle and admin sign-in; behind a
trusted proxy, each visitor is counted at the address the proxy saw."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from rest_framework.throttling import AnonRateThrottle

from interpretation import views as interpretation_views
from portal.client_address import TrustedProxies, address_from, client_ip, parse_networks
from requests_app.models import InformationRequest
from tests.interpretation.test_consultations import comment_data
from tests.requests_app.test_application_form import person
from tests.security.fixtures_matrix import _consultation

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
VISITOR = "203.0.113.10"
OTHER_VISITOR = "198.51.100.20"
PROXY = "10.0.0.5"


def spoofed() -> Iterator[dict[str, str]]:
    """A new forged client address in every request's headers."""
    for n in itertools.count(1):
        fake = f"192.0.2.{n % 250 + 1}"
        yield {"HTTP_X_FORWARDED_FOR": fake, "HTTP_X_REAL_IP": fake, "HTTP_CLIENT_IP": fake}


# --- The rule -------------------------------------------------------------------------------

NONE = TrustedProxies()
NGINX = TrustedProxies(parse_networks(["10.0.0.0/8"]))
TWO_HOPS = TrustedProxies(parse_networks(["10.0.0.0/8", "172.16.0.0/12"]))
ONE = TrustedProxies(count=1)
TWO = TrustedProxies(count=2)
LOCAL = TrustedProxies(parse_networks(["127.0.0.1"]))


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "proxies", "expected"),
    [
        # No proxy configured: the header is never read.
        (VISITOR, "192.0.2.1", NONE, VISITOR),
        (VISITOR, "", NONE, VISITOR),
        # A trusted proxy appended the address it saw; what the client wrote before is ignored.
        (PROXY, f"192.0.2.1, {VISITOR}", NGINX, VISITOR),
        (PROXY, VISITOR, NGINX, VISITOR),
        # A peer outside the trusted networks: its header means nothing.
        (VISITOR, "192.0.2.1", NGINX, VISITOR),
        # Two trusted proxies: both skipped.
        (PROXY, f"192.0.2.1, {VISITOR}, 172.16.0.9", TWO_HOPS, VISITOR),
        # A hop the client forged inside a trusted network is still skipped only while it is
        # a trusted proxy; the walk stops at the first address that is not.
        (PROXY, f"{VISITOR}, 10.1.1.1", NGINX, VISITOR),
        # A count of proxies: that many hops from the right.
        (PROXY, f"192.0.2.1, {VISITOR}", ONE, VISITOR),
        ("127.0.0.1", f"192.0.2.1, {VISITOR}, 10.0.0.7", TWO, VISITOR),
        # No header: a request that bypassed the proxy is counted at its peer.
        (PROXY, "", ONE, PROXY),
        # Garbage in the header ends the walk at the last trusted hop.
        (PROXY, "not-an-address", NGINX, PROXY),
        (PROXY, f"{VISITOR}, unknown", ONE, PROXY),
        # IPv6 and IPv4-mapped IPv6.
        ("2001:db8::1", "192.0.2.1", NONE, "2001:db8::1"),
        ("::ffff:10.0.0.5", VISITOR, NGINX, VISITOR),
        # A unix socket (gunicorn leaves REMOTE_ADDR empty): a local peer.
        ("", VISITOR, NONE, "127.0.0.1"),
        ("", VISITOR, LOCAL, VISITOR),
    ],
)
def test_the_client_address_rule(remote_addr, forwarded_for, proxies, expected):
    assert (
        address_from(remote_addr=remote_addr, forwarded_for=forwarded_for, proxies=proxies)
        == expected
    )


def test_an_ipv6_client_is_counted_by_its_64_block(rf):
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::2")
    assert client_ip(one) == client_ip(other) == "2001:db8:1:2::"
    assert client_ip(rf.get("/", REMOTE_ADDR="2001:db8:1:3::1")) == "2001:db8:1:3::"


def test_client_ip_reads_the_trusted_proxies_from_settings(rf):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {VISITOR}")
    assert client_ip(request) == PROXY
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        assert client_ip(request) == VISITOR
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_ip(request) == VISITOR


def settings_with(**variables: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TRUSTED_PROXY", "RATELIMIT_", "DJANGO_SETTINGS"))
    }
    environment.update(DEBUG="1", **variables)
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings as s; print(s.TRUSTED_PROXIES)"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_trusted_proxies_come_from_the_environment():
    result = settings_with(TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.7")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['10.0.0.0/8', '192.0.2.7']"


def test_a_malformed_trusted_proxy_refuses_to_start():
    result = settings_with(TRUSTED_PROXIES="10.0.0.0/8, nginx")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'nginx' is not an IP address or network" in result.stderr


def test_the_old_header_setting_refuses_to_start_with_what_to_do_instead():
    result = settings_with(RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP")
    assert result.returncode != 0
    assert "set TRUSTED_PROXIES" in result.stderr


# --- Spoofed headers at every limited endpoint -----------------------------------------------


def test_the_application_form_limit_ignores_spoofed_headers(client, agency_a, settings):
    settings.REQUESTS_RATE_PER_IP = "2/h"
    headers = spoofed()
    statuses = [
        client.post(
            "/requests/apply/",
            person(agency_a, email=f"a{n}@example.com"),
            REMOTE_ADDR=VISITOR,
            **next(headers),
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert InformationRequest.objects.count() == 2


def test_the_tracking_limit_ignores_spoofed_headers(client, settings):
    settings.TRACKING_RATE_PER_IP = "3/h"
    headers = spoofed()
    statuses = [
        client.post(
            "/requests/track/",
            {"tracking_number": f"2026-90000{n}", "access_code": "ABCD-EFGH-JKMN"},
            REMOTE_ADDR=VISITOR,
            **next(headers),
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_the_api_throttle_ignores_spoofed_headers(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    headers = spoofed()
    statuses = [
        client.get("/api/v1/agencies/", REMOTE_ADDR=VISITOR, **next(headers)).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_the_comment_limit_ignores_spoofed_headers(client, agency_a, monkeypatch):
    monkeypatch.setattr(interpretation_views, "COMMENT_RATE_PER_IP", "2/h")
    consultation = _consultation(agency_a, published=True, title="征求意见")
    headers = spoofed()
    statuses = [
        client.post(
            consultation.get_absolute_url(),
            comment_data(body=f"第{n}条意见内容。"),
            REMOTE_ADDR=VISITOR,
            **next(headers),
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_admin_sign_in_throttling_ignores_spoofed_headers(client, settings):
    get_user_model().objects.create_user("clerk", password="right-pw-123", is_staff=True)
    headers = spoofed()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": "clerk", "password": "wrong"},
            REMOTE_ADDR=VISITOR,
            **next(headers),
        )
    response = client.post(
        "/admin/login/",
        {"username": "clerk", "password": "right-pw-123"},
        REMOTE_ADDR=VISITOR,
        **next(headers),
    )
    assert response.status_code == 429


# --- Behind a trusted proxy ----------------------------------------------------------------


def via_proxy(client_address: str, forged: str = "") -> dict[str, str]:
    """What the proxy sends on: the client's own header, with the address it saw appended."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_the_proxy_each_visitor_has_their_own_limit(client, settings):
    settings.TRACKING_RATE_PER_IP = "2/h"
    data = {"tracking_number": "2026-900001", "access_code": "ABCD-EFGH-JKMN"}
    forged = (f"192.0.2.{n}" for n in itertools.count(1))
    statuses = [
        client.post("/requests/track/", data, **via_proxy(VISITOR, next(forged))).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    other = Client().post("/requests/track/", data, **via_proxy(OTHER_VISITOR))
    assert other.status_code == 200


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_the_proxy_the_api_throttle_counts_each_visitor(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    forged = (f"192.0.2.{n}" for n in itertools.count(1))
    statuses = [
        client.get("/api/v1/agencies/", **via_proxy(VISITOR, next(forged))).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/agencies/", **via_proxy(OTHER_VISITOR)).status_code == 200


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_the_proxy_comments_count_each_visitor(client, agency_a, monkeypatch):
    monkeypatch.setattr(interpretation_views, "COMMENT_RATE_PER_IP", "1/h")
    consultation = _consultation(agency_a, published=True, title="征求意见")
    url = consultation.get_absolute_url()
    assert client.post(url, comment_data(), **via_proxy(VISITOR)).status_code == 302
    assert client.post(url, comment_data(), **via_proxy(VISITOR, "192.0.2.9")).status_code == 429
    assert Client().post(url, comment_data(), **via_proxy(OTHER_VISITOR)).status_code == 302
