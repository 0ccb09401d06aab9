"""Hostile uploads on every upload path: a forged extension (HTML or an executable renamed
.pdf/.docx), an oversized file, and a zip bomb (an Office file whose members unpack to
gigabytes) are refused with a message naming the problem, and nothing is saved: no record,
no file in storage.

Paths: document attachments and consultation attachments (the admin inlines), the public
request form, released files on answers, interpretation media, the catalog import; plus text
extraction of a bomb stored before the check existed.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from disclosure import admin_catalog, textract
from disclosure.admin import AttachmentForm
from disclosure.models import Attachment, CatalogItem
from interpretation import media
from interpretation.admin_consultations import ConsultationAttachmentForm
from interpretation.models import ConsultationAttachment, InterpretationMedia
from requests_app.models import InformationRequest, ReleasedFile, RequestFile
from tests.disclosure.conftest import make_draft
from tests.security.fixtures_matrix import PDF, PNG, _answered, _consultation, _submit

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200
MB = 1024 * 1024


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    b'package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="'
    b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)


def docx_bomb() -> bytes:
    """A DOCX of about 50 KB whose document part unpacks to 50 MB of nothing."""
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": RELS,
            "word/document.xml": bytes(50 * MB),
        }
    )


def declared_bomb(member: str = "word/document.xml") -> bytes:
    """A small DOCX whose directory declares a member of almost 4 GB (what a reader would be
    asked to inflate)."""
    data = bytearray(_zip({"[Content_Types].xml": b"<Types/>", member: b"<w:document/>"}))
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + name_length] == member.encode():
            struct.pack_into("<I", data, start + 24, 0xFFFF_FFF0)  # uncompressed size
        start += 4
    return bytes(data)


def xlsx_bomb() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": bytes(50 * MB)})


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def message(msgid: str, language: str, **params) -> str:
    with translation.override(language):
        return gettext(msgid) % params


def mismatch(name: str, ext: str, language: str = "en") -> str:
    return message(
        "The content of “%(name)s” does not match its extension %(ext)s; it may be damaged or "
        "another kind of file.",
        language,
        name=name,
        ext=ext,
    )


def bomb(name: str, language: str = "en") -> str:
    return message(
        "“%(name)s” is compressed far more than any ordinary file (a “zip bomb”) and was refused.",
        language,
        name=name,
    )


def unpacks_to(name: str, language: str = "en") -> str:
    return message(
        "“%(name)s” would unpack to %(size)s; files may unpack to at most %(limit)s.",
        language,
        name=name,
        size="4.0\xa0GB",
        limit="300.0\xa0MB",
    )


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """A storage of the test's own, so that "no file left behind" can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def page_language(response) -> str:
    return response.wsgi_request.LANGUAGE_CODE


# --- Document and consultation attachments (the admin inlines) ---------------------------

HOSTILE_ATTACHMENTS = [
    pytest.param("通知.pdf", HTML, lambda lang: mismatch("通知.pdf", ".pdf", lang), id="html-pdf"),
    pytest.param(
        "正文.docx", EXE, lambda lang: mismatch("正文.docx", ".docx", lang), id="exe-docx"
    ),
    pytest.param("正文.docx", docx_bomb(), lambda lang: bomb("正文.docx", lang), id="docx-bomb"),
    pytest.param("报表.xlsx", xlsx_bomb(), lambda lang: bomb("报表.xlsx", lang), id="xlsx-bomb"),
    pytest.param(
        "材料.zip", declared_bomb(), lambda lang: unpacks_to("材料.zip", lang), id="zip-4gb"
    ),
]


@pytest.mark.parametrize(("name", "data", "expected"), HOSTILE_ATTACHMENTS)
def test_document_attachment_form_refuses(agency_a, drafter_a, _own_media_root, name, data,
                                          expected):  # fmt: skip
    document = make_draft(agency_a, drafter_a)
    form = AttachmentForm(
        data={"title": "", "order": "0"},
        files={"file": upload(name, data)},
        instance=Attachment(document=document),
    )
    assert not form.is_valid()
    assert form.errors["file"] == [expected("en")]
    assert not Attachment.objects.exists()
    assert stored_files(_own_media_root) == []


@pytest.mark.parametrize(("name", "data", "expected"), HOSTILE_ATTACHMENTS)
def test_consultation_attachment_form_refuses(agency_a, _own_media_root, name, data, expected):
    consultation = _consultation(agency_a, published=False, title="征求意见稿")
    form = ConsultationAttachmentForm(
        data={"title": "", "order": "0"},
        files={"file": upload(name, data)},
        instance=ConsultationAttachment(consultation=consultation),
    )
    assert not form.is_valid()
    assert form.errors["file"] == [expected("en")]
    assert not ConsultationAttachment.objects.exists()
    assert stored_files(_own_media_root) == []


def test_an_oversized_attachment_is_refused(agency_a, drafter_a, settings):
    settings.DISCLOSURE_ATTACHMENT_MAX_BYTES = 1024
    form = AttachmentForm(
        data={"title": "", "order": "0"},
        files={"file": upload("通知.pdf", PDF + b"0" * 2048)},
        instance=Attachment(document=make_draft(agency_a, drafter_a)),
    )
    assert not form.is_valid()
    assert "attachments may be at most 1.0" in form.errors["file"][0]


def test_an_ordinary_docx_still_passes(agency_a, drafter_a):
    """The guard must not refuse real Office files: XML compresses, but not a hundredfold."""
    text = "".join(
        f"<w:p><w:r><w:t>第{n}条 本办法自发布之日起施行。</w:t></w:r></w:p>" for n in range(30000)
    )
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": text.encode()})
    form = AttachmentForm(
        data={"title": "", "order": "0"},
        files={"file": upload("办法.docx", docx)},
        instance=Attachment(document=make_draft(agency_a, drafter_a)),
    )
    assert form.is_valid(), form.errors


def test_document_admin_refuses_a_bomb_and_saves_nothing(client, agency_a, drafter_a,
                                                          _own_media_root):  # fmt: skip
    document = make_draft(agency_a, drafter_a)
    client.force_login(drafter_a)
    response = client.post(
        f"/admin/disclosure/document/{document.pk}/change/",
        {
            "agency": agency_a.pk,
            "title": document.title,
            "date_formed": document.date_formed.isoformat(),
            "disclosure_attribute": "proactive",
            "scope": "public",
            "validity": "valid",
            "body": document.body,
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "0",
            "attachments-0-file": upload("正文.docx", docx_bomb()),
            "attachments-0-title": "正文",
            "attachments-0-order": "1",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert bomb("正文.docx", page_language(response)) in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files(_own_media_root) == []


# --- Text extraction of a file stored before the check --------------------------------------


@pytest.mark.parametrize("data", [docx_bomb(), declared_bomb()], ids=["ratio", "declared"])
def test_text_extraction_refuses_a_stored_bomb_without_inflating_it(agency_a, drafter_a, data):
    attachment = Attachment.objects.create(
        document=make_draft(agency_a, drafter_a),
        file=upload("旧附件.docx", data),
        original_name="旧附件.docx",
        kind=Attachment.Kind.DOCX,
        size=len(data),
    )
    tracemalloc.start()
    try:
        assert textract.extract_text(attachment) == ""
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * MB  # refused from the zip directory: no member was inflated


# --- The public request form --------------------------------------------------------------


def _application(agency, files) -> dict:
    from tests.requests_app.test_application_form import person

    return person(agency, attachments=files)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("身份证.pdf", HTML),
        ("身份证.pdf", EXE),
        ("照片.png", docx_bomb()),
        ("身份证.docx", docx_bomb()),
    ],
    ids=["html-as-pdf", "exe-as-pdf", "zip-as-png", "docx-bomb"],
)
def test_request_form_refuses_disguised_files(client, agency_a, _own_media_root, name, data):
    response = client.post("/requests/apply/", _application(agency_a, [upload(name, data)]))
    assert response.status_code == 200
    expected = message(
        "“%(name)s” is not a PDF, JPG or PNG file (files are checked by their content, not "
        "their name). Save it as PDF, JPG or PNG and attach it again.",
        page_language(response),
        name=name,
    )
    assert expected in response.content.decode()
    assert not InformationRequest.objects.exists()
    assert not RequestFile.objects.exists()
    assert stored_files(_own_media_root) == []


def test_request_form_refuses_a_png_named_pdf(client, agency_a, _own_media_root):
    response = client.post("/requests/apply/", _application(agency_a, [upload("证明.pdf", PNG)]))
    assert response.status_code == 200
    expected = message(
        "The content of “%(name)s” does not match its extension; it may be damaged or another "
        "kind of file. Save it as PDF, JPG or PNG and attach it again.",
        page_language(response),
        name="证明.pdf",
    )
    assert expected in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_request_form_refuses_an_oversized_file(client, agency_a, settings, _own_media_root):
    settings.REQUESTS_ATTACHMENT_MAX_BYTES = 1024
    data = PDF + b"0" * 4096
    response = client.post("/requests/apply/", _application(agency_a, [upload("大.pdf", data)]))
    assert response.status_code == 200
    assert "大.pdf" in response.content.decode()
    assert not InformationRequest.objects.exists()
    assert stored_files(_own_media_root) == []


# --- Released files on answers ------------------------------------------------------------


@pytest.fixture
def answered(agency_a, handler_a):
    request, _ = _submit(agency_a)
    request.status = "in_progress"
    request.received_on = timezone.localdate()
    request.save()
    _answered(request, handler_a)
    return request


@pytest.mark.parametrize(("name", "data", "expected"), HOSTILE_ATTACHMENTS)
def test_released_file_upload_refuses(client, answered, handler_a, _own_media_root, name, data,
                                      expected):  # fmt: skip
    client.force_login(handler_a)
    url = f"/admin/requests_app/informationrequest/{answered.pk}/released-files/"
    response = client.post(url, {"file": upload(name, data)})
    assert response.status_code == 200
    assert expected(page_language(response)) in response.content.decode()
    assert not ReleasedFile.objects.exists()
    assert stored_files(_own_media_root) == []


# --- Interpretation media -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "data"),
    [
        ("image", "图解.png", HTML),
        ("image", "图解.png", EXE),
        ("image", "图解.png", docx_bomb()),
        ("video", "发布会.mp4", EXE),
        ("captions", "字幕.vtt", HTML),
    ],
    ids=["html-as-png", "exe-as-png", "zip-as-png", "exe-as-mp4", "html-as-vtt"],
)
def test_media_upload_refuses_disguised_files(kind, name, data):
    with pytest.raises(Exception) as refused:
        media.inspect_media(upload(name, data), kind)
    assert "is not an accepted" in str(refused.value)


def test_media_admin_refuses_html_named_png_and_saves_nothing(client, agency_a, drafter_a,
                                                               _own_media_root):  # fmt: skip
    from tests.interpretation.conftest import make_interpretation

    interpretation = make_interpretation(agency_a, drafter_a, [make_draft(agency_a, drafter_a)])
    client.force_login(drafter_a)
    response = client.post(
        f"/admin/interpretation/interpretation/{interpretation.pk}/change/",
        {
            "agency": agency_a.pk,
            "documents": [interpretation.documents.get().pk],
            "form": "graphic",
            "title": interpretation.title,
            "department": "市政府办公室",
            "media-TOTAL_FORMS": "1",
            "media-INITIAL_FORMS": "0",
            "media-0-kind": "image",
            "media-0-file": upload("图解一.png", HTML),
            "media-0-alt_text": "流程图",
            "media-0-order": "1",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "图解一.png" in response.content.decode()
    assert not InterpretationMedia.objects.exists()
    assert stored_files(_own_media_root) == []


def test_an_oversized_media_file_is_refused(monkeypatch):
    monkeypatch.setitem(media.MAX_BYTES, "image", 16)
    with pytest.raises(Exception, match="this kind of file may be at most"):
        media.inspect_media(upload("图解.png", PNG), "image")


# --- Catalog import -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        pytest.param("目录.xlsx", xlsx_bomb(), lambda lang: bomb("目录.xlsx", lang), id="bomb"),
        pytest.param(
            "目录.xlsx", declared_bomb("xl/workbook.xml"), lambda lg: unpacks_to("目录.xlsx", lg),
            id="declared-4gb",
        ),
        pytest.param(
            "目录.xlsx", EXE, lambda lang: "无法读取 Excel 文件", id="exe-as-xlsx",
        ),
    ],
)  # fmt: skip
def test_catalog_import_refuses(client, agency_a, publisher_a, name, data, expected):
    client.force_login(publisher_a)
    response = client.post(
        reverse("admin:disclosure_catalogitem_import"),
        {"agency": agency_a.pk, "file": upload(name, data)},
    )
    assert response.status_code == 200
    assert expected(page_language(response)) in response.content.decode()
    assert not CatalogItem.objects.exists()


def test_catalog_import_refuses_an_oversized_file(client, agency_a, publisher_a, monkeypatch):
    monkeypatch.setattr(admin_catalog, "MAX_UPLOAD_BYTES", 1024 * 1024)
    client.force_login(publisher_a)
    response = client.post(
        reverse("admin:disclosure_catalogitem_import"),
        {"agency": agency_a.pk, "file": upload("目录.csv", b"a," * (600 * 1024))},
    )
    assert response.status_code == 200
    expected = message("The file is larger than %(size)d MB.", page_language(response), size=1)
    assert expected in response.content.decode()
    assert not CatalogItem.objects.exists()


def test_an_archive_of_too_many_files_is_refused(agency_a, drafter_a):
    members = {f"件{n}.txt": b"" for n in range(10_001)}
    form = AttachmentForm(
        data={"title": "", "order": "0"},
        files={"file": upload("材料.zip", _zip(members))},
        instance=Attachment(document=make_draft(agency_a, drafter_a)),
    )
    assert not form.is_valid()
    assert form.errors["file"] == [
        message(
            "“%(name)s” holds %(count)d files; at most %(max)d are accepted.",
            "en",
            name="材料.zip",
            count=10_001,
            max=10_000,
        )
    ]


def test_an_oversized_released_file_is_refused(client, answered, handler_a, settings,
                                               _own_media_root):  # fmt: skip
    settings.DISCLOSURE_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(handler_a)
    url = f"/admin/requests_app/informationrequest/{answered.pk}/released-files/"
    response = client.post(url, {"file": upload("公开信息.pdf", PDF + b"0" * 4096)})
    assert response.status_code == 200
    assert "公开信息.pdf" in response.content.decode()
    assert not ReleasedFile.objects.exists()
    assert stored_files(_own_media_root) == []
