"""Proactive disclosure (主动公开): documents with their catalog metadata, the taxonomies they
are filed under, the standard catalogs and the negative list (domain-spec sections 2 and 3).

The models live in submodules by what they hold; every name is re-exported here, so
``from disclosure.models import Document`` and the migrations' references
(``disclosure.models._attachment_path``) keep working. ``HistoricalNegativeListEntry`` is
the model django-simple-history creates, in app ``disclosure``, when ``NegativeListEntry`` is
defined.
"""

from disclosure.models.catalog import (
    DEFAULT_TIME_LIMIT,
    Audience,
    CatalogDomain,
    CatalogItem,
    CatalogItemQuerySet,
    CatalogMode,
    Channel,
)
from disclosure.models.documents import (
    Attachment,
    DisclosureAttribute,
    Document,
    DocumentEvent,
    DocumentQuerySet,
    IndexSequence,
    PublicationDuty,
    Scope,
    StatutoryCategory,
    TextSource,
    TextStatus,
    Validity,
    _attachment_path,
)
from disclosure.models.imports import ImportBatch
from disclosure.models.negative_list import (  # type: ignore[attr-defined]  # simple-history's
    HistoricalNegativeListEntry,
    LegalGround,
    NegativeCategory,
    NegativeListEntry,
    NegativeListEntryQuerySet,
)
from disclosure.models.passages import DocumentPassage, DocumentPassageQuerySet, PassageKind
from disclosure.models.placements import DocumentPlacement
from disclosure.models.screening import ScreeningHit, ScreeningRun
from disclosure.models.taxonomy import Genre, Theme

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "Attachment",
    "Audience",
    "CatalogDomain",
    "CatalogItem",
    "CatalogItemQuerySet",
    "CatalogMode",
    "Channel",
    "DisclosureAttribute",
    "Document",
    "DocumentEvent",
    "DocumentPassage",
    "DocumentPassageQuerySet",
    "DocumentPlacement",
    "DocumentQuerySet",
    "Genre",
    "HistoricalNegativeListEntry",
    "ImportBatch",
    "IndexSequence",
    "LegalGround",
    "NegativeCategory",
    "NegativeListEntry",
    "NegativeListEntryQuerySet",
    "PassageKind",
    "PublicationDuty",
    "Scope",
    "ScreeningHit",
    "ScreeningRun",
    "StatutoryCategory",
    "TextSource",
    "TextStatus",
    "Theme",
    "Validity",
    "_attachment_path",
]
