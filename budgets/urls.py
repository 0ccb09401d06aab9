from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
]
