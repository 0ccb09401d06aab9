from django.contrib import admin
from django.urls import path

from policies import views_assistant

app_name = "policies_assistant"

urlpatterns = [
    path("", views_assistant.ask, name="ask"),
    # In the back office: the admin's sign-in (with its second factor) guards it.
    path("report/", admin.site.admin_view(views_assistant.report), name="report"),
]
