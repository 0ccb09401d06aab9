"""The demo's historical batch: three documents of 1998-2005 of 丽水, one a scanned page read by
OCR, imported, approved and published as one batch; loading twice adds nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest

from disclosure.backlog import demo
from disclosure.models import Attachment, Document, ImportBatch, TextSource
from portal import demo as portal_demo
from portal.models import Agency
from publishing.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_demo_publishes_one_historical_batch_once(client, django_capture_on_commit_callbacks):
    portal_demo.load(StringIO())
    agency = Agency.objects.get(code="331100000")
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load_historical_batch(agency)
    assert not demo.load_historical_batch(agency)

    batch = ImportBatch.objects.get()
    documents = list(Document.objects.filter(import_batch=batch).order_by("date_published"))
    assert [d.date_published for d in documents] == [
        dt.date(1998, 3, 5), dt.date(2004, 3, 1), dt.date(2005, 6, 28),
    ]  # fmt: skip
    assert {d.status for d in documents} == {Status.PUBLISHED}
    assert [d.index_number for d in documents] == [
        "331100000/1998-00001", "331100000/2004-00001", "331100000/2005-00001",
    ]  # fmt: skip
    scan = Attachment.objects.get(document=documents[0])
    assert scan.text_source == TextSource.OCR
    assert "义务教育" in scan.text
    client.cookies["django_language"] = "en"
    page = client.get(documents[0].get_absolute_url()).content.decode()
    assert "Historical document" in page
    assert "Text read by machine, for reference only" in page
