from __future__ import annotations

import datetime as dt

import pytest

from disclosure.models import Document
from tests.disclosure.conftest import make_draft, publish


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def publish_document(drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks):
    """Publish a document of agency A, dated ``published_on`` (today when not given)."""

    def make(published_on: dt.date | None = None, **fields) -> Document:
        document = make_draft(fields.pop("agency", drafter_a.staff_roles.get().agency), drafter_a,
                              **fields)  # fmt: skip
        publish(
            document,
            drafter=drafter_a,
            reviewer=reviewer_a,
            publisher=publisher_a,
            capture=django_capture_on_commit_callbacks,
        )
        if published_on is not None:
            Document.objects.filter(pk=document.pk).update(date_published=published_on)
            document.refresh_from_db()
        return document

    return make
