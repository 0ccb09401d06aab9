from django.urls import path

from newmedia import views

app_name = "newmedia"

urlpatterns = [
    path("", views.account_list, name="list"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/qr/", views.account_qr, name="qr"),
]
