"""Data files are checked by their content, like every upload: the format chosen must be the
file's, text formats must be UTF-8 (JSON parsing, XML well-formed without a DTD), binary ones
go through the attachments' check."""

from __future__ import annotations

import io

import openpyxl
import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from opendata.uploads import inspect_data_file


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["科目", "执行数"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("a.csv", "\ufeff科目,数\n收入,1\n".encode(), "CSV"),
        ("a.json", '[{"科目": "收入"}]'.encode(), "JSON"),
        ("a.xml", "<rows><row>收入</row></rows>".encode(), "XML"),
        ("a.xlsx", _xlsx(), "XLSX"),
        ("a.pdf", PDF, "PDF"),
    ],
)
def test_good_files_pass(name, content, fmt):
    info = inspect_data_file(SimpleUploadedFile(name, content), fmt)
    assert info.size == len(content) and info.original_name == name


@pytest.mark.parametrize(
    ("name", "content", "fmt", "message"),
    [
        ("a.csv", "科目,数\n收入,1\n".encode("gbk"), "CSV", "not UTF-8"),
        ("a.csv", b"PK\x03\x04\x00\x00binary", "CSV", "not a text file"),
        ("a.json", b"{not json", "JSON", "not valid JSON"),
        ("a.xml", b"<rows><row></rows>", "XML", "well-formed"),
        ("a.xml", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "XML", "DTD"),
        ("a.csv", b"", "CSV", "empty"),
        ("a.xlsx", PDF, "XLSX", "does not match"),
        ("a.pdf", PDF, "XLSX", "not a XLSX file"),
        ("a.txt", b"abc", "CSV", "not a CSV file"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name, content, fmt, message):
    with pytest.raises(ValidationError, match=message):
        inspect_data_file(SimpleUploadedFile(name, content), fmt)
