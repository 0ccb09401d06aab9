"""Public pages of the annual reports: the list and one report, with its downloads.

Only published reports are public, and they show the tables frozen at publication.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination

from portal import columns, sites
from portal.api_cache import PublicListAPIView
from portal.models import Agency
from reports import output, publishing
from reports.models import AnnualReport
from requests_app.letters import PdfUnavailable

PAGE_SIZE = 30


def _published(code: str, year: int) -> AnnualReport:
    return get_object_or_404(publishing.published_reports(), agency__code=code, year=year)


def _filename(report: AnnualReport, suffix: str) -> str:
    return f"annual-report-{report.agency.code}-{report.year}.{suffix}"


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    reports = sites.scope(publishing.published_reports(), site).order_by("-year", "agency__path")
    agency_code = request.GET.get("agency", "").strip()
    year = request.GET.get("year", "").strip()
    filters = {}
    if agency_code:
        reports = reports.filter(agency__code=agency_code)
        filters["agency"] = agency_code
    if year.isdigit():
        reports = reports.filter(year=int(year))
        filters["year"] = year
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    query = f"{urlencode(filters)}&" if filters else ""
    # Citizens choose an agency by its name; the address keeps the code (?agency=…), so links
    # from the agencies' columns and older bookmarks still work.
    agencies = list(sites.scope(publishing.agencies_with_reports(), site, field=""))
    context = {
        "reports": page.object_list,
        "page_obj": page,
        "agency_code": agency_code,
        "agencies": agencies,
        "agency": next((agency for agency in agencies if agency.code == agency_code), None),
        "years": publishing.years_with_reports(),
        "year": int(year) if year.isdigit() else None,
        "query": query,
    }
    return render(request, "reports/list.html", context)


@require_GET
def agency_reports(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开年报 of one agency: its published reports by year, newest first."""
    agency = sites.agency_or_404(request, Agency.objects.active(), code=code)
    context = {
        **columns.column_context(agency, "reports"),
        "reports": list(publishing.published_reports().filter(agency=agency).order_by("-year")),
    }
    return render(request, "reports/agency_reports.html", context)


@require_GET
def report_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    report = _published(code, year)
    if (moved := sites.elsewhere(request, report.agency)) is not None:
        return moved
    tables = publishing.report_tables(report)
    return render(request, "reports/detail.html", output.context(tables, report))


@require_GET
def report_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    report = _published(code, year)
    response = HttpResponse(
        output.render_xlsx(publishing.report_tables(report), report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response


@require_GET
def report_pdf(request: HttpRequest, code: str, year: int) -> HttpResponse:
    report = _published(code, year)
    try:
        pdf = output.render_pdf(publishing.report_tables(report), report)
    except PdfUnavailable as error:
        raise Http404(str(error)) from error
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(report, "pdf")}"'
    return response


# --- API (DRF): the published reports as data ------------------------------------------------


class AnnualReportSerializer(serializers.ModelSerializer):
    agency_code = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    title = serializers.CharField(source="__str__")
    url = serializers.SerializerMethodField()

    class Meta:
        model = AnnualReport
        fields = ["agency_code", "agency_name", "year", "title", "published_at", "url"]

    def get_url(self, report: AnnualReport) -> str:
        request = self.context.get("request")
        url = report.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url


class AnnualReportDetailSerializer(AnnualReportSerializer):
    sections = serializers.SerializerMethodField()
    tables = serializers.SerializerMethodField()

    class Meta(AnnualReportSerializer.Meta):
        fields = [*AnnualReportSerializer.Meta.fields, "sections", "tables"]

    def get_sections(self, report: AnnualReport) -> dict[str, str]:
        return {
            "overview": report.section_overview,
            "problems": report.section_problems,
            "other": report.section_other,
        }

    def get_tables(self, report: AnnualReport) -> dict:
        return publishing.report_tables(report)


class ReportPagination(PageNumberPagination):
    page_size = PAGE_SIZE


class AnnualReportListAPI(PublicListAPIView[AnnualReport]):
    """GET …/api/?agency=CODE&year=YYYY : published reports, newest first."""

    serializer_class = AnnualReportSerializer
    pagination_class = ReportPagination
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[AnnualReport]:
        reports = publishing.published_reports().order_by("-year", "agency__path")
        agency = self.request.query_params.get("agency", "").strip()
        year = self.request.query_params.get("year", "").strip()
        if agency:
            reports = reports.filter(agency__code=agency)
        if year.isdigit():
            reports = reports.filter(year=int(year))
        return reports


class AnnualReportDetailAPI(generics.RetrieveAPIView[AnnualReport]):
    """GET …/api/<code>/<year>/ : one published report with its sections and frozen tables."""

    serializer_class = AnnualReportDetailSerializer
    filter_backends: list = []

    def get_object(self) -> AnnualReport:
        return _published(self.kwargs["code"], self.kwargs["year"])
