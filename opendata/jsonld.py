"""The catalog as DCAT in JSON-LD (``application/ld+json``): the whole catalog as a
``dcat:Catalog`` with its ``dcat:dataset`` entries, and each dataset on its own.

Terms are written as compact IRIs (``dct:title``) with the prefixes in an inline ``@context``
(dcat, dct, foaf, vcard, skos, adms, xsd), so that any JSON-LD processor expands them without
fetching anything. Vocabularies follow DCAT-AP: the EU frequency, file-type and data-theme URIs;
the publisher a ``foaf:Organization``, the contact point a ``vcard:Organization`` (an office,
never a person). A dataset's earlier released versions are ``dcat:Dataset`` nodes of their own
under ``dcat:hasVersion``, each with its distributions, so older data stays findable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from opendata.models import EU_FILE_TYPE
from opendata.selectors import Entry, EntryDistribution, EntryVersion
from portal import sites
from portal.models import Agency
from portal.qrcodes import absolute_url

MEDIA_TYPE = "application/ld+json"
LANGUAGE = "zh-Hans"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "adms": "http://www.w3.org/ns/adms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


def _text(value: str) -> dict[str, str]:
    return {"@value": value, "@language": LANGUAGE}


def _date(value: dt.date | dt.datetime | None) -> dict[str, str] | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return {"@value": timezone.localtime(value).isoformat(), "@type": "xsd:dateTime"}
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _clean(node: dict[str, Any]) -> dict[str, Any]:
    """Without empty values (JSON-LD would drop a null anyway; an empty string is a value)."""
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}


def _organization(request: HttpRequest, agency: Agency | None) -> dict[str, Any] | None:
    if agency is None:
        return None
    return {
        "@id": absolute_url(request, agency.get_absolute_url()),
        "@type": "foaf:Organization",
        "foaf:name": _text(agency.name),
    }


def _contact(entry: Entry) -> dict[str, Any] | None:
    if not entry.contact_name:
        return None
    return _clean({
        "@type": "vcard:Organization",
        "vcard:fn": _text(entry.contact_name),
        "vcard:hasEmail": {"@id": f"mailto:{entry.contact_email}"} if entry.contact_email else None,
        "vcard:hasTelephone": (
            {"@id": "tel:" + "".join(c for c in entry.contact_phone if c.isdigit() or c in "+-")}
            if entry.contact_phone else None
        ),
    })  # fmt: skip


def _distribution(
    request: HttpRequest, entry: Entry, item: EntryDistribution, issued: dt.date | None
) -> dict[str, Any]:
    download = absolute_url(request, item.download_url)
    return _clean({
        "@id": download,
        "@type": "dcat:Distribution",
        "dct:title": _text(item.title),
        "dct:format": {"@id": EU_FILE_TYPE + item.format},
        "dcat:mediaType": {"@id": IANA_MEDIA_TYPES + item.media_type},
        "dcat:byteSize": (
            {"@value": str(item.byte_size), "@type": "xsd:nonNegativeInteger"}
            if item.byte_size else None
        ),
        "dcat:downloadURL": {"@id": download},
        "dcat:accessURL": {"@id": absolute_url(request, item.access_url)},
        "dct:license": {"@id": _licence(request, entry)},
        "dct:issued": _date(issued),
    })  # fmt: skip


def _licence(request: HttpRequest, entry: Entry) -> str:
    url = entry.licence_url
    return url if url.startswith("http") else absolute_url(request, url)


def _version(request: HttpRequest, entry: Entry, version: EntryVersion) -> dict[str, Any]:
    return _clean({
        "@id": absolute_url(request, entry.url) + f"#{version.anchor}",
        "@type": "dcat:Dataset",
        "dct:title": _text(f"{entry.title} {version.version}"),
        "dcat:version": version.version,
        "adms:versionNotes": _text(version.change_note) if version.change_note else None,
        "dct:issued": _date(version.released_on),
        "dcat:distribution": [
            _distribution(request, entry, d, version.released_on) for d in version.distributions
        ],
    })  # fmt: skip


def dataset_node(request: HttpRequest, entry: Entry) -> dict[str, Any]:
    page = absolute_url(request, entry.url)
    themes: list[dict[str, Any]] = []
    if entry.theme is not None:
        themes = [
            {"@id": entry.theme.eu_theme_uri},
            {
                "@id": absolute_url(request, reverse("opendata:catalog"))
                + f"?theme={entry.theme.code}",
                "@type": "skos:Concept",
                "skos:prefLabel": _text(entry.theme.name),
            },
        ]
    current = entry.current_version
    temporal = _clean({
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": _date(entry.temporal_start),
        "dcat:endDate": _date(entry.temporal_end),
    }) if entry.temporal_start or entry.temporal_end else None  # fmt: skip
    issued = current.released_on if current else entry.modified_date
    return _clean({
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:identifier": entry.identifier,
        "dct:title": _text(entry.title),
        "dct:description": _text(entry.description),
        "dcat:keyword": [_text(word) for word in entry.keywords],
        "dcat:theme": themes,
        "dct:publisher": _organization(request, entry.publisher),
        "dcat:contactPoint": _contact(entry),
        "dct:accrualPeriodicity": {"@id": entry.periodicity_uri},
        "dct:issued": _date(entry.issued),
        "dct:modified": _date(entry.modified),
        "dct:temporal": temporal,
        "dct:spatial": (
            {"@type": "dct:Location", "skos:prefLabel": _text(entry.spatial)}
            if entry.spatial else None
        ),
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ZHO"},
        "dcat:landingPage": {"@id": page},
        "dcat:version": current.version if current else None,
        "dcat:distribution": [
            _distribution(request, entry, d, issued) for d in entry.distributions
        ],
        "dcat:hasVersion": [_version(request, entry, v) for v in entry.versions[1:]],
    })  # fmt: skip


def catalog_document(request: HttpRequest, entries: list[Entry]) -> dict[str, Any]:
    """The request's site's catalog: its name, and its root agency as the publisher."""
    site = sites.current_site(request)
    modified = max((e.sort_key[0] for e in entries if e.modified is not None), default=None)
    return _clean({
        "@context": CONTEXT,
        "@id": absolute_url(request, reverse("opendata:catalog_jsonld")),
        "@type": "dcat:Catalog",
        "dct:title": _text(f"{site.name}开放数据目录"),
        "dct:description": _text(
            "本门户开放的政府数据集：各机关发布的数据集及门户自动生成的开放数据导出。"
        ),
        "dct:publisher": _organization(request, sites.root_agency(site)),
        "foaf:homepage": {"@id": absolute_url(request, reverse("opendata:catalog"))},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ZHO"},
        "dct:license": {"@id": absolute_url(request, reverse("opendata:terms"))},
        "dct:modified": _date(modified),
        "dcat:dataset": [dataset_node(request, entry) for entry in entries],
    })  # fmt: skip


def dataset_document(request: HttpRequest, entry: Entry) -> dict[str, Any]:
    node = dataset_node(request, entry)
    return {
        "@context": CONTEXT,
        **node,
        "dct:isPartOf": {"@id": absolute_url(request, reverse("opendata:catalog_jsonld"))},
    }
