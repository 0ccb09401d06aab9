"""The public API, version 1, under /api/v1/ (Django REST framework).

Only search so far; each endpoint's view and serializers live with the code they expose.
"""

from django.urls import path

from portal.search.api import SearchView

app_name = "api"

urlpatterns = [
    path("search/", SearchView.as_view(), name="search"),
]
