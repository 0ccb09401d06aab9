from django.urls import path, register_converter

from requests_app import views


class TrackingNumberConverter:
    """``2026-000123``: the year and a six-digit (or longer) sequence number."""

    regex = r"\d{4}-\d{6,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TrackingNumberConverter, "tracking_number")

app_name = "requests_app"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("track/", views.track, name="track"),
    path("track/end/", views.track_end, name="track_end"),
    path("track/<tracking_number:tracking_number>/", views.track_detail, name="track_detail"),
    path("track/<tracking_number:tracking_number>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "track/<tracking_number:tracking_number>/files/<int:pk>/",
        views.released_file,
        name="released_file",
    ),
    path(
        "track/<tracking_number:tracking_number>/letter.pdf",
        views.letter_pdf,
        name="letter_pdf",
    ),
]
