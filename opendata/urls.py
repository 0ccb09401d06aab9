from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("catalog.jsonld", views.catalog_jsonld, name="catalog_jsonld"),
    path("terms/", views.terms, name="terms"),
    path("datasets/<int:pk>/", views.dataset_detail, name="dataset"),
    path("datasets/<int:pk>/dataset.jsonld", views.dataset_jsonld, name="dataset_jsonld"),
    path("auto/<slug:key>/", views.auto_dataset_detail, name="auto_dataset"),
    path("auto/<slug:key>/dataset.jsonld", views.auto_dataset_jsonld, name="auto_dataset_jsonld"),
    path("auto/<slug:key>/download/<str:fmt>/", views.auto_download, name="auto_download"),
    path("download/<int:pk>/", views.download, name="download"),
]
