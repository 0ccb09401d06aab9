from django.urls import path

from interaction import views_events

app_name = "interaction"

urlpatterns = [
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
