from django.urls import path

from decisions import exports, views

app_name = "decisions"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("catalog/<str:code>/<int:year>/", views.catalog_detail, name="catalog"),
    path("catalog/<str:code>/<int:year>/decisions.csv", exports.catalog_csv, name="catalog_csv"),
]
