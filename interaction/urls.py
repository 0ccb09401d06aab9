from django.urls import path, register_converter

from interaction import views, views_events


class MessageNumberConverter:
    """``HD2026-000123``: HD, the year and a six-digit (or longer) sequence number."""

    regex = r"HD\d{4}-\d{6,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MessageNumberConverter, "message_number")


app_name = "interaction"

urlpatterns = [
    path("", views.index, name="index"),
    path("write/", views.write, name="write"),
    path("write/done/", views.write_done, name="write_done"),
    path("feedback/<int:document_pk>/", views.write, name="feedback"),
    path("track/", views.track, name="track"),
    path("track/end/", views.track_end, name="track_end"),
    path("track/<message_number:tracking_number>/", views.track_detail, name="track_detail"),
    path("track/<message_number:tracking_number>/rate/", views.rate, name="rate"),
    path("track/<message_number:tracking_number>/reopen/", views.reopen, name="reopen"),
    path("messages/", views.message_list, name="messages"),
    path("messages/<message_number:tracking_number>/", views.message_detail, name="message"),
    path("statistics/", views.statistics_page, name="statistics"),
    # Online interviews and public meetings (interaction.views_events).
    path("interviews/", views_events.interview_list, name="interviews"),
    path("interviews/<int:pk>/", views_events.interview_detail, name="interview"),
    path("interviews/media/<int:pk>/", views_events.interview_media, name="interview_media"),
    path("meetings/", views_events.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", views_events.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/applied/", views_events.meeting_applied, name="meeting_applied"),
    path(
        "meetings/attachments/<int:pk>/",
        views_events.meeting_attachment,
        name="meeting_attachment",
    ),
]
