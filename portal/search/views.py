"""The public search page (/search/)."""

from __future__ import annotations

from dataclasses import replace

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from portal.paging import link, page_of
from portal.search import facets as facets_module
from portal.search import query
from portal.search.schema import FACETS
from portal.sites import current_site

FACET_TITLES = {
    "type": _("Content type"),
    "agency": _("Agency"),
    "theme": _("Theme"),
    "genre": _("Genre"),
    "year": _("Year"),
    "validity": _("Validity"),
}
SORT_LABELS = {"relevance": _("Relevance"), "date": _("Newest first")}


def clean_query(params: query.SearchParams) -> QueryDict:
    """The search as a clean query string: malformed parameters and the defaults dropped."""
    clean = QueryDict(mutable=True)
    if params.q:
        clean["q"] = params.q
    for name, value in params.filters().items():
        clean[name] = value
    if params.sort != query.SORTS[0]:
        clean["sort"] = params.sort
    return clean


def _page(results: query.SearchResults) -> Page:
    """Page navigation for the result count (the hits themselves come from the search)."""
    return page_of(Paginator(range(results.total), results.per_page), results.page)


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    params = replace(query.parse_params(request.GET), site_path=current_site(request).root_path)
    results = query.search(params)
    base = clean_query(params)
    facets = []
    for name in FACETS:
        options = results.facets.get(name, [])
        for option in options:
            option.url = link(base, **{name: None if option.selected else option.value})
        if options:
            facets.append({"name": name, "title": FACET_TITLES[name], "options": options})
    labels = {
        name: {option.value: option.label for option in results.facets.get(name, [])}
        for name in FACETS
    }
    active_filters = [
        {
            "title": FACET_TITLES[name],
            "value": labels[name].get(value) or facets_module.label_for(name, value),
            "remove_url": link(base, **{name: None}),
        }
        for name, value in params.filters().items()
    ]
    context = {
        "params": params,
        "results": results,
        "query": base,
        "page": _page(results),
        "facets": facets,
        "active_filters": active_filters,
        "clear_filters_url": link(QueryDict(mutable=True), q=params.q) if params.q else "?",
        "sorts": [
            {"label": label, "url": link(base, sort=value), "current": value == params.sort}
            for value, label in SORT_LABELS.items()
        ],
        # Each word alone, as suggestions when all of them together find nothing.
        "word_links": [
            {"word": word, "url": link(QueryDict(mutable=True), q=word)} for word in results.words
        ]
        if len(results.words) > 1
        else [],
        "catalog_url": _url_or_none("disclosure:catalog"),
        "request_url": _url_or_none("requests_app:apply"),
    }
    return render(request, "search/page.html", context)
