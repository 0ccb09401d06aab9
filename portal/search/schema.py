"""The fields of the search index and how an item's ``SearchFields`` become a Whoosh document.

Only ``id`` and ``type`` are stored: a result page reads the items themselves from the database
(through their definition's ``queryset_to_index()``), so that what it shows is current and an
item that stopped being public in the meantime is never shown.
"""

from __future__ import annotations

import re
import unicodedata

from whoosh import fields

from portal.search.analysis import analyzer
from portal.search.registry import SearchFields

# Searched fields and their weights (BM25F field boosts).
TEXT_FIELDS = ("title", "meta", "content")
# Facet fields: stored as columns so that results are grouped without reading documents.
FACETS = ("type", "agency", "theme", "genre", "year", "validity")

_YEAR_BRACKETS = re.compile(r"[\[［【(（〔﹝]\s*(\d{4})\s*[\]］】)）〕﹞]")
_SPACE_OR_COMMA = re.compile(r"[\s,]+")


def build_schema() -> fields.Schema:
    chinese = analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        type=fields.ID(stored=True, sortable=True),
        title=fields.TEXT(analyzer=chinese, field_boost=3.0),
        meta=fields.TEXT(analyzer=chinese, field_boost=1.5),
        content=fields.TEXT(analyzer=chinese),
        exact=fields.KEYWORD(commas=True, lowercase=False),
        agency=fields.ID(sortable=True),
        # The agency's treebeard path, for site scoping (``SearchParams.site_path``).
        agency_path=fields.ID(sortable=True),
        theme=fields.ID(sortable=True),
        genre=fields.ID(sortable=True),
        year=fields.ID(sortable=True),
        validity=fields.ID(sortable=True),
        # YYYYMMDD; 0 when the item has no date, so that it sorts last by date.
        date=fields.NUMERIC(int, bits=32, sortable=True, default=0),
    )


def exact_term(text: str) -> str:
    """A document or index number as one comparable term: NFKC, brackets round the year
    unified to 〔〕 (as ``disclosure.documents.normalize_doc_number`` does), no spaces or
    commas, lower case. Applied to indexed numbers and to queries alike."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _YEAR_BRACKETS.sub(r"〔\1〕", text)
    return _SPACE_OR_COMMA.sub("", text).lower()


def whoosh_document(
    key: str, type_key: str, item: SearchFields, *, agency_path: str = ""
) -> dict[str, object]:
    exact = [term for term in dict.fromkeys(exact_term(value) for value in item.exact) if term]
    document: dict[str, object] = {
        "id": key,
        "type": type_key,
        "title": item.title,
        "meta": item.meta,
        "content": item.content,
        "date": int(item.date.strftime("%Y%m%d")) if item.date else 0,
    }
    if exact:
        document["exact"] = ",".join(exact)
    facets = {
        "agency": item.agency,
        "agency_path": agency_path,
        "theme": item.theme,
        "genre": item.genre,
        "year": str(item.date.year) if item.date else "",
        "validity": item.validity,
    }
    document.update({name: value for name, value in facets.items() if value})
    return document
