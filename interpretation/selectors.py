"""Public read queries: published interpretations, Q&A entries and consultations, and nothing
else (a withdrawn interpretation or consultation keeps its page with a notice only).

Each takes the site asking (``portal.sites``; None: the whole installation): its lists, counts
and choosers hold the site's agencies' records, and the documents they link are the site's
too, so that no link leads to a page another site shows."""

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
from portal import sites
from portal.models import Agency

PER_PAGE = 20


def _published_documents(site: sites.CurrentSite | None = None) -> Prefetch:
    documents = Document.objects.published().select_related("agency").order_by("-date_published")
    return Prefetch(
        "documents", queryset=sites.scope(documents, site), to_attr="published_documents"
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


def parse_filters(
    params: Mapping[str, str], *, site: sites.CurrentSite | None = None
) -> InterpretationFilters:
    """The filters of the list page; unknown values (an agency outside ``site`` too) are
    ignored and named in ``ignored``."""
    ignored = []
    form = params.get("form", "").strip()
    if form and form not in Form.values:
        ignored.append("form")
        form = ""
    agency = None
    code = params.get("agency", "").strip()[:20]
    if code:
        agency = sites.scope(Agency.objects.all(), site, field="").filter(code=code).first()
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


def published_interpretations(site: sites.CurrentSite | None = None) -> QuerySet[Interpretation]:
    return sites.scope(
        Interpretation.objects.published()
        .select_related("agency")
        .prefetch_related(_published_documents(site))
        .order_by("-published_at", "-id"),
        site,
    )


def form_counts(
    filters: InterpretationFilters, site: sites.CurrentSite | None = None
) -> dict[str, int]:
    """How many published interpretations of each form match the other filters."""
    queryset = InterpretationFilters(agency=filters.agency, year=filters.year).apply(
        sites.scope(Interpretation.objects.published(), site)
    )
    rows = queryset.order_by().values("form").annotate(n=Count("pk"))
    return {row["form"]: row["n"] for row in rows}


def publication_years(site: sites.CurrentSite | None = None) -> list[int]:
    years = (
        sites.scope(Interpretation.objects.published(), site)
        .annotate(y=ExtractYear("published_at"))
        .order_by("-y")
        .values_list("y", flat=True)
        .distinct()
    )
    return [year for year in years if year]


def interpreting_agencies(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    return Agency.objects.filter(
        pk__in=sites.scope(Interpretation.objects.published(), site).values("agency_id")
    ).order_by("path")


def public_interpretations() -> QuerySet[Interpretation]:
    return Interpretation.objects.public().select_related("agency")


def interpretation_page(
    interpretation: Interpretation, site: sites.CurrentSite | None = None
) -> dict[str, Any]:
    """What the detail page shows besides the interpretation itself (also for the preview):
    the documents and Q&A entries ``site`` shows."""
    media = list(interpretation.media.all())
    single = {item.kind: item for item in media if item.kind != MediaKind.IMAGE}
    return {
        "interpretation": interpretation,
        "documents": list(
            sites.scope(interpretation.documents.published(), site)
            .select_related("agency")
            .order_by("-date_published")
        ),
        "images": [item for item in media if item.kind == MediaKind.IMAGE],
        "audio": single.get(MediaKind.AUDIO),
        "video": single.get(MediaKind.VIDEO),
        "poster": single.get(MediaKind.POSTER),
        "captions": single.get(MediaKind.CAPTIONS),
        "questions": list(
            sites.scope(PolicyQuestion.objects.published(), site)
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


def for_document(document: Document, site: sites.CurrentSite | None = None) -> dict[str, list]:
    """The published interpretations and Q&A entries of a document, for its page, and the other
    published documents its interpretations explain (相关文件): those ``site`` shows."""
    interpretations = list(
        sites.scope(Interpretation.objects.published(), site)
        .filter(documents=document)
        .select_related("agency")
        .order_by("published_at", "id")
    )
    return {
        "interpretations": interpretations,
        "documents": list(
            sites.scope(Document.objects.published(), site)
            .filter(interpretations__in=interpretations)
            .exclude(pk=document.pk)
            .distinct()
            .order_by("-date_published", "-id")[:RELATED_DOCUMENTS]
        )
        if interpretations
        else [],
        "questions": list(
            sites.scope(PolicyQuestion.objects.published(), site)
            .filter(documents=document)
            .order_by("order", "-updated_at", "-id")
        ),
    }


# --- Policy Q&A ---------------------------------------------------------------------------


def topics_with_questions(site: sites.CurrentSite | None = None) -> list[Topic]:
    """The topics with published entries of ``site``'s agencies, with their counts."""
    published = Q(questions__is_published=True)
    if site is not None and site.root_path:
        published &= Q(questions__agency__path__startswith=site.root_path)
    return list(
        Topic.objects.annotate(question_count=Count("questions", filter=published)).filter(
            question_count__gt=0
        )
    )


def published_questions(
    topic: Topic | None = None, site: sites.CurrentSite | None = None
) -> QuerySet[PolicyQuestion]:
    questions = sites.scope(
        PolicyQuestion.objects.published()
        .select_related("agency")
        .prefetch_related("topics", _published_documents(site)),
        site,
    )
    if topic is not None:
        questions = questions.filter(topics=topic)
    return questions


# --- Consultations ------------------------------------------------------------------------


def published_consultations(site: sites.CurrentSite | None = None) -> QuerySet[Consultation]:
    return sites.scope(Consultation.objects.published().select_related("agency"), site)


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.public().select_related("agency")


def approved_comments(consultation: Consultation) -> QuerySet[Comment]:
    """What the public sees of the comments: approved ones, never a contact."""
    return consultation.comments.approved().defer("contact").order_by("submitted_at", "id")


def published_consultation_attachments() -> QuerySet[ConsultationAttachment]:
    return ConsultationAttachment.objects.filter(
        consultation__in=Consultation.objects.published().values("pk")
    )
