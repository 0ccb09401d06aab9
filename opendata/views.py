"""Public pages of the open-data catalog: the list of datasets (published ones and the
portal's automatic ones) with filters (theme, publisher with its sub-agencies, format, words),
a dataset's page (metadata, current files with their size and download count, earlier
versions), the counting download addresses, the DCAT JSON-LD of the catalog and of each
dataset, and the portal's terms of use for its data."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from opendata import downloads, drafting, jsonld, registry, selectors
from opendata.models import Distribution, Format
from portal import sites
from portal.paging import page_of
from publishing.models import Status


@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    filters = selectors.ListFilters.from_query(request.GET, site=site)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    automatic = selectors.auto_entries(site=site)
    entries = selectors.catalog(filters, automatic=automatic, site=site)
    context = {
        "filters": filters,
        "query": query,
        "themes": selectors.themes(),
        "publishers": selectors.publishers(automatic, site),
        "formats": Format.values,
        "page": page_of(Paginator(entries, selectors.PER_PAGE), request.GET.get("page")),
    }
    return render(request, "opendata/catalog.html", context)


def _published_dataset(request: HttpRequest, pk: int) -> selectors.Entry | HttpResponseBase:
    """The dataset's entry, or a 301 to the site that shows it (``sites.elsewhere``)."""
    dataset = selectors.published_datasets().filter(pk=pk).first()
    if dataset is None:
        raise Http404(_("No published dataset has this number."))
    if (moved := sites.elsewhere(request, dataset.agency)) is not None:
        return moved
    return selectors.dataset_entry(dataset)


def _auto_dataset(request: HttpRequest, key: str) -> selectors.Entry:
    entry = selectors.auto_dataset_entry(key, site=sites.current_site(request))
    if entry is None:
        raise Http404(_("No dataset has this name."))
    return entry


@require_safe
def dataset_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    entry = _published_dataset(request, pk)
    if isinstance(entry, HttpResponseBase):
        return entry
    return render(request, "opendata/dataset_detail.html", {"entry": entry})


@require_safe
def auto_dataset_detail(request: HttpRequest, key: str) -> HttpResponse:
    entry = _auto_dataset(request, key)
    return render(request, "opendata/dataset_detail.html", {"entry": entry})


def _jsonld(document: dict) -> HttpResponse:
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1), content_type=jsonld.MEDIA_TYPE
    )


@require_safe
def catalog_jsonld(request: HttpRequest) -> HttpResponse:
    entries = selectors.catalog(site=sites.current_site(request))
    return _jsonld(jsonld.catalog_document(request, entries))


@require_safe
def dataset_jsonld(request: HttpRequest, pk: int) -> HttpResponseBase:
    entry = _published_dataset(request, pk)
    if isinstance(entry, HttpResponseBase):
        return entry
    return _jsonld(jsonld.dataset_document(request, entry))


@require_safe
def auto_dataset_jsonld(request: HttpRequest, key: str) -> HttpResponse:
    return _jsonld(jsonld.dataset_document(request, _auto_dataset(request, key)))


# Downloads are counted: never answered from a cache (the page cache stores 200s only; this
# tells proxies too), and only a GET is one (a link checker's HEAD is refused).
@never_cache
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A distribution of a released version: counted, then the file, or a redirect to the
    portal's export it links to."""
    distribution = get_object_or_404(
        Distribution.objects.filter(
            version_record__status=Status.PUBLISHED,
            version_record__dataset__status=Status.PUBLISHED,
        ),
        pk=pk,
    )
    if distribution.link:
        # Checked again when served: only ever a redirect to one of the portal's exports.
        if drafting.link_problem(distribution.link) is not None:
            raise Http404
        downloads.distribution_downloaded(distribution=distribution)
        return HttpResponseRedirect(distribution.link)
    try:
        handle = distribution.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    downloads.distribution_downloaded(distribution=distribution)
    # The original (Chinese) name as RFC 5987 filename*=; the stored file has a generated one.
    return FileResponse(
        handle,
        as_attachment=True,
        filename=distribution.original_name or f"data.{distribution.format.lower()}",
        content_type=distribution.media_type,
    )


@never_cache
@require_GET
def auto_download(request: HttpRequest, key: str, fmt: str) -> HttpResponseRedirect:
    """A distribution of an automatic dataset: counted, then a redirect to the export."""
    dataset = registry.get(key)
    fmt = fmt.upper()
    export = next(
        (e for e in (dataset.distributions if dataset else ()) if e.format.upper() == fmt), None
    )
    if dataset is None or export is None:
        raise Http404
    target = reverse(export.url_name, kwargs=export.kwargs)
    downloads.auto_downloaded(dataset_key=dataset.key, fmt=fmt)
    return HttpResponseRedirect(target)


@require_safe
def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/terms.html")
