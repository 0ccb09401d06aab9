"""What proactive disclosure puts in the site search: published documents, catalog items and
the negative list in force (registered from ``DisclosureConfig.ready``).

Never indexed: drafts and documents in review or approved (not ``published()``), withdrawn
documents (they leave the index on withdrawal), the screening keywords of negative-list entries
(an internal aid for staff), and review notes or screening results of any document.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from disclosure.documents import normalize_doc_number
from disclosure.models import (
    Attachment,
    CatalogItem,
    Document,
    DocumentPassage,
    NegativeListEntry,
    Validity,
)
from disclosure.screening import html_to_text
from portal.search import registry
from portal.search.registry import IndexDefinition, SearchFields

# Extracted attachment text is indexed up to this many characters per document: enough for
# the text of any normal annex, while a 500-page scanned report cannot stall the index.
ATTACHMENT_TEXT_LIMIT = 50_000
# The part of a document number from the year on: 〔2016〕81号 of 丽委办发〔2016〕81号.
_YEAR_MARK = "〔"


def doc_number_terms(doc_number: str) -> tuple[str, ...]:
    key = normalize_doc_number(doc_number)
    if not key:
        return ()
    year_at = key.find(_YEAR_MARK)
    return (key, key[year_at:]) if year_at > 0 else (key,)


class DocumentIndex(IndexDefinition[Document]):
    key = "document"
    label = _("Documents")
    model = Document
    facet_labels = {"validity": dict(Validity.choices)}

    def queryset_to_index(self) -> QuerySet[Document]:
        attachments = Attachment.objects.only(
            "id", "document_id", "title", "original_name", "text", "text_source", "order"
        )
        return (
            Document.objects.published()
            .with_metadata()
            .prefetch_related("co_issuers", Prefetch("attachments", queryset=attachments))
        )

    def to_fields(self, obj: Document) -> SearchFields:
        attachment_text, room, machine_read = [], ATTACHMENT_TEXT_LIMIT, False
        for attachment in obj.attachments.all():
            if room <= 0:
                break
            piece = f"{attachment}\n{attachment.text}"[:room]
            attachment_text.append(piece)
            room -= len(piece)
            # Text read by OCR from a scan is searched like any other, and labelled.
            machine_read = machine_read or attachment.machine_read
        theme = (obj.theme.parent or obj.theme) if obj.theme else None
        meta = [obj.doc_number, obj.index_number or "", obj.keywords, obj.issuer_names]
        content = [obj.summary, html_to_text(obj.body), *attachment_text]
        return SearchFields(
            title=obj.title,
            url=obj.get_absolute_url(),
            content="\n".join(part for part in content if part),
            meta="\n".join(part for part in meta if part),
            summary=obj.summary,
            exact=(*doc_number_terms(obj.doc_number), obj.index_number or ""),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            theme=theme.name if theme else "",
            genre=obj.genre.name if obj.genre else "",
            validity=obj.validity,
            validity_label=str(obj.get_validity_display()),
            date=obj.date_published,
            machine_read=machine_read,
        )


class DocumentPassageIndex(IndexDefinition[DocumentPassage]):
    """The articles and items of published documents (``disclosure.passages``), each found on
    its own and linked to its place on the document's page. Listed in a search only when the
    type is chosen (the document itself is listed); the policy Q&A assistant searches them."""

    key = "passage"
    label = _("Articles of documents")
    model = DocumentPassage
    facet_labels = {"validity": dict(Validity.choices)}
    listed_by_default = False

    def queryset_to_index(self) -> QuerySet[DocumentPassage]:
        return DocumentPassage.objects.searchable().select_related(
            "document__agency", "document__theme__parent", "document__genre"
        )

    def to_fields(self, obj: DocumentPassage) -> SearchFields:
        document = obj.document
        theme = (document.theme.parent or document.theme) if document.theme else None
        title = f"{document.title} {obj.citation}".strip()
        return SearchFields(
            title=title,
            url=obj.get_absolute_url(),
            content=obj.text,
            # The headings it stands under: 三、推进基层政务公开 for the items of that part.
            meta="\n".join(part for part in (obj.context, obj.heading) if part),
            agency=document.agency.code,
            agency_name=document.agency.name,
            theme=theme.name if theme else "",
            genre=document.genre.name if document.genre else "",
            validity=document.validity,
            validity_label=str(document.get_validity_display()),
            date=document.date_published,
        )


class CatalogItemIndex(IndexDefinition[CatalogItem]):
    key = "catalog_item"
    label = _("Catalog items")
    model = CatalogItem

    def queryset_to_index(self) -> QuerySet[CatalogItem]:
        return CatalogItem.objects.select_related("agency", "domain")

    def url(self, obj: CatalogItem) -> str:
        path = reverse("disclosure:catalog_agency", kwargs={"code": obj.agency.code})
        return f"{path}#domain-{obj.domain.slug}"

    def to_fields(self, obj: CatalogItem) -> SearchFields:
        content = [
            obj.content,
            obj.legal_basis,
            obj.time_limit,
            obj.responsible,
            "、".join(obj.channel_labels()),
        ]
        return SearchFields(
            title=str(obj),
            url=self.url(obj),
            content="\n".join(part for part in content if part),
            meta=obj.domain.name,
            agency=obj.agency.code,
            agency_name=obj.agency.name,
        )


class NegativeListEntryIndex(IndexDefinition[NegativeListEntry]):
    key = "negative_list"
    label = _("Negative list")
    model = NegativeListEntry

    def queryset_to_index(self) -> QuerySet[NegativeListEntry]:
        # The screening keywords are for staff only: never read, never indexed.
        return NegativeListEntry.objects.in_force().select_related("agency").defer("keywords")

    def url(self, obj: NegativeListEntry) -> str:
        return reverse("disclosure:negative_list_agency", kwargs={"code": obj.agency.code})

    def to_fields(self, obj: NegativeListEntry) -> SearchFields:
        content = [
            obj.matter,
            str(obj.get_category_display()),
            str(obj.get_legal_ground_display()),
            obj.basis,
        ]
        return SearchFields(
            title=obj.matter if len(obj.matter) <= 80 else f"{obj.matter[:80]}…",
            url=self.url(obj),
            content="\n".join(content),
            agency=obj.agency.code,
            agency_name=obj.agency.name,
            date=obj.effective_date,
        )


def register() -> None:
    registry.register(DocumentIndex())
    registry.register(DocumentPassageIndex())
    registry.register(CatalogItemIndex())
    registry.register(NegativeListEntryIndex())
