from django.urls import path

from powers import views

app_name = "powers"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("<int:pk>/", views.item_detail, name="detail"),
]
