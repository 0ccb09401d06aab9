"""The paper application form (政府信息公开申请表) of an agency, as PDF and DOCX.

Art 29 lets applicants apply in writing as well as online. The paper form asks for exactly
what the online form asks for: its sections and lines are read from ``ApplicationForm`` (the
fields in their order, with their labels, hints and choices), so a field added to the online
form appears on paper too and nothing can drift. Only the bots' trap is left out. The agency
applied to is filled in; everything else is left blank to write on.

The form goes to a Chinese agency, so it is in Simplified Chinese whatever the visitor's
language, like the letters the agency sends.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.models import Agency
from portal.typed import StrOrPromise
from requests_app.forms import ApplicationForm
from requests_app.letters import PdfUnavailable

TITLE = "政府信息公开申请表"
# Not on paper: the trap for bots, which people never see.
ONLINE_ONLY = frozenset({"website"})
# The online form's sections (templates/requests_app/public/apply.html), by their first field.
SECTION_STARTS: dict[str, StrOrPromise] = {
    "agency": _("1. The agency"),
    "applicant_type": _("2. The applicant"),
    "phone": _("3. Contacts"),
    "kind": _("4. The information you want"),
    "delivery_method": _("5. How to receive it"),
    "fee_waiver_requested": _("6. Processing fee"),
    "attachments": _("7. Attachments"),
    "consent": _("8. Confirm and submit"),
}
# Written by hand on paper instead of entered online.
ATTACHMENTS_NOTE = "可附身份证件或营业执照等复印件。"
SIGNATURE_LINES = ("申请人签名（盖章）", "申请日期")


@dataclass(frozen=True)
class PaperField:
    name: str
    label: str
    help_text: str = ""
    choices: tuple[str, ...] = ()  # boxes to tick
    kind: str = "text"  # "text" (one line), "long" (several lines), "choice", "check"
    value: str = ""  # printed in; blank lines otherwise


@dataclass
class PaperSection:
    title: str
    fields: list[PaperField] = field(default_factory=list)


def _paper_field(name: str, form_field: forms.Field, agency: Agency) -> PaperField:
    label, help_text = str(form_field.label), str(form_field.help_text or "")
    if name == "agency":
        return PaperField(name, label, value=agency.name)
    if name == "attachments":
        return PaperField(name, label, help_text=ATTACHMENTS_NOTE, kind="long")
    if isinstance(form_field, forms.BooleanField):
        return PaperField(name, label, help_text, kind="check")
    if isinstance(form_field, forms.ChoiceField):
        options = cast(Iterable[tuple[object, object]], form_field.choices)
        choices = tuple(str(text) for value, text in options if value != "")
        return PaperField(name, label, help_text, choices=choices, kind="choice")
    kind = "long" if isinstance(form_field.widget, forms.Textarea) else "text"
    return PaperField(name, label, help_text, kind=kind)


def paper_sections(agency: Agency) -> list[PaperSection]:
    """The online form's fields in its sections, as lines of the paper form (in Chinese)."""
    sections: list[PaperSection] = []
    with translation.override(settings.LANGUAGE_CODE):
        for name, form_field in ApplicationForm.base_fields.items():
            if name in ONLINE_ONLY:
                continue
            if name in SECTION_STARTS or not sections:
                sections.append(PaperSection(str(SECTION_STARTS.get(name, ""))))
            sections[-1].fields.append(_paper_field(name, form_field, agency))
    return sections


def _context(agency: Agency) -> dict[str, object]:
    return {
        "title": TITLE,
        "agency": agency,
        "sections": paper_sections(agency),
        "signature_lines": SIGNATURE_LINES,
    }


def render_pdf(agency: Agency) -> bytes:
    """The form as an A4 PDF with the agency filled in."""
    # Imported here: a server without Pango still starts, and only PDF files are unavailable.
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(f"（{error}）") from error
    with translation.override(settings.LANGUAGE_CODE):
        page = render_to_string("requests_app/paper_form.html", _context(agency))
    # Nothing is fetched from outside, whatever an agency's name contains.
    no_fetching = weasyprint.URLFetcher(allowed_protocols=())
    return weasyprint.HTML(string=page, base_url=None, url_fetcher=no_fetching).write_pdf()


def render_docx(agency: Agency) -> bytes:
    """The form as a Word document, for applicants who fill it in on a computer."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = f"{TITLE}（{agency.name}）"
    document.core_properties.author = agency.name
    heading = document.add_heading(TITLE, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in paper_sections(agency):
        document.add_heading(section.title, level=1)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for line in section.fields:
            label_cell, value_cell = table.add_row().cells
            label_cell.text = line.label
            if line.kind == "choice":
                value_cell.text = "    ".join(f"☐ {choice}" for choice in line.choices)
            elif line.kind == "check":
                value_cell.text = "☐"
            elif line.kind == "long":
                value_cell.text = line.value + "\n\n\n"
            else:
                value_cell.text = line.value
            if line.help_text:
                hint = value_cell.add_paragraph().add_run(line.help_text)
                hint.italic = True
                hint.font.size = Pt(9)
    for text in SIGNATURE_LINES:
        document.add_paragraph(f"{text}：____________________")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
