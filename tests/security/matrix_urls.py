"""Every URL pattern of the site, the admin and the API, with its URL parameters filled from
the records of ``fixtures_matrix.World``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver

from policies import subscribing
from tests.security.fixtures_matrix import World


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route, the key of the expectations table
    name: str
    params: tuple[str, ...]


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def _params(route: str) -> tuple[str, ...]:
    return tuple(a or b for a, b in _PARAM.findall(route))


def all_patterns() -> list[Pattern]:
    found: list[Pattern] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
                found.append(Pattern(route, name, _params(route)))

    walk(get_resolver(), "", "")
    return found


# A single-parameter <int:pk> under these route prefixes names this record of the world.
_PK_RECORDS = [
    ("disclosure/documents/", "published_document"),
    ("disclosure/attachments/", "published_attachment"),
    ("requests/track/", "releasedfile"),
    ("interpretation/media/", "published_media"),
    ("interpretation/questions/", "published_policyquestion"),
    ("interpretation/consultations/attachments/", "published_consultation_attachment"),
    ("interpretation/consultations/", "published_consultation"),
    ("interpretation/", "published_interpretation"),
    ("briefings/media/", "published_conferencemedia"),
    ("briefings/", "published_conference"),
    ("api/v1/conferences/", "published_conference"),
    ("admin/briefings/conferencerecord/media/", "conferencemedia"),
    ("admin/briefings/conferencerecord/", "conferencerecord"),
    ("admin/briefings/conference/", "conference"),
    ("interaction/interviews/media/", "published_interviewmedia"),
    ("interaction/interviews/", "published_interview"),
    ("interaction/meetings/attachments/", "published_meetingattachment"),
    ("interaction/meetings/", "published_meeting"),
    ("enforcement/inspections/", "published_inspectionplan"),
    ("enforcement/", "published_decision"),
    ("opendata/datasets/", "published_dataset"),
    ("opendata/download/", "published_distribution"),
    ("admin/opendata/datasetversion/", "datasetversion"),
    ("admin/opendata/dataset/", "dataset"),
    ("api/v1/inspection-plans/", "published_inspectionplan"),
    ("admin/enforcement/inspectionplan/", "inspectionplan"),
    ("admin/enforcement/inspectionresult/", "inspectionresult"),
    ("api/v1/gazette-issues/", "published_issue"),
    ("admin/gazette/issue/", "issue"),
    ("newmedia/", "published_account"),
    ("api/v1/newmedia-accounts/", "published_account"),
    ("admin/newmedia/account/", "account"),
    ("proposals/", "published_proposal"),
    ("api/v1/proposals/", "published_proposal"),
    ("admin/proposals/proposal/", "proposal"),
    ("policies/", "published_policyitem"),
    ("api/v1/policy-items/", "published_policyitem"),
    ("admin/policies/policyitem/", "policyitem"),
    ("api/v1/enforcement-decisions/", "published_decision"),
    ("admin/enforcement/decision/", "decision"),
    ("powers/", "published_poweritem"),
    ("api/v1/power-items/", "published_poweritem"),
    ("admin/powers/poweritem/", "poweritem"),
    ("subsidies/", "published_beneficiarylist"),
    ("keytasks/tasks/", "published_keytask"),
    ("api/v1/key-tasks/", "published_keytask"),
    ("admin/keytasks/tasklist/", "tasklist"),
    ("admin/keytasks/progressreport/", "progressreport"),
    ("budgets/files/", "published_budgetattachment"),
    ("budgets/", "published_budgetdisclosure"),
    ("api/v1/budgets/", "published_budgetdisclosure"),
    ("admin/budgets/budgetdisclosure/attachment/", "budgetattachment"),
    ("admin/budgets/budgetdisclosure/", "budgetdisclosure"),
    ("api/v1/subsidy-lists/", "published_beneficiarylist"),
    ("admin/subsidies/beneficiarylist/", "beneficiarylist"),
    ("concern-responses/", "published_response"),
    ("api/v1/concern-responses/", "published_response"),
    ("admin/concerns/concern/", "concern"),
    ("admin/concerns/response/", "response"),
    ("api/v1/interviews/", "published_interview"),
    ("api/v1/meetings/", "published_meeting"),
    ("api/v1/documents/", "published_document"),
    ("api/v1/catalog/items/", "catalogitem"),
    ("api/v1/interpretations/", "published_interpretation"),
    ("api/v1/questions/", "published_policyquestion"),
    ("api/v1/consultations/", "published_consultation"),
    ("api/v1/staff/requests/", "informationrequest"),
    ("interaction/feedback/", "published_document"),
    ("admin/interaction/message/file/", "messagefile"),
    ("admin/interaction/message/", "message"),
    ("admin/interaction/messagereply/", "messagereply"),
    ("admin/disclosure/document/attachment/", "attachment"),
    ("admin/disclosure/importbatch/", "importbatch"),
    ("admin/disclosure/document/", "document"),
    ("admin/otp_totp/totpdevice/", "totpdevice"),
    ("admin/requests_app/informationrequest/released-file/", "releasedfile"),
    ("admin/requests_app/informationrequest/applicant-file/", "requestfile"),
    ("admin/requests_app/informationrequest/third-party-notice/", "thirdpartynotice"),
    ("admin/requests_app/informationrequest/", "informationrequest"),
    ("admin/reports/annualreport/", "annualreport"),
    ("admin/interpretation/consultation/attachment/", "consultation_attachment"),
    ("admin/interpretation/consultation/", "consultation"),
    ("admin/interpretation/interpretation/media/", "media"),
    ("admin/interpretation/interpretation/", "interpretation"),
    ("admin/interaction/interviewrecord/media/", "interviewmedia"),
    ("admin/interaction/interviewrecord/", "interviewrecord"),
    ("admin/interaction/interview/", "interview"),
    ("admin/interaction/meetingminutes/attachment/", "meetingattachment"),
    ("admin/interaction/meetingminutes/", "meetingminutes"),
    ("admin/interaction/meeting/", "meeting"),
    ("decisions/", "published_majordecision"),
    ("api/v1/major-decisions/", "published_majordecision"),
    ("admin/decisions/decisioncatalog/", "decisioncatalog"),
    ("admin/decisions/decisionstep/", "decisionstep"),
]

# Public pages of records that also exist unpublished: the same URL with the private record
# must be hidden from everyone but the owning agency's staff (who use the back office).
PRIVATE_VARIANTS = {
    "published_document": "document",
    "published_attachment": "attachment",
    "published_media": "media",
    "published_policyquestion": "policyquestion",
    "published_consultation_attachment": "consultation_attachment",
    "published_consultation": "consultation",
    "published_interpretation": "interpretation",
    "published_annualreport": "annualreport",
    "published_message": "message",
    "published_interview": "interview",
    "published_conference": "conference",
    "published_conferencemedia": "conferencemedia",
    "published_interviewmedia": "interviewmedia",
    "published_meeting": "meeting",
    "published_meetingattachment": "meetingattachment",
    # An enforcement decision is private as a draft and again after its 公示期.
    "published_decision": ("decision", "expired_decision"),
    # A beneficiary list likewise: as a draft, and after its 公示期 (its rows too).
    "published_beneficiarylist": ("beneficiarylist", "expired_beneficiarylist"),
    # A key task list is private as a draft (another year: the board is by year), its tasks too.
    "published_tasklist": "tasklist",
    "published_keytask": "keytask",
    "published_dataset": "dataset",
    "published_distribution": "distribution",
    # A power item is private as a draft; a revision is never public (it changes its item
    # only when published).
    "published_poweritem": ("poweritem", "poweritem_revision"),
    "published_inspectionplan": "inspectionplan",
    "published_issue": "issue",
    "published_account": "account",
    "published_proposal": "proposal",
    "published_budgetdisclosure": "budgetdisclosure",
    "published_budgetattachment": "budgetattachment",
    # A policy item is private as a draft and once its document is no longer in force.
    "published_policyitem": ("policyitem", "expired_policyitem"),
    "published_response": "response",
    # A decision is private while its catalog is a draft (and the catalog with it).
    "published_majordecision": "majordecision",
    "published_decisioncatalog": "decisioncatalog",
}

_ACTIONS = {
    "admin/disclosure/": "submit",
    "admin/requests_app/informationrequest/": "close",
    "admin/reports/annualreport/": "submit",
    "admin/interpretation/": "submit",
    "admin/interaction/": "withdraw",
    "admin/enforcement/": "submit",
    "admin/subsidies/": "submit",
    "admin/keytasks/": "submit",
    "admin/budgets/": "submit",
    "admin/opendata/": "submit",
    "admin/powers/": "submit",
    "admin/gazette/": "submit",
    "admin/policies/": "submit",
    "admin/concerns/": "submit",
    "admin/newmedia/": "submit",
    "admin/proposals/": "submit",
    "admin/briefings/": "submit",
    "admin/decisions/": "submit",
    "api/v1/staff/requests/": "close",
}

IMPORT_REPORT_TOKEN = "matrix-import-report"


def keep_import_report(world: World) -> None:
    """A catalog-import and a historical-import problem report, kept for agency A's staff
    member who uploaded the files."""
    for kind in ("catalog", "backlog"):
        cache.set(
            f"disclosure:{kind}-import-report:{IMPORT_REPORT_TOKEN}",
            {"user": world.staff_a.pk, "content": b"PK"},
            600,
        )


def record_key(pattern: Pattern) -> str | None:
    """The world record a pattern's object parameter points at."""
    if pattern.route.startswith("admin/r/"):  # the admin's "view on site" redirect
        return "document"
    if "tracking_number" in pattern.params and pattern.route.startswith(
        ("interaction/messages/", "api/v1/messages/")
    ):
        return "published_message"
    if "tracking_number" in pattern.params and pattern.route.startswith("interaction/"):
        return "message"
    if "document_pk" in pattern.params:
        return "published_document"
    if "identifier" in pattern.params:  # a dataset of the catalog, by its number
        return "published_dataset"
    if "gazette" in pattern.params:  # an issue, or its gazette's year
        return "published_issue"
    if "object_id" in pattern.params:
        model = pattern.route.split("/")[2]
        return model
    if "pk" in pattern.params:
        for prefix, key in _PK_RECORDS:
            if pattern.route.startswith(prefix):
                return key
        raise LookupError(f"no record for {pattern.route}")
    if pattern.route.startswith("decisions/catalog/"):  # a catalog, by government and year
        return "published_decisioncatalog"
    if {"code", "year"} <= set(pattern.params) and pattern.route.startswith("keytasks/"):
        return "published_tasklist"
    if {"code", "year"} <= set(pattern.params):
        return "published_annualreport"
    return None


def kwargs_for(pattern: Pattern, world: World, *, record: str | None = None) -> dict[str, str]:
    """URL parameters for ``pattern``; ``record`` overrides the record it points at."""
    key = record or record_key(pattern)
    obj = world[key] if key else None
    values: dict[str, str] = {}
    for param in pattern.params:
        if param in ("pk", "object_id", "document_pk", "identifier"):
            values[param] = str(obj.pk)
        elif param == "code":
            values[param] = world.agency_a.code
        elif param == "gazette":
            values[param] = obj.gazette.slug
        elif param == "number":
            values[param] = str(obj.number)
        elif param == "year":
            values[param] = str(obj.year if obj is not None else 2025)
        elif param == "tracking_number":
            is_message = key in ("message", "published_message")
            values[param] = (obj if is_message else world.target_request).tracking_number
        elif param == "step":
            values[param] = "note"
        elif param == "action":
            values[param] = next(a for p, a in _ACTIONS.items() if pattern.route.startswith(p))
        elif param in ("dataset", "key"):  # an export; an automatic dataset of the catalog
            values[param] = "documents"
        elif param == "fmt":
            values[param] = "csv"
        elif param == "theme":
            values[param] = str(world["theme"].pk)
        elif param == "section":
            values[param] = "documents"
        elif param == "token" and pattern.route.startswith("policies/subscribe/confirm/"):
            values[param] = subscribing.confirm_token(world["subscription"])
        elif param == "token" and pattern.route.startswith("policies/unsubscribe/"):
            values[param] = subscribing.unsubscribe_token(world["subscription"])
        elif param == "token":
            values[param] = IMPORT_REPORT_TOKEN
        elif param == "parent_id":
            values[param] = str(world.agency_a.pk)
        elif param == "content_type_id":
            values[param] = str(ContentType.objects.get_for_model(world["document"]).pk)
        elif param == "app_label":
            values[param] = "disclosure"
        elif param == "url":
            values[param] = "no-such-page/"
        elif param == "id":  # the admin's user password page
            values[param] = str(world.staff_a.pk)
        else:
            raise LookupError(f"no value for <{param}> in {pattern.route}")
    return values


def url_for(pattern: Pattern, world: World, *, record: str | None = None) -> str:
    """The concrete URL, built from the route text (several admin routes are regexes)."""
    values = kwargs_for(pattern, world, record=record)
    route = pattern.route
    # The admin's per-model history and app-list routes are regular expressions.
    if "^(?P<app_label>" in route:
        return "/" + route.split("^")[0] + values["app_label"] + "/"
    if "^([^/]+)/history/([^/]+)/$" in route:
        entry = world["negativelistentry"]
        version = entry.history.first().history_id
        return "/" + route.split("^")[0] + f"{entry.pk}/history/{version}/"
    if "(?P<url>.*)$" in route:
        return "/" + route.split("(?P<url>")[0] + values["url"]

    def fill(match: re.Match[str]) -> str:
        return values[match.group(1) or match.group(2)]

    return "/" + _PARAM.sub(fill, route)
