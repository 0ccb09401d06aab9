"""The portal's URL patterns plus ``/bench/hello/``: a plain "hello" through the portal's whole
middleware, the ceiling a page's throughput is measured against (``bench/throughput.py``), and
``/bench/bare-catalog/``: the catalog's rows of a page in the site's layout with nothing else
(no filters, facets or paging), which the catalog list is measured against
(``bench/disclosure_catalog.py``)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache

from disclosure.models import Document
from portal import urls as portal_urls
from publishing.models import Status


# Not from the page cache (never_cache marks it no-store): the ceiling is the middleware and a
# view that does nothing, the same with the page cache on or off.
@never_cache
def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


@never_cache
def bare_catalog(request: HttpRequest) -> HttpResponse:
    """The same 20 rows as the catalog's list page (same order, same page), the same layout."""
    page = int(request.GET.get("page", "1"))
    rows = (
        Document.objects.filter(status=Status.PUBLISHED)
        .select_related("agency")
        .only("title", "index_number", "doc_number", "date_published", "validity", "agency__name")
        .order_by("-date_published", "-id")[(page - 1) * 20 : page * 20]
    )
    return render(request, "bare_catalog.html", {"rows": rows})


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/bare-catalog/", bare_catalog),
    *portal_urls.urlpatterns,
]
