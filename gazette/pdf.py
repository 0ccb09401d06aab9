"""The PDF of an issue, made from its table of contents: a cover, the contents with the page of
each line, and the documents' texts (``templates/gazette/print.html``, WeasyPrint, as the
annual reports and answer letters are made). The demo data uses it for its issues; the page
where each line starts is read from the laid-out PDF.

Where WeasyPrint cannot run (no Pango), ``minimal_pdf`` writes a plain, valid PDF of one page
per line of text, in the standard Helvetica font (Latin text only).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation

from gazette import drafting, selectors
from gazette.models import Entry, Issue


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the Pango library under it) is not installed on this server."""


def render_issue(issue: Issue) -> tuple[bytes, dict[int, int]]:
    """The PDF, and the page where each entry starts (by the entry's id)."""
    # Imported here, so that a server without Pango still starts.
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    entries = Entry.objects.select_related("section", "document").order_by(
        "section__order", "section_id", "order", "id"
    )
    issue = (
        Issue.objects.select_related("gazette", "agency")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .get(pk=issue.pk)
    )
    with translation.override(settings.LANGUAGE_CODE):
        page = render_to_string(
            "gazette/print.html", {"issue": issue, "sections": selectors.contents(issue)}
        )
    # Nothing is fetched from outside, whatever a document's body contains.
    no_fetching = weasyprint.URLFetcher(allowed_protocols=())
    document = weasyprint.HTML(string=page, base_url=None, url_fetcher=no_fetching).render()
    pages: dict[int, int] = {}
    for number, laid_out in enumerate(document.pages, start=1):
        for anchor in laid_out.anchors:
            if anchor.startswith("entry-"):
                pages.setdefault(int(anchor.removeprefix("entry-")), number)
    return document.write_pdf(), pages


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(lines: list[str]) -> bytes:
    """A valid PDF 1.4 with one A4 page per line (ASCII only), with a correct cross-reference
    table, for when WeasyPrint is unavailable."""
    texts = [line.encode("ascii", "replace").decode() for line in lines] or [""]
    objects: list[bytes] = [b"<</Type/Catalog/Pages 2 0 R>>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(texts)))
    objects.append(f"<</Type/Pages/Kids[{kids}]/Count {len(texts)}>>".encode())
    objects.append(b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>")
    for i, text in enumerate(texts):
        stream = f"BT /F1 18 Tf 72 760 Td ({_escape(text)}) Tj ET".encode()
        objects.append(
            f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>"
            f"/Contents {5 + 2 * i} 0 R>>".encode()
        )
        objects.append(b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@transaction.atomic
def issue_make_pdf(*, issue: Issue, user: User) -> Issue:
    """Make a draft issue's PDF from its contents, attach it as an upload would be (checked by
    ``drafting.issue_save``) and note the page where each line starts."""
    try:
        content, pages = render_issue(issue)
    except PdfUnavailable:
        # One page for the cover, then one per line of the contents.
        title = f"{issue.gazette.slug} {issue.year}-{issue.number}"
        entries = list(issue.entries.order_by("section__order", "section_id", "order", "id"))
        content = minimal_pdf([title, *(f"{title} / {entry.pk}" for entry in entries)])
        pages = {entry.pk: number for number, entry in enumerate(entries, start=2)}
    upload = SimpleUploadedFile(issue.pdf_download_name, content, content_type="application/pdf")
    issue = drafting.issue_save(issue=issue, user=user, pdf=upload)
    for entry in issue.entries.all():
        if pages.get(entry.pk) != entry.page and entry.pk in pages:
            entry.page = pages[entry.pk]
            drafting.check_entry(entry)
            entry.save(update_fields=["page"])
    return issue
