from django.urls import path

from reports import views

app_name = "annual_reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    # The API (DRF); portal/api.py may mount the same views under /api/v1/ later.
    path("api/", views.AnnualReportListAPI.as_view(), name="api_list"),
    path(
        "api/<str:code>/<int:year>/",
        views.AnnualReportDetailAPI.as_view(),
        name="api_detail",
    ),
    path("<str:code>/<int:year>/", views.report_detail, name="detail"),
    path("<str:code>/<int:year>/report.xlsx", views.report_xlsx, name="xlsx"),
    path("<str:code>/<int:year>/report.pdf", views.report_pdf, name="pdf"),
]
