from django.urls import path

from requests_app import report_views

app_name = "annual_reports"

urlpatterns = [
    path("", report_views.report_list, name="list"),
    # The API (DRF); portal/api.py may mount the same views under /api/v1/ later.
    path("api/", report_views.AnnualReportListAPI.as_view(), name="api_list"),
    path(
        "api/<str:code>/<int:year>/",
        report_views.AnnualReportDetailAPI.as_view(),
        name="api_detail",
    ),
    path("<str:code>/<int:year>/", report_views.report_detail, name="detail"),
    path("<str:code>/<int:year>/report.xlsx", report_views.report_xlsx, name="xlsx"),
    path("<str:code>/<int:year>/report.pdf", report_views.report_pdf, name="pdf"),
]
