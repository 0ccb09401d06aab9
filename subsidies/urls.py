from django.urls import path

from subsidies import exports, views

app_name = "subsidies"

urlpatterns = [
    path("", views.list_index, name="index"),
    path("<int:pk>/", views.list_detail, name="detail"),
    path("<int:pk>/rows.<str:fmt>", exports.rows_export, name="rows_export"),
]
