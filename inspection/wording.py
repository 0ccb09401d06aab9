"""Wording in published content (表述错误): the site's sensitive words and wrong forms
(``publishing.wording``) found in what is already public — published before a word was listed,
or let through at review with an override. Reported with a link to the document to correct it
(a published text changes through the workflow: withdraw, or publish a corrected version).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from disclosure.models import Document
from disclosure.screening import html_to_text
from inspection.findings import Check, Finding
from portal import sites
from portal.sites import CurrentSite
from publishing import wording
from publishing.models import WordingRule


def published_wording_findings(site: CurrentSite | None = None) -> list[Finding]:
    rules = wording.active_rules()
    if not rules:
        return []
    findings = []
    documents = sites.scope(Document.objects.published(), site).only(
        "pk", "title", "summary", "body", "agency_id"
    )
    for document in documents.order_by("pk").iterator(chunk_size=500):
        text = "\n".join([document.title, document.summary, html_to_text(document.body)])
        found = {
            (match.kind, match.text, match.suggestion)
            for match in wording.find_wording(text, rules)
        }
        for kind, matched, suggestion in sorted(found):
            if kind == WordingRule.Kind.CORRECTION:
                detail = _("Wrong form “%(wrong)s”: write “%(right)s”") % {
                    "wrong": matched,
                    "right": suggestion,
                }
            else:
                detail = _("Sensitive word “%(word)s”") % {"word": matched}
            findings.append(
                Finding(
                    check=Check.WORDING,
                    veto=False,
                    subject=document.title,
                    detail=detail,
                    agency_id=document.agency_id,
                    fix_url=reverse("admin:disclosure_document_change", args=[document.pk]),
                    public_url=document.get_absolute_url(),
                )
            )
    return findings
