"""What policy interpretation puts in the site search: published interpretations, published Q&A
entries and published consultations (registered from ``InterpretationConfig.ready``).

Never indexed: drafts and anything in review or approved, withdrawn items (they leave the index
on withdrawal), unpublished Q&A entries, and public comments of any kind — those awaiting
moderation above all, and never a commenter's contact.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.models import Document
from interpretation import bodies
from interpretation.models import Consultation, Interpretation, PolicyQuestion
from portal.search import registry
from portal.search.registry import IndexDefinition, SearchFields


def _published_documents() -> Prefetch:
    return Prefetch(
        "documents",
        queryset=Document.objects.published().only("id", "title", "doc_number"),
        to_attr="published_documents",
    )


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


class InterpretationIndex(IndexDefinition[Interpretation]):
    key = "interpretation"
    label = _("Policy interpretations")
    model = Interpretation

    def queryset_to_index(self) -> QuerySet[Interpretation]:
        return (
            Interpretation.objects.published()
            .select_related("agency")
            .prefetch_related(_published_documents())
        )

    def to_fields(self, obj: Interpretation) -> SearchFields:
        sections = [f"{label}\n{bodies.body_text(body)}" for label, body in obj.sections()]
        documents = [d.title for d in obj.published_documents]
        numbers = [d.doc_number for d in obj.published_documents]
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content=_join(obj.summary, *sections, obj.transcript),
            meta=_join(
                str(obj.get_form_display()), obj.department, obj.interpreter, *documents, *numbers
            ),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            date=timezone.localdate(obj.published_at) if obj.published_at else None,
        )


class PolicyQuestionIndex(IndexDefinition[PolicyQuestion]):
    key = "policy_question"
    label = _("Policy Q&A")
    model = PolicyQuestion

    def queryset_to_index(self) -> QuerySet[PolicyQuestion]:
        return (
            PolicyQuestion.objects.published()
            .select_related("agency")
            .prefetch_related("topics", _published_documents())
        )

    def to_fields(self, obj: PolicyQuestion) -> SearchFields:
        topics = [topic.name for topic in obj.topics.all()]
        documents = [d.title for d in obj.published_documents]
        return SearchFields(
            title=obj.question,
            url=obj.get_absolute_url(),
            content=bodies.body_text(obj.answer),
            meta=_join(*topics, *documents),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            date=timezone.localdate(obj.updated_at),
        )


class ConsultationIndex(IndexDefinition[Consultation]):
    key = "consultation"
    label = _("Consultations")
    model = Consultation

    def queryset_to_index(self) -> QuerySet[Consultation]:
        # Comments are left out: only the agency's own texts are searched.
        return Consultation.objects.published().select_related("agency")

    def to_fields(self, obj: Consultation) -> SearchFields:
        report = bodies.body_text(obj.report) if obj.report_published_at else ""
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content=_join(
                *(bodies.body_text(text) for text in (obj.draft_text, obj.basis, obj.explanation)),
                report,
            ),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            date=obj.opens_on,
        )


def register() -> None:
    registry.register(InterpretationIndex())
    registry.register(PolicyQuestionIndex())
    registry.register(ConsultationIndex())
