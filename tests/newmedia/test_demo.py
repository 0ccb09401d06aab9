"""The demo 政务新媒体 of 丽水市人民政府: published accounts with QR codes, one stale (the
self-inspection flags it), one closed and one draft; loading twice adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from django.utils import timezone

from newmedia import checks, demo
from newmedia.models import Account
from portal import demo as portal_demo
from publishing.models import Status

pytestmark = pytest.mark.django_db


def test_the_demo_accounts_are_made_once_with_one_stale_and_one_closed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    portal_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    assert Account.objects.count() == len(demo.ACCOUNTS)
    assert Account.objects.filter(status=Status.DRAFT).count() == 1
    assert all("示例" in name for name in Account.objects.values_list("name", flat=True))
    stale = checks.stale_accounts(timezone.localdate())
    assert [item.account.name for item in stale] == ["丽水财政头条号（示例）"]
    assert Account.objects.published().closed().count() == 1
    assert not Account.objects.published().filter(qr_code="").exists()
