from django.contrib import admin
from django.urls import include, path

from portal import views

app_urls = (
    [
        path("", views.home, name="home"),
        path("agencies/", views.agency_directory, name="agency_directory"),
        path("agencies/<str:code>/", views.agency_column, name="agency_column"),
        path("display/text-size/", views.text_size, name="text_size"),
        path("healthz", views.health, name="health"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(app_urls)),
    path("disclosure/", include("disclosure.urls")),
    path("requests/", include("requests_app.urls")),
    path("reports/", include("requests_app.report_urls")),
    path("interpretation/", include("interpretation.urls")),
    path("search/", include("portal.search.urls")),
    path("api/v1/", include("portal.api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
# Uploaded files are never served from MEDIA_ROOT directly, not even under DEBUG: attachments
# and applicants' files go through views that check their document or request first.
