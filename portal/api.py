"""The API, version 1, under /api/v1/ (Django REST framework).

Public and read-only, except ``staff/`` (token authentication, scoped per agency). Each
endpoint's views and serializers live with the app whose data they expose; this module only
lists them. The OpenAPI schema is at ``schema/``, with Swagger UI at ``docs/`` and ReDoc at
``redoc/`` (assets from our own static files, drf-spectacular-sidecar). The root, ``/api/v1/``
itself, lists the public list endpoints and links the documentation.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from django.urls import URLPattern, path
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from briefings import api as briefings_api
from budgets import api as budgets_api
from concerns import api as concerns_api
from decisions import api as decisions_api
from disclosure import api as disclosure_api
from enforcement import api as enforcement_api
from enforcement import api_inspections as inspections_api
from gazette import api as gazette_api
from interaction import api as interaction_api
from interaction import api_events as interaction_events_api
from interpretation import api as interpretation_api
from keytasks import api as keytasks_api
from newmedia import api as newmedia_api
from opendata import api as opendata_api
from policies import api as policies_api
from portal.search.api import SearchResponseSerializer, SearchView
from powers import api as powers_api
from proposals import api as proposals_api
from reports import views as report_views
from requests_app import staff_api
from subsidies import api as subsidies_api

app_name = "api"


def only_api_v1(endpoints: list[tuple]) -> list[tuple]:
    """drf-spectacular preprocessing hook: document the /api/v1/ endpoints only."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


# The search view is a plain APIView; its schema (the page's parameters) is declared here.
extend_schema_view(
    get=extend_schema(
        responses=SearchResponseSerializer,
        parameters=[
            OpenApiParameter(name, str, description=description)
            for name, description in [
                ("q", "Search words"),
                ("type", "Record type"),
                ("agency", "Agency code"),
                ("theme", "Theme id"),
                ("genre", "Genre id"),
                ("year", "Year"),
                ("validity", "Validity"),
                ("sort", "relevance or date"),
                ("page", "Page number"),
            ]
        ],
    )
)(SearchView)

_DOCS = ("schema", "swagger-ui", "redoc")


class APIRootSerializer(serializers.Serializer):
    endpoints = serializers.DictField(
        child=serializers.URLField(), help_text="Each public list endpoint, by its path."
    )
    docs = serializers.DictField(
        child=serializers.URLField(), help_text="The OpenAPI schema, Swagger UI and ReDoc."
    )


def _public_list_routes(patterns: list[URLPattern]) -> list[URLPattern]:
    """The endpoints a caller can start from: no URL parameter, not the staff API (which needs
    a token and has its own documentation in the schema), not the documentation itself."""
    return [
        pattern
        for pattern in patterns
        if "<" not in str(pattern.pattern)
        and not str(pattern.pattern).startswith("staff/")
        and pattern.name not in (*_DOCS, "root")
    ]


class APIRootView(APIView):
    """GET /api/v1/: where to start: the public endpoints and the API's documentation."""

    @extend_schema(responses=APIRootSerializer)
    def get(self, request: Request) -> Response:
        endpoints = {
            str(pattern.pattern).rstrip("/"): reverse(f"api:{pattern.name}", request=request)
            for pattern in _public_list_routes(urlpatterns)
        }
        docs = {name: reverse(f"api:{name}", request=request) for name in _DOCS}
        return Response({"endpoints": endpoints, "docs": docs})


urlpatterns = [
    path("", APIRootView.as_view(), name="root"),
    path("search/", SearchView.as_view(), name="search"),
    path("agencies/", disclosure_api.AgencyListAPI.as_view(), name="agency-list"),
    path("agencies/<str:code>/", disclosure_api.AgencyDetailAPI.as_view(), name="agency-detail"),
    path("documents/", disclosure_api.DocumentListAPI.as_view(), name="document-list"),
    path("documents/<int:pk>/", disclosure_api.DocumentDetailAPI.as_view(), name="document-detail"),
    path(
        "catalog/domains/",
        disclosure_api.CatalogDomainListAPI.as_view(),
        name="catalog-domain-list",
    ),
    path("catalog/items/", disclosure_api.CatalogItemListAPI.as_view(), name="catalog-item-list"),
    path(
        "catalog/items/<int:pk>/",
        disclosure_api.CatalogItemDetailAPI.as_view(),
        name="catalog-item-detail",
    ),
    path("negative-list/", disclosure_api.NegativeListAPI.as_view(), name="negative-list"),
    path(
        "interpretations/",
        interpretation_api.InterpretationListAPI.as_view(),
        name="interpretation-list",
    ),
    path(
        "interpretations/<int:pk>/",
        interpretation_api.InterpretationDetailAPI.as_view(),
        name="interpretation-detail",
    ),
    path("questions/", interpretation_api.PolicyQuestionListAPI.as_view(), name="question-list"),
    path(
        "questions/<int:pk>/",
        interpretation_api.PolicyQuestionDetailAPI.as_view(),
        name="question-detail",
    ),
    path(
        "consultations/",
        interpretation_api.ConsultationListAPI.as_view(),
        name="consultation-list",
    ),
    path(
        "consultations/<int:pk>/",
        interpretation_api.ConsultationDetailAPI.as_view(),
        name="consultation-detail",
    ),
    path("interviews/", interaction_events_api.InterviewListAPI.as_view(), name="interview-list"),
    path(
        "interviews/<int:pk>/",
        interaction_events_api.InterviewDetailAPI.as_view(),
        name="interview-detail",
    ),
    path("meetings/", interaction_events_api.MeetingListAPI.as_view(), name="meeting-list"),
    path(
        "meetings/<int:pk>/",
        interaction_events_api.MeetingDetailAPI.as_view(),
        name="meeting-detail",
    ),
    path("messages/", interaction_api.MessageListAPI.as_view(), name="message-list"),
    path(
        "messages/<str:tracking_number>/",
        interaction_api.MessageDetailAPI.as_view(),
        name="message-detail",
    ),
    path(
        "enforcement-decisions/",
        enforcement_api.DecisionListAPI.as_view(),
        name="enforcement-decision-list",
    ),
    path(
        "enforcement-decisions/<int:pk>/",
        enforcement_api.DecisionDetailAPI.as_view(),
        name="enforcement-decision-detail",
    ),
    path(
        "subsidy-lists/",
        subsidies_api.BeneficiaryListListAPI.as_view(),
        name="subsidy-list-list",
    ),
    path(
        "subsidy-lists/<int:pk>/",
        subsidies_api.BeneficiaryListDetailAPI.as_view(),
        name="subsidy-list-detail",
    ),
    path(
        "subsidy-lists/<int:pk>/rows/",
        subsidies_api.BeneficiaryRowListAPI.as_view(),
        name="subsidy-list-rows",
    ),
    path(
        "concern-responses/",
        concerns_api.ResponseListAPI.as_view(),
        name="concern-response-list",
    ),
    path(
        "concern-responses/<int:pk>/",
        concerns_api.ResponseDetailAPI.as_view(),
        name="concern-response-detail",
    ),
    path(
        "newmedia-accounts/",
        newmedia_api.AccountListAPI.as_view(),
        name="newmedia-account-list",
    ),
    path(
        "newmedia-accounts/<int:pk>/",
        newmedia_api.AccountDetailAPI.as_view(),
        name="newmedia-account-detail",
    ),
    path("proposals/", proposals_api.ProposalListAPI.as_view(), name="proposal-list"),
    path(
        "proposals/<int:pk>/",
        proposals_api.ProposalDetailAPI.as_view(),
        name="proposal-detail",
    ),
    path("conferences/", briefings_api.ConferenceListAPI.as_view(), name="conference-list"),
    path(
        "conferences/<int:pk>/",
        briefings_api.ConferenceDetailAPI.as_view(),
        name="conference-detail",
    ),
    path(
        "major-decisions/",
        decisions_api.DecisionListAPI.as_view(),
        name="major-decision-list",
    ),
    path(
        "major-decisions/<int:pk>/",
        decisions_api.DecisionDetailAPI.as_view(),
        name="major-decision-detail",
    ),
    path("key-tasks/", keytasks_api.KeyTaskListAPI.as_view(), name="key-task-list"),
    path("key-tasks/<int:pk>/", keytasks_api.KeyTaskDetailAPI.as_view(), name="key-task-detail"),
    path("budgets/", budgets_api.BudgetDisclosureListAPI.as_view(), name="budget-list"),
    path(
        "budgets/<int:pk>/", budgets_api.BudgetDisclosureDetailAPI.as_view(), name="budget-detail"
    ),
    path("datasets/", opendata_api.DatasetListAPI.as_view(), name="dataset-list"),
    path(
        "datasets/<str:identifier>/",
        opendata_api.DatasetDetailAPI.as_view(),
        name="dataset-detail",
    ),
    path("power-items/", powers_api.PowerItemListAPI.as_view(), name="power-item-list"),
    path(
        "power-items/<int:pk>/",
        powers_api.PowerItemDetailAPI.as_view(),
        name="power-item-detail",
    ),
    path(
        "inspection-plans/",
        inspections_api.InspectionPlanListAPI.as_view(),
        name="inspection-plan-list",
    ),
    path(
        "inspection-plans/<int:pk>/",
        inspections_api.InspectionPlanDetailAPI.as_view(),
        name="inspection-plan-detail",
    ),
    path(
        "inspection-results/",
        inspections_api.InspectionResultListAPI.as_view(),
        name="inspection-result-list",
    ),
    path("gazette-issues/", gazette_api.IssueListAPI.as_view(), name="gazette-issue-list"),
    path(
        "gazette-issues/<int:pk>/",
        gazette_api.IssueDetailAPI.as_view(),
        name="gazette-issue-detail",
    ),
    path("policy-items/", policies_api.PolicyItemListAPI.as_view(), name="policy-item-list"),
    path(
        "policy-items/<int:pk>/",
        policies_api.PolicyItemDetailAPI.as_view(),
        name="policy-item-detail",
    ),
    path(
        "policy-criteria/",
        policies_api.PolicyCriterionListAPI.as_view(),
        name="policy-criterion-list",
    ),
    path("annual-reports/", report_views.AnnualReportListAPI.as_view(), name="report-list"),
    path(
        "annual-reports/<str:code>/<int:year>/",
        report_views.AnnualReportDetailAPI.as_view(),
        name="report-detail",
    ),
    path("staff/requests/", staff_api.RequestListAPI.as_view(), name="staff-request-list"),
    path(
        "staff/requests/<int:pk>/",
        staff_api.RequestDetailAPI.as_view(),
        name="staff-request-detail",
    ),
    path(
        "staff/requests/<int:pk>/<str:action>/",
        staff_api.RequestTransitionAPI.as_view(),
        name="staff-request-transition",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI under the site's CSP as it is: the start-up script is fetched from ?script
    # (the split view) rather than inlined, and our template has no inline <style>.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="swagger-ui",
    ),
    # ReDoc styles itself with styled-components, which inject <style> elements at run time,
    # and runs its search in a Web Worker made from a blob: URL. Only this page allows them.
    # Replaced, not added to: next to the 500 page's hash, browsers ignore 'unsafe-inline'.
    path(
        "redoc/",
        csp_replace({"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
]
