"""Public pages of proactive disclosure (主动公开): the catalog, an agency's catalog, the document
page and its attachments, the normative documents and the negative list.

Every read goes through ``disclosure.selectors``, which only ever returns published records (and
withdrawn documents for their notice), so nothing unpublished has a public address.
"""

from __future__ import annotations

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
)
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from disclosure import columns, document_notes, paragraphs, passages, selectors
from disclosure.models import StatutoryCategory, Validity
from portal import columns as portal_columns
from portal import page_cache, sites
from portal.models import Agency
from portal.paging import link, list_page
from portal.qrcodes import absolute_url, qr_svg
from publishing.models import Status

NEGATIVE_LIST_PER_PAGE = 50


def _set_urls(options: list[selectors.FacetOption], query: QueryDict, name: str) -> None:
    for option in options:
        option.url = link(query, **{name: option.value})
        _set_urls(option.children, query, name)


def _active_filters(filters: selectors.CatalogFilters, query: QueryDict) -> list[dict]:
    """The filters in force, each with the address that drops it."""
    shown = [
        ("agency", _("Issuing agency"), filters.agency),
        ("item", _("Catalog item"), filters.item),
        ("domain", _("Domain"), filters.domain),
        ("theme", _("Theme"), filters.theme),
        ("genre", _("Genre"), filters.genre),
        ("year", _("Year published"), filters.year),
        ("validity", _("Validity"), Validity(filters.validity).label if filters.validity else ""),
        (
            "art20",
            _("Category under Art 20"),
            StatutoryCategory(filters.category).label if filters.category else "",
        ),
        ("historical", _("Provenance"), _("Historical documents") if filters.historical else ""),
    ]
    return [
        {"name": label, "value": value, "remove_url": link(query, **{key: None})}
        for key, label, value in shown
        if value
    ]


@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    filters = selectors.parse_catalog_filters(request.GET, site=sites.current_site(request))
    per_page = selectors.per_page_from(request.GET)
    query = filters.query(per_page)
    facets = selectors.catalog_facets(filters)
    context = {
        "filters": filters,
        "active_filters": _active_filters(filters, query),
        "query": query,
        "facets_html": _facets_html(filters, query, facets),
        "page": list_page(
            request, selectors.catalog_documents(filters), per_page, count=facets.total
        ),
        "per_page_links": _per_page_links(query, per_page),
    }
    return render(request, "disclosure/catalog.html", context)


def _facets_html(
    filters: selectors.CatalogFilters, query: QueryDict, facets: selectors.CatalogFacets
) -> str:
    """The navigation beside the catalog, as HTML: rendering a few hundred linked options costs
    more than the rest of the page, and it is the same for every page of one filter combination
    and language, so it is kept like the counts it shows (until the public content changes)."""

    def render_aside() -> str:
        validities = [
            selectors.FacetOption(str(label), value, None, value == filters.validity)
            for value, label in Validity.choices
        ]
        for name, options in [
            ("agency", facets.agencies),
            ("theme", facets.themes),
            ("domain", facets.domains),
            ("genre", facets.genres),
            ("year", facets.years),
            ("validity", validities),
        ]:
            _set_urls(options, query, name)
        # 历史文件: shown where there are any (or the filter is on).
        historical = (
            [
                selectors.FacetOption(
                    str(_("Historical documents")), "1", facets.historical, filters.historical
                )
            ]
            if facets.historical or filters.historical
            else []
        )
        for option in historical:
            option.url = link(query, historical=None if option.selected else "1")
        context = {"facets": facets, "validities": validities, "historical": historical}
        return render_to_string("disclosure/includes/catalog_facets.html", context)

    return page_cache.until_changed(
        f"catalog-aside:{get_language()}:{filters.site_path}:{query.urlencode()}",
        render_aside,
        timeout=selectors.FACET_CACHE_SECONDS,
    )


def _per_page_links(query: QueryDict, per_page: int) -> list[dict]:
    return [
        {"number": number, "url": link(query, per_page=number), "current": number == per_page}
        for number in selectors.PER_PAGE_CHOICES
    ]


@require_GET
def catalog_agency(request: HttpRequest, code: str) -> HttpResponse:
    # Abolished agencies keep their catalog: what they published stays on the record.
    agency = sites.agency_or_404(request, Agency.objects.all(), code=code)
    context = {
        "agency": agency,
        "entries": selectors.agency_catalog(agency),
        "latest": selectors.latest_documents(agency=agency, limit=10),
    }
    return render(request, "disclosure/catalog_agency.html", context)


@require_GET
def agency_rules(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开制度: the rules on disclosure the agency follows."""
    agency = sites.agency_or_404(request, Agency.objects.active(), code=code)
    documents = selectors.disclosure_rules(agency)
    # The rules of the agencies above bind it too; on a county's site they are the city's and
    # the province's, linked where those sites show them.
    sites.link_where_shown(request, documents)
    context = {**portal_columns.column_context(agency, "rules"), "documents": documents}
    return render(request, "disclosure/agency_rules.html", context)


@require_GET
def agency_statutory(request: HttpRequest, code: str) -> HttpResponse:
    """法定主动公开内容: the Art 20 categories with their counts, each linked to its documents."""
    agency = sites.agency_or_404(request, Agency.objects.active(), code=code)
    context = {
        **portal_columns.column_context(agency, "statutory"),
        "section": columns.art20_section(request, agency),
    }
    return render(request, "disclosure/agency_statutory.html", context)


@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(selectors.public_documents(), pk=pk)
    # Another site's document: to its own site's host (its old address keeps working), unless
    # it was placed (转载) on this site.
    site = sites.current_site(request)
    placed_here = (
        not site.contains(document.agency)
        and site.pk is not None
        and document.placements.filter(site_id=site.pk).exists()
    )
    if not placed_here and (moved := sites.elsewhere(request, document.agency)) is not None:
        return moved
    # A withdrawn document keeps its address, so links to it do not break, but shows only
    # that it was withdrawn and why: no body, no summary, no attachments.
    withdrawn = document.status == Status.WITHDRAWN
    context = {
        "document": document,
        "attachments": [] if withdrawn else list(document.attachments.all()),
        "replaces": [] if withdrawn else list(selectors.replaced_documents(document)),
        "withdrawn": withdrawn,
        "preview": False,
        "body_html": ""
        if withdrawn
        else passages.anchored_body_html(
            paragraphs.body_html(document.body), list(document.passages.all())
        ),
    }
    if not withdrawn:
        page_url = absolute_url(request, document.get_absolute_url())
        # Where else it appears (the gazette issues that printed it), from the apps above.
        context.update(
            page_url=page_url,
            qr_svg=qr_svg(page_url),
            notes=document_notes.notes_for(request, document),
        )
    response = render(request, "disclosure/document_detail.html", context)
    if withdrawn:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = get_object_or_404(
        selectors.published_attachments().select_related("document__agency"), pk=pk
    )
    if (moved := sites.elsewhere(request, attachment.document.agency)) is not None:
        return moved
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    # FileResponse writes the original (Chinese) name as RFC 5987 filename*=utf-8''...,
    # with an ASCII fallback; the stored file itself has a generated name.
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@require_GET
def normative(request: HttpRequest) -> HttpResponse:
    """Normative documents (规范性文件), each marked with its validity (统一标注有效性)."""
    site = sites.current_site(request)
    filters = selectors.parse_catalog_filters(
        {name: request.GET.get(name, "") for name in ("agency", "validity")}, site=site
    )
    per_page = selectors.per_page_from(request.GET)
    query = filters.query(per_page)
    documents = sites.scope(selectors.normative_documents(agency=filters.agency), site)
    counts = selectors.validity_counts(documents)
    tabs = [
        {
            "label": _("All"),
            "count": sum(counts.values()),
            "url": link(query, validity=None),
            "current": not filters.validity,
        },
        *(
            {
                "label": label,
                "count": counts.get(value, 0),
                "url": link(query, validity=value),
                "current": value == filters.validity,
            }
            for value, label in Validity.choices
        ),
    ]
    context = {
        "filters": filters,
        "query": query,
        "tabs": tabs,
        "agency_remove_url": link(query, agency=None),
        "page": list_page(request, filters.apply(documents, skip="agency"), per_page),
        "per_page_links": _per_page_links(query, per_page),
    }
    return render(request, "disclosure/normative_list.html", context)


@require_GET
def negative_list(request: HttpRequest, code: str | None = None) -> HttpResponse:
    site = sites.current_site(request)
    agency = (
        sites.agency_or_404(request, Agency.objects.all(), code=code) if code is not None else None
    )
    per_page = selectors.per_page_from(request.GET, default=NEGATIVE_LIST_PER_PAGE)
    query = QueryDict(mutable=True)
    if per_page != NEGATIVE_LIST_PER_PAGE:
        query["per_page"] = str(per_page)
    context = {
        "agency": agency,
        "query": query,
        "page": list_page(
            request, sites.scope(selectors.negative_list_entries(agency=agency), site), per_page
        ),
        "per_page_links": _per_page_links(query, per_page),
        "agencies": list(sites.scope(selectors.agencies_with_negative_lists(), site, field=""))
        if agency is None
        else [],
    }
    return render(request, "disclosure/negative_list.html", context)
