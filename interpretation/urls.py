from django.urls import path

from interpretation import views

app_name = "interpretation"

urlpatterns = [
    path("", views.interpretation_list, name="list"),
    path("<int:pk>/", views.interpretation_detail, name="detail"),
    path("media/<int:pk>/", views.media, name="media"),
    path("questions/", views.question_list, name="questions"),
    path("questions/<int:pk>/", views.question_detail, name="question"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/thanks/", views.comment_done, name="comment_done"),
    path(
        "consultations/attachments/<int:pk>/",
        views.consultation_attachment,
        name="consultation_attachment",
    ),
]
