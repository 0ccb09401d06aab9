"""Attachments are checked by their content, not just their extension."""

from __future__ import annotations

import io
import zipfile

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from disclosure import attachments
from tests.disclosure.conftest import PDF_BYTES


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("通知.pdf", PDF_BYTES, "pdf"),
        ("表格.xlsx", zipped("[Content_Types].xml", "xl/workbook.xml"), "xlsx"),
        ("正文.docx", zipped("[Content_Types].xml", "word/document.xml"), "docx"),
        ("版式.ofd", zipped("OFD.xml", "Doc_0/Document.xml"), "ofd"),
        ("材料.zip", zipped("a.txt"), "zip"),
        ("旧文件.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "doc"),
        ("图解.png", PNG + b"\0" * 100, "image"),
    ],
)
def test_accepted_files_are_recognised_by_content(name, content, kind):
    info = attachments.inspect_upload(upload(name, content))
    assert info.kind == kind
    assert info.original_name == name
    assert len(info.sha256) == 64


def test_an_executable_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError, match="does not match"):
        attachments.inspect_upload(upload("通知.pdf", b"MZ\x90\x00" + b"\0" * 100))


def test_a_zip_renamed_to_docx_is_refused():
    with pytest.raises(ValidationError, match="does not match"):
        attachments.inspect_upload(upload("正文.docx", zipped("a.txt")))


def test_an_unknown_extension_is_refused_with_the_accepted_list():
    with pytest.raises(ValidationError, match="not an accepted file type"):
        attachments.inspect_upload(upload("run.exe", b"MZ"))


def test_files_over_the_size_limit_are_refused(settings):
    settings.DISCLOSURE_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="at most"):
        attachments.inspect_upload(upload("大文件.pdf", PDF_BYTES + b"0" * 200))


def test_a_path_in_the_file_name_is_dropped():
    info = attachments.inspect_upload(upload("../../etc/通知.pdf", PDF_BYTES))
    assert info.original_name == "通知.pdf"


def test_a_file_of_unknown_size_is_refused_as_empty():
    """Found by mypy: UploadedFile.size may be None, which raised TypeError at the limit."""
    unknown_size = UploadedFile(io.BytesIO(PDF_BYTES), name="通知.pdf", size=None)
    with pytest.raises(ValidationError, match="is empty"):
        attachments.inspect_upload(unknown_size)
