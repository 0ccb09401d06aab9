"""Public read queries: published interpretations, Q&A entries and consultations, and nothing
else (a withdrawn interpretation or consultation keeps its page with a notice only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from disclosure.models import Document
from disclosure.selectors import FIRST_YEAR, LAST_YEAR
from interpretation.models import (
    Comment,
    Consultation,
    ConsultationAttachment,
    Form,
    Interpretation,
    InterpretationMedia,
    MediaKind,
    PolicyQuestion,
    Topic,
)
from portal.models import Agency

PER_PAGE = 20


def _published_documents() -> Prefetch:
    return Prefetch(
        "documents",
        queryset=Document.objects.published().select_related("agency").order_by("-date_published"),
        to_attr="published_documents",
    )


# --- Interpretations ----------------------------------------------------------------------


@dataclass(frozen=True)
class InterpretationFilters:
    form: str = ""
    agency: Agency | None = None
    year: int | None = None
    ignored: tuple[str, ...] = ()

    def apply(self, queryset: QuerySet[Interpretation]) -> QuerySet[Interpretation]:
        if self.form:
            queryset = queryset.filter(form=self.form)
        if self.agency is not None:
            queryset = queryset.filter(agency__path__startswith=self.agency.path)
        if self.year is not None:
            queryset = queryset.filter(published_at__year=self.year)
        return queryset


def parse_filters(params: Mapping[str, str]) -> InterpretationFilters:
    """The filters of the list page; unknown values are ignored and named in ``ignored``."""
    ignored = []
    form = params.get("form", "").strip()
    if form and form not in Form.values:
        ignored.append("form")
        form = ""
    agency = None
    code = params.get("agency", "").strip()[:20]
    if code:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            ignored.append("agency")
    year = None
    text = params.get("year", "").strip()
    if text:
        if text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
            year = int(text)
        else:
            ignored.append("year")
    return InterpretationFilters(form=form, agency=agency, year=year, ignored=tuple(ignored))


def published_interpretations() -> QuerySet[Interpretation]:
    return (
        Interpretation.objects.published()
        .select_related("agency")
        .prefetch_related(_published_documents())
        .order_by("-published_at", "-id")
    )


def form_counts(filters: InterpretationFilters) -> dict[str, int]:
    """How many published interpretations of each form match the other filters."""
    queryset = InterpretationFilters(agency=filters.agency, year=filters.year).apply(
        Interpretation.objects.published()
    )
    rows = queryset.order_by().values("form").annotate(n=Count("pk"))
    return {row["form"]: row["n"] for row in rows}


def publication_years() -> list[int]:
    years = (
        Interpretation.objects.published()
        .annotate(y=ExtractYear("published_at"))
        .order_by("-y")
        .values_list("y", flat=True)
        .distinct()
    )
    return [year for year in years if year]


def interpreting_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(
        pk__in=Interpretation.objects.published().values("agency_id")
    ).order_by("path")


def public_interpretations() -> QuerySet[Interpretation]:
    return Interpretation.objects.public().select_related("agency")


def interpretation_page(interpretation: Interpretation) -> dict[str, Any]:
    """What the detail page shows besides the interpretation itself (also for the preview)."""
    media = list(interpretation.media.all())
    single = {item.kind: item for item in media if item.kind != MediaKind.IMAGE}
    return {
        "interpretation": interpretation,
        "documents": list(
            interpretation.documents.published()
            .select_related("agency")
            .order_by("-date_published")
        ),
        "images": [item for item in media if item.kind == MediaKind.IMAGE],
        "audio": single.get(MediaKind.AUDIO),
        "video": single.get(MediaKind.VIDEO),
        "poster": single.get(MediaKind.POSTER),
        "captions": single.get(MediaKind.CAPTIONS),
        "questions": list(
            PolicyQuestion.objects.published()
            .filter(documents__in=interpretation.documents.published())
            .distinct()
            .order_by("order", "-updated_at")[:10]
        ),
    }


def published_media() -> QuerySet[InterpretationMedia]:
    """Media files of published interpretations only."""
    return InterpretationMedia.objects.filter(
        interpretation__in=Interpretation.objects.published().values("pk")
    )


RELATED_DOCUMENTS = 10


def for_document(document: Document) -> dict[str, list]:
    """The published interpretations and Q&A entries of a document, for its page, and the other
    published documents its interpretations explain (相关文件)."""
    interpretations = list(
        Interpretation.objects.published()
        .filter(documents=document)
        .select_related("agency")
        .order_by("published_at", "id")
    )
    return {
        "interpretations": interpretations,
        "documents": list(
            Document.objects.published()
            .filter(interpretations__in=interpretations)
            .exclude(pk=document.pk)
            .distinct()
            .order_by("-date_published", "-id")[:RELATED_DOCUMENTS]
        )
        if interpretations
        else [],
        "questions": list(
            PolicyQuestion.objects.published()
            .filter(documents=document)
            .order_by("order", "-updated_at", "-id")
        ),
    }


# --- Policy Q&A ---------------------------------------------------------------------------


def topics_with_questions() -> list[Topic]:
    return list(
        Topic.objects.annotate(
            question_count=Count("questions", filter=Q(questions__is_published=True))
        ).filter(question_count__gt=0)
    )


def published_questions(topic: Topic | None = None) -> QuerySet[PolicyQuestion]:
    questions = (
        PolicyQuestion.objects.published()
        .select_related("agency")
        .prefetch_related("topics", _published_documents())
    )
    if topic is not None:
        questions = questions.filter(topics=topic)
    return questions


# --- Consultations ------------------------------------------------------------------------


def published_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.published().select_related("agency")


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.public().select_related("agency")


def approved_comments(consultation: Consultation) -> QuerySet[Comment]:
    """What the public sees of the comments: approved ones, never a contact."""
    return consultation.comments.approved().defer("contact").order_by("submitted_at", "id")


def published_consultation_attachments() -> QuerySet[ConsultationAttachment]:
    return ConsultationAttachment.objects.filter(
        consultation__in=Consultation.objects.published().values("pk")
    )
