"""Saving documents: sanitised bodies, document numbers, the Art 26 due date, draft rules."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import ValidationError

from disclosure import documents
from disclosure.models import DisclosureAttribute, Document, NegativeListEntry
from tests.disclosure.conftest import make_draft

pytestmark = pytest.mark.django_db


def test_scripts_event_handlers_and_external_embeds_are_removed():
    dirty = (
        '<p onclick="steal()">正文<script>alert(1)</script></p>'
        '<iframe src="https://evil.example/"></iframe>'
        '<img src="https://tracker.example/pixel.gif" alt="x">'
        '<img src="/media/attachments/chart.png" alt="图表">'
        '<a href="javascript:alert(1)">链接</a><style>p{}</style>'
    )
    clean = documents.sanitize_body(dirty)
    for forbidden in ("script", "onclick", "iframe", "tracker.example", "javascript:", "style"):
        assert forbidden not in clean
    assert '<img src="/media/attachments/chart.png" alt="图表">' in clean
    assert "正文" in clean


def test_the_body_is_sanitised_on_save(agency_a, drafter_a):
    document = make_draft(agency_a, drafter_a, body="<p>正文</p><script>x()</script>")
    assert Document.objects.get(pk=document.pk).body == "<p>正文</p>"


@pytest.mark.parametrize(
    "typed",
    ["丽委办发〔2016〕81号", "丽委办发[2016]81号", "丽委办发［2016］ 81号", "丽委办发(2016)81号"],
)
def test_document_numbers_are_kept_as_typed_and_searchable_in_one_form(agency_a, drafter_a, typed):
    document = make_draft(agency_a, drafter_a, doc_number=typed)
    assert document.doc_number == typed
    assert document.doc_number_key == "丽委办发〔2016〕81号"


def test_publication_is_due_20_working_days_after_forming(agency_a, drafter_a):
    # Formed Friday 18 Sep 2026: Mid-Autumn and National Day holidays fall inside the period.
    document = make_draft(agency_a, drafter_a, date_formed=dt.date(2026, 9, 18))
    assert document.publish_due == dt.date(2026, 10, 22)
    assert not document.publish_due_provisional


def test_a_withheld_document_needs_a_negative_list_reason(agency_a, drafter_a):
    with pytest.raises(ValidationError) as excinfo:
        make_draft(agency_a, drafter_a, disclosure_attribute=DisclosureAttribute.WITHHELD)
    assert "withheld_reason" in excinfo.value.message_dict
    assert not Document.objects.exists()


def test_the_reason_must_come_from_the_agencys_own_list(agency_a, agency_b, drafter_a,
                                                        negative_entry_a):  # fmt: skip
    foreign = NegativeListEntry.objects.create(
        agency=agency_b, category="internal", legal_ground="internal_affairs", matter="x",
        basis="y", effective_date=dt.date(2026, 1, 1),
    )  # fmt: skip
    make_draft(agency_a, drafter_a, disclosure_attribute=DisclosureAttribute.WITHHELD,
               withheld_reason=negative_entry_a)  # fmt: skip
    with pytest.raises(ValidationError, match="own negative list"):
        make_draft(agency_a, drafter_a, disclosure_attribute=DisclosureAttribute.WITHHELD,
                   withheld_reason=foreign)  # fmt: skip


def test_drafters_file_only_for_their_own_agency(agency_b, drafter_a):
    with pytest.raises(ValidationError, match="drafter"):
        make_draft(agency_b, drafter_a)


def test_only_drafts_are_edited(agency_a, drafter_a, django_capture_on_commit_callbacks):
    from publishing import workflow

    document = make_draft(agency_a, drafter_a)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(obj=document, user=drafter_a)
    document.title = "改过的标题"
    with pytest.raises(ValidationError, match="Only a draft"):
        documents.document_save(document=document, user=drafter_a)
    assert Document.objects.get(pk=document.pk).title != "改过的标题"


def test_expiry_before_effective_date_is_refused(agency_a, drafter_a):
    with pytest.raises(ValidationError) as excinfo:
        make_draft(agency_a, drafter_a, effective_date=dt.date(2026, 5, 1),
                   expiry_date=dt.date(2026, 4, 1))  # fmt: skip
    assert "expiry_date" in excinfo.value.message_dict
