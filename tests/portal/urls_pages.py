"""URLs for tests of the public layout: the portal's own, plus stand-ins for other apps' pages.

The navigation and the header search box appear only for pages that exist; these stand-ins
make them exist without depending on the apps that will provide them.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns


def stand_in(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


disclosure_urls = (
    [
        path("", stand_in, name="catalog"),
        path("negative-list/", stand_in, name="negative_list"),
    ],
    "disclosure",
)
search_urls = ([path("", stand_in, name="page")], "search")

urlpatterns = [
    path("catalog/", include(disclosure_urls)),
    path("search/", include(search_urls)),
    path("forbidden/", forbidden),
    *portal_urlpatterns,
]
