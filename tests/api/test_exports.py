from __future__ import annotations

import csv
import io
import json

import pytest

from django.http import StreamingHttpResponse

from publishing.models import Status
from tests.api.conftest import published_document

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_csv_starts_with_a_bom_and_keeps_chinese(client, agency_a):
    document = published_document(agency_a)
    raw = body(client.get("/data/documents.csv"))
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["索引号", "标题"]
    assert rows[1][1] == document.title


def test_export_is_streamed(client, agency_a):
    published_document(agency_a)
    assert isinstance(client.get("/data/documents.csv"), StreamingHttpResponse)


def test_export_lists_published_documents_only(client, agency_a):
    published_document(agency_a, status=Status.DRAFT, index_number=None, title="草稿文件")
    shown = published_document(agency_a)
    records = json.loads(body(client.get("/data/documents.json")))
    assert [record["title"] for record in records] == [shown.title]


def test_agency_export_takes_in_sub_agencies_only(client, agency_a, agency_b, county_a):
    below = published_document(county_a)
    published_document(agency_b)
    records = json.loads(body(client.get(f"/data/{agency_a.code}/documents.json")))
    assert [record["title"] for record in records] == [below.title]


def test_agency_file_name_is_rfc5987(client, agency_a):
    disposition = client.get(f"/data/{agency_a.code}/catalog-items.csv")["Content-Disposition"]
    assert f'filename="{agency_a.code}-catalog-items-' in disposition
    assert "filename*=UTF-8''%E4%B8%BD%E6%B0%B4" in disposition  # 丽水


def test_negative_list_export_leaves_out_keywords(client, agency_a):
    from disclosure.models import LegalGround, NegativeCategory, NegativeListEntry

    NegativeListEntry.objects.create(
        agency=agency_a,
        category=NegativeCategory.RIGHTS,
        legal_ground=LegalGround.THIRD_PARTY,
        matter="救助对象的银行账号",
        basis="第十五条",
        keywords="低保名单明细",
        effective_date="2026-01-01",
    )
    text = body(client.get("/data/negative-list.csv")).decode("utf-8-sig")
    assert "救助对象的银行账号" in text
    assert "低保名单明细" not in text


def test_unknown_dataset_is_404(client):
    assert client.get("/data/requests.csv").status_code == 404
