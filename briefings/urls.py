from django.urls import path

from briefings import views

app_name = "briefings"

urlpatterns = [
    path("", views.conference_list, name="list"),
    path("<int:pk>/", views.conference_detail, name="detail"),
    path("media/<int:pk>/", views.media, name="media"),
]
