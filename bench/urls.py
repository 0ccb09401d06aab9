"""The portal's URL patterns plus ``/bench/hello/``: a plain "hello" through the portal's whole
middleware, the ceiling a page's throughput is measured against (``bench/throughput.py``)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from portal import urls as portal_urls


# Not from the page cache (never_cache marks it no-store): the ceiling is the middleware and a
# view that does nothing, the same with the page cache on or off.
@never_cache
def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *portal_urls.urlpatterns]
