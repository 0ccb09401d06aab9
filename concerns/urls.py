from django.urls import path

from concerns import views

app_name = "concerns"

urlpatterns = [
    path("", views.response_index, name="index"),
    path("<int:pk>/", views.response_detail, name="detail"),
]
