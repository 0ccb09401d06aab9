"""The demo gazette: 《丽水市人民政府公报》 with four issues of 2026 (three published, one draft),
each with its PDF and contents of published documents; loading twice adds nothing."""

from __future__ import annotations

from io import StringIO

import lxml.html
import pytest
from pypdf import PdfReader

from disclosure import demo as disclosure_demo
from gazette import demo
from gazette.models import Entry, Gazette, Issue
from portal import demo as portal_demo
from publishing.models import Status

pytestmark = pytest.mark.django_db


def test_the_demo_gazette_has_four_issues_of_2026_made_once(client):
    portal_demo.load(StringIO())
    disclosure_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    gazette = Gazette.objects.get(slug="lishui")
    assert list(gazette.sections.values_list("name", flat=True)) == demo.SECTIONS
    issues = Issue.objects.filter(gazette=gazette).order_by("number")
    assert [(i.year, i.number, i.status) for i in issues] == [
        (2026, 1, Status.PUBLISHED), (2026, 2, Status.PUBLISHED), (2026, 3, Status.PUBLISHED),
        (2026, 4, Status.DRAFT),
    ]  # fmt: skip
    for issue in issues:
        reader = PdfReader(issue.pdf.open("rb"))
        assert len(reader.pages) == issue.pdf_pages >= 3
        entries = list(issue.entries.select_related("document"))
        assert all(e.document.status == Status.PUBLISHED for e in entries if e.document)
        # Each line's page is where its text starts in the PDF.
        for entry in entries:
            assert entry.title[:10] in reader.pages[entry.page - 1].extract_text().replace("\n", "")
    assert Entry.objects.filter(text__gt="").count() == 2  # the 人事任免 lines
    page = client.get("/gazette/lishui/2026/1/")
    assert page.status_code == 200
    first = Entry.objects.filter(issue__number=1, document__isnull=False).first().document
    document_page = lxml.html.fromstring(client.get(first.get_absolute_url()).content.decode())
    assert document_page.xpath("//p[@class='doc-note']/a/@href") == ["/gazette/lishui/2026/1/"]
