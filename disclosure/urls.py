from django.urls import path

from disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("agency/<str:code>/", views.catalog_agency, name="catalog_agency"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("normative/", views.normative, name="normative"),
    path("negative-list/", views.negative_list, name="negative_list"),
    path("negative-list/<str:code>/", views.negative_list, name="negative_list_agency"),
]
