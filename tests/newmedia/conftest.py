"""Helpers for the 政务新媒体 tests: accounts of agency A drafted and published through the
services, as staff do, each with a real PNG QR code."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import segno

from django.core.files.uploadedfile import SimpleUploadedFile

from newmedia import drafting
from newmedia.models import Account, Platform
from publishing import workflow
from publishing.models import ReviewResult

TODAY = dt.date(2026, 10, 15)


def png_bytes(text: str = "https://example.cn/account") -> bytes:
    buffer = io.BytesIO()
    segno.make(text).save(buffer, kind="png", scale=3)
    return buffer.getvalue()


def qr_upload(name: str = "二维码.png", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes() if content is None else content)


def draft(agency: Any, drafter: Any, *, qr: bool = True, **fields: Any) -> Account:
    values: dict[str, Any] = {
        "agency": agency,
        "platform": Platform.WECHAT,
        "name": "丽水发布",
        "handle": "lishuifabu",
        "description": "政务信息发布。",
        "opened_on": dt.date(2020, 1, 1),
        "last_updated_on": dt.date(2026, 10, 1),
    }
    account = Account(**(values | fields))
    return drafting.account_save(
        account=account, user=drafter, qr_upload=qr_upload() if qr else None
    )


def publish(account: Account, drafter: Any, reviewer: Any, publisher: Any) -> Account:
    workflow.submit(obj=account, user=drafter)
    workflow.approve(obj=account, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=account, user=publisher)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def published(agency_a, drafter_a, reviewer_a, publisher_a) -> Account:
    return publish(draft(agency_a, drafter_a), drafter_a, reviewer_a, publisher_a)
