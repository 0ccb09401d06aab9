"""The authorization matrix: every URL pattern of the site, the admin and the API, requested by
every kind of visitor, against an explicit table of what each may get.

Visitors: ``anon`` (no session), ``applicant`` (a browser that opened its own request with its
own tracking number and access code, and now tries agency A's request), ``owner`` (the browser
that opened agency A's request with the right code), ``staff_a`` (every role in agency A, which
owns the records), ``editor_a`` (drafter, reviewer and publisher of agency A: the agency's
unpublished work, but not its applicants' personal data) and ``staff_b`` (every role in
agency B).

Besides the status, no page that answers 200 to someone outside agency A may contain agency A's
unpublished text or the applicant's personal data, and none that answers 200 to ``editor_a``
may contain the applicant's personal data. A URL pattern missing from the table fails
``test_every_url_pattern_is_classified``: new URLs must be classified here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest

from django.test import Client
from rest_framework.authtoken.models import Token

from disclosure.models import NegativeListEntry
from portal.models import Agency
from requests_app.models import InformationRequest
from tests.factories import StaffClient
from tests.security.fixtures_matrix import (
    APPLICANT_ID,
    APPLICANT_PHONE,
    SECRET,
    SUBSCRIBER_EMAIL,
    World,
    tracking_client,
    world_fixture,  # noqa: F401 - the world fixture
)
from tests.security.matrix_urls import (
    PRIVATE_VARIANTS,
    Pattern,
    all_patterns,
    keep_import_report,
    record_key,
    url_for,
)

pytestmark = pytest.mark.django_db

PERSONAS = ("anon", "applicant", "owner", "staff_a", "editor_a", "staff_b")
STAFF = ("staff_a", "editor_a", "staff_b")
OUTSIDERS = ("anon", "applicant", "owner", "staff_b")
# Agency A's staff without a role that needs applicants' data (个人信息保护法 Art 6, 51).
PERSONAL_DATA_OUTSIDERS = ("editor_a",)

# Outcomes.
OK = "200"
LOGIN = "login"  # 302 to the admin login page
HIDDEN = "hidden"  # 404, 403, or the admin's "does not exist" redirect to its index
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
UNAUTHORIZED = "401"
REDIRECT = "redirect"  # 302 elsewhere than the login page (e.g. the admin's /<id>/ to /change/)
TRACK_FORM = "track-form"  # 302 to the tracking form: the same answer as a wrong code

Rule = dict[str, str]


def everyone(outcome: str) -> Rule:
    return dict.fromkeys(PERSONAS, outcome)


def back_office(staff_a: str, staff_b: str | None = None, *, editor_a: str | None = None) -> Rule:
    """Staff only: everyone else is sent to the login page. ``editor_a`` gets what ``staff_a``
    gets unless the page needs a role it lacks."""
    return {
        "anon": LOGIN,
        "applicant": LOGIN,
        "owner": LOGIN,
        "staff_a": staff_a,
        "editor_a": staff_a if editor_a is None else editor_a,
        "staff_b": staff_a if staff_b is None else staff_b,
    }


def tracked(owner: str, others: str) -> Rule:
    """Pages of agency A's request: only the browser that opened it with its code."""
    return {**dict.fromkeys(PERSONAS, others), "owner": owner}


def staff_api(staff_a: str, staff_b: str) -> Rule:
    return {**everyone(UNAUTHORIZED), "staff_a": staff_a, "editor_a": staff_a, "staff_b": staff_b}


PUBLIC = everyone(OK)

# --- The public site and the API ----------------------------------------------------------

EXPECTATIONS: dict[str, Rule] = {
    "": PUBLIC,
    "agencies/": PUBLIC,
    "agencies/<str:code>/": PUBLIC,
    "agencies/<str:code>/profile/": PUBLIC,
    "agencies/<str:code>/guide/": PUBLIC,
    "agencies/<str:code>/rules/": PUBLIC,
    "agencies/<str:code>/statutory/": PUBLIC,
    "agencies/<str:code>/reports/": PUBLIC,
    "agencies/<str:code>/apply/": PUBLIC,
    "agencies/<str:code>/apply/form.pdf": PUBLIC,
    "agencies/<str:code>/apply/form.docx": PUBLIC,
    "display/text-size/": everyone(NOT_ALLOWED),  # POST only
    "display/elder-mode/": everyone(NOT_ALLOWED),  # POST only
    "accessibility/": PUBLIC,
    "openness/": PUBLIC,
    "healthz": PUBLIC,
    "site/badge/": PUBLIC,  # the 党政机关网站标识 in the footer
    # A site's own logo in the header (portal.sites): the matrix's world has no site.
    "site/logo/": everyone(NOT_FOUND),
    "sitemap/": PUBLIC,  # 网站地图
    "disclosure/": PUBLIC,
    "disclosure/agency/<str:code>/": PUBLIC,
    "disclosure/documents/<int:pk>/": PUBLIC,
    "disclosure/attachments/<int:pk>/": PUBLIC,
    "disclosure/normative/": PUBLIC,
    "disclosure/negative-list/": PUBLIC,
    "disclosure/negative-list/<str:code>/": PUBLIC,
    "requests/apply/": PUBLIC,
    "requests/apply/done/": everyone(REDIRECT),  # only right after an application
    "requests/track/": PUBLIC,
    "requests/track/end/": everyone(NOT_ALLOWED),
    "requests/track/<tracking_number:tracking_number>/": tracked(OK, TRACK_FORM),
    "requests/track/<tracking_number:tracking_number>/withdraw/": tracked(REDIRECT, TRACK_FORM),
    "requests/track/<tracking_number:tracking_number>/files/<int:pk>/": tracked(OK, NOT_FOUND),
    "requests/track/<tracking_number:tracking_number>/letter.pdf": tracked(OK, NOT_FOUND),
    "reports/": PUBLIC,
    "reports/api/": PUBLIC,
    "reports/api/<str:code>/<int:year>/": PUBLIC,
    "reports/<str:code>/<int:year>/": PUBLIC,
    "reports/<str:code>/<int:year>/report.xlsx": PUBLIC,
    "reports/<str:code>/<int:year>/report.pdf": PUBLIC,
    "interpretation/": PUBLIC,
    "interpretation/<int:pk>/": PUBLIC,
    "interpretation/media/<int:pk>/": PUBLIC,
    "interpretation/questions/": PUBLIC,
    "interpretation/questions/<int:pk>/": PUBLIC,
    "interpretation/consultations/": PUBLIC,
    "interpretation/consultations/<int:pk>/": PUBLIC,
    "interpretation/consultations/<int:pk>/thanks/": everyone(REDIRECT),  # only after a comment
    "interpretation/consultations/attachments/<int:pk>/": PUBLIC,
    # 互动交流: the message box. Following a message needs its number and code in this browser:
    # without them, everyone is sent to the lookup form.
    "interaction/": PUBLIC,
    "interaction/write/": PUBLIC,
    "interaction/write/done/": everyone(REDIRECT),  # only right after a message
    "interaction/feedback/<int:document_pk>/": PUBLIC,
    "interaction/track/": PUBLIC,
    "interaction/track/end/": everyone(NOT_ALLOWED),
    "interaction/track/<message_number:tracking_number>/": everyone(REDIRECT),
    "interaction/track/<message_number:tracking_number>/rate/": everyone(NOT_ALLOWED),
    "interaction/track/<message_number:tracking_number>/reopen/": everyone(NOT_ALLOWED),
    "interaction/messages/": PUBLIC,
    "interaction/messages/<message_number:tracking_number>/": PUBLIC,
    "interaction/statistics/": PUBLIC,
    "api/v1/messages/": PUBLIC,
    "api/v1/messages/<str:tracking_number>/": PUBLIC,
    "interaction/interviews/": PUBLIC,
    "interaction/interviews/<int:pk>/": PUBLIC,
    "interaction/interviews/media/<int:pk>/": PUBLIC,
    "interaction/meetings/": PUBLIC,
    "interaction/meetings/<int:pk>/": PUBLIC,
    "interaction/meetings/<int:pk>/applied/": everyone(REDIRECT),  # only after an application
    "interaction/meetings/attachments/<int:pk>/": PUBLIC,
    "search/": PUBLIC,
    # 问政策: the question page is public; the report of unanswered questions is for
    # superusers only (none of the personas is one), behind the admin's sign-in.
    "policies/ask/": PUBLIC,
    "policies/ask/report/": back_office(FORBIDDEN),
    "api/v1/": PUBLIC,
    "api/v1/search/": PUBLIC,
    "api/v1/agencies/": PUBLIC,
    "api/v1/agencies/<str:code>/": PUBLIC,
    "api/v1/documents/": PUBLIC,
    "api/v1/documents/<int:pk>/": PUBLIC,
    "api/v1/catalog/domains/": PUBLIC,
    "api/v1/catalog/items/": PUBLIC,
    "api/v1/catalog/items/<int:pk>/": PUBLIC,
    "api/v1/negative-list/": PUBLIC,
    "api/v1/interpretations/": PUBLIC,
    "api/v1/interpretations/<int:pk>/": PUBLIC,
    "api/v1/questions/": PUBLIC,
    "api/v1/questions/<int:pk>/": PUBLIC,
    "api/v1/consultations/": PUBLIC,
    "api/v1/consultations/<int:pk>/": PUBLIC,
    "api/v1/interviews/": PUBLIC,
    "api/v1/interviews/<int:pk>/": PUBLIC,
    "api/v1/meetings/": PUBLIC,
    "api/v1/meetings/<int:pk>/": PUBLIC,
    "api/v1/annual-reports/": PUBLIC,
    "api/v1/annual-reports/<str:code>/<int:year>/": PUBLIC,
    # The staff API authenticates by token only (staff personas send theirs).
    "api/v1/staff/requests/": staff_api(OK, OK),
    "api/v1/staff/requests/<int:pk>/": staff_api(OK, NOT_FOUND),
    "api/v1/staff/requests/<int:pk>/<str:action>/": staff_api(NOT_ALLOWED, NOT_ALLOWED),  # POST
    "api/v1/schema/": PUBLIC,
    # 行政执法公示: decisions on display (a person masked, never the ID number).
    "enforcement/": PUBLIC,
    "enforcement/<int:pk>/": PUBLIC,
    "api/v1/enforcement-decisions/": PUBLIC,
    "api/v1/enforcement-decisions/<int:pk>/": PUBLIC,
    "feeds/enforcement.rss": PUBLIC,
    "feeds/enforcement.atom": PUBLIC,
    # 民生资金公示: lists on display, their masked rows (pages, exports, API) and feeds.
    "subsidies/": PUBLIC,
    "subsidies/<int:pk>/": PUBLIC,
    "subsidies/<int:pk>/rows.<str:fmt>": PUBLIC,
    "api/v1/subsidy-lists/": PUBLIC,
    "api/v1/subsidy-lists/<int:pk>/": PUBLIC,
    "api/v1/subsidy-lists/<int:pk>/rows/": PUBLIC,
    "feeds/subsidies.rss": PUBLIC,
    "feeds/subsidies.atom": PUBLIC,
    # 回应关切: published responses only (pages, API, feeds); the register has no public URL.
    "concern-responses/": PUBLIC,
    "concern-responses/<int:pk>/": PUBLIC,
    "api/v1/concern-responses/": PUBLIC,
    "api/v1/concern-responses/<int:pk>/": PUBLIC,
    "feeds/concern-responses.rss": PUBLIC,
    "feeds/concern-responses.atom": PUBLIC,
    # 重大行政决策: published catalogs, their decisions with their published steps.
    "decisions/": PUBLIC,
    "decisions/<int:pk>/": PUBLIC,
    "decisions/catalog/<str:code>/<int:year>/": PUBLIC,
    "decisions/catalog/<str:code>/<int:year>/decisions.csv": PUBLIC,
    "api/v1/major-decisions/": PUBLIC,
    "api/v1/major-decisions/<int:pk>/": PUBLIC,
    "feeds/decisions.rss": PUBLIC,
    "feeds/decisions.atom": PUBLIC,
    # 重点工作: published lists' boards, tasks (pages, export, API) and the progress feeds.
    "keytasks/": PUBLIC,
    "keytasks/tasks/<int:pk>/": PUBLIC,
    "keytasks/<str:code>/<int:year>/": PUBLIC,
    "keytasks/<str:code>/<int:year>/tasks.<str:fmt>": PUBLIC,
    "api/v1/key-tasks/": PUBLIC,
    "api/v1/key-tasks/<int:pk>/": PUBLIC,
    "feeds/keytasks.rss": PUBLIC,
    "feeds/keytasks.atom": PUBLIC,
    # 财政预决算: published budgets and final accounts, their documents, API and feeds.
    "budgets/": PUBLIC,
    "budgets/<int:pk>/": PUBLIC,
    "budgets/files/<int:pk>/": PUBLIC,
    "api/v1/budgets/": PUBLIC,
    "api/v1/budgets/<int:pk>/": PUBLIC,
    "feeds/budgets.rss": PUBLIC,
    "feeds/budgets.atom": PUBLIC,
    # 开放数据: published datasets and released versions, the portal's automatic datasets; a
    # download is counted, then served (a file) or redirected (to the export).
    "opendata/": PUBLIC,
    "opendata/catalog.jsonld": PUBLIC,
    "opendata/terms/": PUBLIC,
    "opendata/datasets/<int:pk>/": PUBLIC,
    "opendata/datasets/<int:pk>/dataset.jsonld": PUBLIC,
    "opendata/auto/<slug:key>/": PUBLIC,
    "opendata/auto/<slug:key>/dataset.jsonld": PUBLIC,
    "opendata/auto/<slug:key>/download/<str:fmt>/": everyone(REDIRECT),
    "opendata/download/<int:pk>/": PUBLIC,
    "api/v1/datasets/": PUBLIC,
    "api/v1/datasets/<str:identifier>/": PUBLIC,
    "feeds/opendata.rss": PUBLIC,
    "feeds/opendata.atom": PUBLIC,
    # 权力清单 and 责任清单: published items (a withdrawn one keeps its notice page).
    "powers/": PUBLIC,
    "powers/<int:pk>/": PUBLIC,
    "api/v1/power-items/": PUBLIC,
    "api/v1/power-items/<int:pk>/": PUBLIC,
    "feeds/powers.rss": PUBLIC,
    "feeds/powers.atom": PUBLIC,
    # 双随机、一公开: published plans with their draw and published results.
    "enforcement/inspections/": PUBLIC,
    "enforcement/inspections/<int:pk>/": PUBLIC,
    "api/v1/inspection-plans/": PUBLIC,
    "api/v1/inspection-plans/<int:pk>/": PUBLIC,
    "api/v1/inspection-results/": PUBLIC,
    "feeds/inspections.rss": PUBLIC,
    "feeds/inspections.atom": PUBLIC,
    # 政府公报: published issues, their years' archives and PDFs.
    "gazette/": PUBLIC,
    "gazette/<slug:gazette>/<int:year>/": PUBLIC,
    "gazette/<slug:gazette>/<int:year>/<int:number>/": PUBLIC,
    "gazette/<slug:gazette>/<int:year>/<int:number>/pdf/": PUBLIC,
    "api/v1/gazette-issues/": PUBLIC,
    "api/v1/gazette-issues/<int:pk>/": PUBLIC,
    "feeds/gazette.rss": PUBLIC,
    "feeds/gazette.atom": PUBLIC,
    # 政务新媒体: published accounts (a closed one keeps its page) and their QR codes.
    "newmedia/": PUBLIC,
    "newmedia/<int:pk>/": PUBLIC,
    "newmedia/<int:pk>/qr/": PUBLIC,
    "api/v1/newmedia-accounts/": PUBLIC,
    "api/v1/newmedia-accounts/<int:pk>/": PUBLIC,
    "feeds/newmedia.rss": PUBLIC,
    "feeds/newmedia.atom": PUBLIC,
    # 建议提案办理结果公开: published replies and the year's statistics.
    "proposals/": PUBLIC,
    "proposals/statistics/": PUBLIC,
    "proposals/<int:pk>/": PUBLIC,
    "api/v1/proposals/": PUBLIC,
    "api/v1/proposals/<int:pk>/": PUBLIC,
    "feeds/proposals.rss": PUBLIC,
    "feeds/proposals.atom": PUBLIC,
    # 政策文件库 and 政策找人: items on display; subscribing needs no account (the links carry
    # signed tokens; opening one only shows a button).
    "policies/": PUBLIC,
    "policies/automatic/": PUBLIC,
    "policies/finder/": PUBLIC,
    "policies/<int:pk>/": PUBLIC,
    "policies/subscribe/": PUBLIC,
    "policies/subscribe/sent/": PUBLIC,
    "policies/subscribe/confirm/<str:token>/": PUBLIC,
    "policies/unsubscribe/<str:token>/": PUBLIC,
    "api/v1/policy-items/": PUBLIC,
    "api/v1/policy-items/<int:pk>/": PUBLIC,
    "api/v1/policy-criteria/": PUBLIC,
    "feeds/policies.rss": PUBLIC,
    "feeds/policies.atom": PUBLIC,
    "briefings/": PUBLIC,
    "briefings/<int:pk>/": PUBLIC,
    "briefings/media/<int:pk>/": PUBLIC,
    "api/v1/conferences/": PUBLIC,
    "api/v1/conferences/<int:pk>/": PUBLIC,
    "feeds/briefings.rss": PUBLIC,
    "feeds/briefings.atom": PUBLIC,
    "api/v1/docs/": PUBLIC,
    "api/v1/redoc/": PUBLIC,
    "data/<str:dataset>.<str:fmt>": PUBLIC,
    "data/<str:code>/<str:dataset>.<str:fmt>": PUBLIC,
    "feeds/documents.rss": PUBLIC,
    "feeds/documents.atom": PUBLIC,
    "feeds/agency/<str:code>.rss": PUBLIC,
    "feeds/agency/<str:code>.atom": PUBLIC,
    "feeds/theme/<int:theme>.rss": PUBLIC,
    "feeds/theme/<int:theme>.atom": PUBLIC,
    "feeds/interpretations.rss": PUBLIC,
    "feeds/interpretations.atom": PUBLIC,
    "feeds/consultations.rss": PUBLIC,
    "feeds/consultations.atom": PUBLIC,
    "feeds/messages.rss": PUBLIC,
    "feeds/messages.atom": PUBLIC,
    "feeds/interviews.rss": PUBLIC,
    "feeds/interviews.atom": PUBLIC,
    "feeds/meetings.rss": PUBLIC,
    "feeds/meetings.atom": PUBLIC,
    "sitemap.xml": PUBLIC,
    "sitemap-<section>.xml": PUBLIC,
    "robots.txt": PUBLIC,
    "i18n/setlang/": everyone(REDIRECT),
}

# --- The admin site -------------------------------------------------------------------------

EXPECTATIONS |= {
    "admin/": back_office(OK),
    "admin/login/": {**everyone(OK), **dict.fromkeys(STAFF, REDIRECT)},
    "admin/logout/": {**everyone(REDIRECT), **dict.fromkeys(STAFF, NOT_ALLOWED)},
    "admin/password_change/": back_office(OK),
    "admin/password_change/done/": back_office(OK),
    "admin/autocomplete/": back_office(FORBIDDEN),  # without a field to complete
    "admin/jsi18n/": back_office(OK),
    # "View on site" redirects the owning agency to the public page (404 for a draft there);
    # another agency gets 404, as for a record that does not exist (portal/admin_links.py).
    "admin/r/<path:content_type_id>/<path:object_id>/": back_office(REDIRECT, HIDDEN),
    # (in the order the apps' first admins were registered: the group admin is the portal's)
    "admin/^(?P<app_label>authtoken|axes|otp_totp|otp_static|portal|auth|publishing|disclosure"
    "|requests_app|interpretation|powers|enforcement|gazette|subsidies|newmedia|proposals"
    "|reports|inspection|interaction|policies|decisions|keytasks|opendata|concerns|briefings"
    "|budgets)/$": back_office(OK),
    # Two-factor sign-in of the signed-in user: status, and setting up (or moving) the app.
    "admin/two-factor/": back_office(OK),
    "admin/two-factor/enrol/": back_office(OK),
    # django-otp's device pages never show a secret (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    "admin/otp_totp/totpdevice/<int:pk>/config/": back_office(FORBIDDEN),
    "admin/otp_totp/totpdevice/<int:pk>/qrcode/": back_office(FORBIDDEN),
    "admin/(?P<url>.*)$": back_office(NOT_FOUND),
    "admin/auth/user/<id>/password/": back_office(FORBIDDEN),
    # The agency tree is public information: staff may browse it; only superusers move it.
    "admin/portal/agency/move/": back_office(FORBIDDEN),
    "admin/portal/agency/children/<str:parent_id>/": back_office(OK),
    "admin/portal/agency/jsi18n/": PUBLIC,  # treebeard's translations, nothing of ours
    "admin/disclosure/catalogitem/import/": back_office(OK),
    # The import's problem report is kept for the user who uploaded the file.
    "admin/disclosure/catalogitem/import/report/<str:token>/": back_office(
        OK, NOT_FOUND, editor_a=NOT_FOUND
    ),
    "admin/disclosure/catalogitem/export/": back_office(OK),
    # Historical documents (历史文件): drafters import (staff_b into agency B); a batch's
    # confirmation page is its agency's; the import's problem report is the uploader's.
    "admin/disclosure/importbatch/import/": back_office(OK),
    "admin/disclosure/importbatch/import/report/<str:token>/": back_office(
        OK, NOT_FOUND, editor_a=NOT_FOUND
    ),
    "admin/disclosure/importbatch/<int:pk>/review/": back_office(OK, HIDDEN),
    "admin/disclosure/negativelistentry/^([^/]+)/history/([^/]+)/$": back_office(OK, HIDDEN),
    "admin/disclosure/document/dashboard/": back_office(OK),
    "admin/disclosure/document/<int:pk>/screening/": back_office(OK, HIDDEN),
    "admin/disclosure/document/<int:pk>/validity/": back_office(OK, HIDDEN),
    "admin/disclosure/document/<int:pk>/change-notice/": back_office(OK, HIDDEN),
    "admin/disclosure/document/attachment/<int:pk>/": back_office(OK, HIDDEN),
    "admin/disclosure/document/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/disclosure/document/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/requests_app/informationrequest/inbox/": back_office(OK),
    "admin/requests_app/informationrequest/<int:pk>/register/": back_office(OK, HIDDEN),
    "admin/requests_app/informationrequest/<int:pk>/workflow/<str:action>/": back_office(
        OK, HIDDEN
    ),
    # The letter names the applicant: only those who may see the applicant's data.
    "admin/requests_app/informationrequest/<int:pk>/letter.pdf": back_office(
        OK, HIDDEN, editor_a=HIDDEN
    ),
    "admin/requests_app/informationrequest/<int:pk>/released-files/": back_office(OK, HIDDEN),
    "admin/requests_app/informationrequest/<int:pk>/publish/": back_office(OK, HIDDEN),
    "admin/requests_app/informationrequest/released-file/<int:pk>/": back_office(OK, HIDDEN),
    "admin/requests_app/informationrequest/applicant-file/<int:pk>/": back_office(
        OK, HIDDEN, editor_a=FORBIDDEN
    ),
    "admin/requests_app/informationrequest/third-party-notice/<int:pk>/": back_office(OK, HIDDEN),
    "admin/reports/annualreport/<int:pk>/compute/": back_office(OK, HIDDEN),
    "admin/reports/annualreport/<int:pk>/prefill/": back_office(NOT_ALLOWED),  # POST only
    "admin/reports/annualreport/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/reports/annualreport/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/interpretation/consultation/<int:pk>/comments/": back_office(OK, HIDDEN),
    "admin/interpretation/consultation/<int:pk>/report/": back_office(OK, HIDDEN),
    "admin/interpretation/consultation/attachment/<int:pk>/": back_office(OK, HIDDEN),
    "admin/interpretation/consultation/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/interpretation/consultation/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/interpretation/interpretation/three-sync/": back_office(OK),
    "admin/interpretation/interpretation/compliance/": back_office(OK),
    "admin/interpretation/interpretation/<int:pk>/publish-together/": back_office(OK, HIDDEN),
    "admin/interpretation/interpretation/media/<int:pk>/": back_office(OK, HIDDEN),
    "admin/interpretation/interpretation/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/interpretation/interpretation/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    # A message's handling steps (the page says when the user may not take the step), and the
    # citizen's files: only for those who see the citizen's contacts.
    "admin/interaction/message/<int:pk>/step/<str:step>/": back_office(OK, HIDDEN),
    "admin/interaction/message/file/<int:pk>/": back_office(OK, HIDDEN, editor_a=FORBIDDEN),
    "admin/interaction/messagereply/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/interaction/messagereply/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/interaction/interview/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/interaction/interview/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/interaction/interviewrecord/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/interaction/interviewrecord/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/interaction/interviewrecord/media/<int:pk>/": back_office(OK, HIDDEN),
    "admin/interaction/meeting/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/interaction/meeting/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/interaction/meetingminutes/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/interaction/meetingminutes/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/interaction/meetingminutes/attachment/<int:pk>/": back_office(OK, HIDDEN),
    "admin/enforcement/decision/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/enforcement/decision/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/subsidies/beneficiarylist/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/subsidies/beneficiarylist/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/concerns/response/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/concerns/response/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    # The timing report: each user's own agencies only (tests/concerns/test_report.py).
    "admin/concerns/concern/report/": back_office(OK),
    "admin/decisions/decisioncatalog/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/decisions/decisioncatalog/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/decisions/decisionstep/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/decisions/decisionstep/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/keytasks/tasklist/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/keytasks/tasklist/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/keytasks/progressreport/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/keytasks/progressreport/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/budgets/budgetdisclosure/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/budgets/budgetdisclosure/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/budgets/budgetdisclosure/attachment/<int:pk>/": back_office(OK, HIDDEN),
    "admin/opendata/dataset/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/opendata/dataset/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/opendata/datasetversion/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/opendata/datasetversion/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/powers/poweritem/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/powers/poweritem/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    # Drafting a revision of an item: a confirmation page (the step is refused on a draft).
    "admin/powers/poweritem/<int:pk>/revise/": back_office(OK, HIDDEN),
    # The import of decisions and its template: for drafters (every persona drafts somewhere).
    "admin/enforcement/decision/import/": back_office(OK),
    "admin/enforcement/decision/import/template/": back_office(OK),
    "admin/enforcement/inspectionplan/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/enforcement/inspectionplan/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    # The draw and a new round: a page saying whether the step applies, then a POST.
    "admin/enforcement/inspectionplan/<int:pk>/draw/": back_office(OK, HIDDEN),
    "admin/enforcement/inspectionplan/<int:pk>/new-round/": back_office(OK, HIDDEN),
    "admin/enforcement/inspectionresult/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/enforcement/inspectionresult/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    # An issue's PDF in any status, for its agency's staff (reviewers read it before approving).
    "admin/gazette/issue/<int:pk>/pdf/": back_office(OK, HIDDEN),
    "admin/gazette/issue/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/newmedia/account/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/newmedia/account/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    # What changes while an account runs, recorded by the agency's drafters.
    "admin/newmedia/account/<int:pk>/activity/": back_office(OK, HIDDEN),
    "admin/proposals/proposal/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/proposals/proposal/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/gazette/issue/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/policies/policyitem/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/policies/policyitem/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/briefings/conference/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/briefings/conference/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/briefings/conferencerecord/<int:pk>/preview/": back_office(OK, HIDDEN),
    "admin/briefings/conferencerecord/<int:pk>/workflow/<str:action>/": back_office(OK, HIDDEN),
    "admin/briefings/conferencerecord/media/<int:pk>/": back_office(OK, HIDDEN),
    # The self-inspection: office heads (each sees the items of the agencies they head).
    "admin/inspection/inspectionrun/": back_office(OK, editor_a=FORBIDDEN),
}


def admin_model(
    path: str, *, changelist: Rule, add: Rule, obj: Rule, delete: Rule
) -> dict[str, Rule]:
    """The six URL patterns the admin makes for each registered model."""
    base = f"admin/{path}/"
    return {
        base: changelist,
        f"{base}add/": add,
        f"{base}<path:object_id>/history/": obj,
        f"{base}<path:object_id>/delete/": delete,
        f"{base}<path:object_id>/change/": obj,
        f"{base}<path:object_id>/": back_office(REDIRECT),  # to .../change/
    }


# Superusers only: accounts, roles, tokens, the calendar, shared vocabularies, login records.
SUPERUSER_ONLY = [
    "auth/group", "auth/user", "authtoken/tokenproxy", "portal/staffrole",
    "portal/calendarday", "portal/calendaryear", "portal/siteidentity", "disclosure/theme",
    "disclosure/genre",
    "interpretation/topic", "axes/accessattempt", "axes/accesslog", "axes/accessfailurelog",
    "otp_totp/totpdevice", "otp_static/staticdevice", "inspection/columnlimit",
    "publishing/wordingrule", "interaction/messagekind", "interaction/messagedesk",
    "opendata/theme",
    "gazette/gazette",
    "policies/criterionvalue",
]  # fmt: skip
for _path in SUPERUSER_ONLY:
    _denied = back_office(HIDDEN)
    EXPECTATIONS |= admin_model(_path, changelist=_denied, add=_denied, obj=_denied, delete=_denied)

# The site group (portal.sites): platform operators (superusers here) add and delete sites;
# an agency's office head and publishers see and edit their agency's site only.
EXPECTATIONS |= admin_model(
    "portal/site",
    changelist=back_office(OK, FORBIDDEN),
    add=back_office(FORBIDDEN),
    obj=back_office(OK, HIDDEN),
    delete=back_office(FORBIDDEN, HIDDEN),
)
# Placements (引用/转载) on a site: made and removed by its editors, never edited.
EXPECTATIONS |= admin_model(
    "disclosure/documentplacement",
    changelist=back_office(OK, FORBIDDEN),
    add=back_office(OK, FORBIDDEN),
    obj=back_office(OK, HIDDEN),
    delete=back_office(OK, HIDDEN),
)

# Who saw applicants' personal data: read-only, for the office head and the privacy officer of
# the agency (staff_b holds those roles in agency B: its own, empty, list).
EXPECTATIONS |= admin_model(
    "requests_app/personaldataaccess",
    changelist=back_office(OK, editor_a=FORBIDDEN),
    add=back_office(FORBIDDEN),
    obj=back_office(OK, HIDDEN, editor_a=HIDDEN),
    delete=back_office(FORBIDDEN, HIDDEN, editor_a=HIDDEN),
)

# Applications to attend a public meeting: only the roles that handle the public's data of the
# meeting's agency open one (editors list none); they come from the public form only and are
# erased by the retention sweep, never deleted.
EXPECTATIONS |= admin_model(
    "interaction/meetingapplication",
    changelist=back_office(OK),
    add=back_office(FORBIDDEN),
    obj=back_office(OK, HIDDEN, editor_a=HIDDEN),
    delete=back_office(FORBIDDEN, HIDDEN, editor_a=HIDDEN),
)

# Import batches come from the import page only, and stay: their documents keep them.
EXPECTATIONS |= admin_model(
    "disclosure/importbatch",
    changelist=back_office(OK),
    add=back_office(FORBIDDEN),
    obj=back_office(OK, HIDDEN),
    delete=back_office(FORBIDDEN, HIDDEN),
)

# Public reference data every staff member may read; only superusers add or delete.
for _path in ("portal/agency", "disclosure/catalogdomain"):
    EXPECTATIONS |= admin_model(
        _path,
        changelist=back_office(OK),
        add=back_office(FORBIDDEN),
        obj=back_office(OK),
        delete=back_office(FORBIDDEN),
    )

# An agency's own records: agency B's staff list and add their own, never reach agency A's.
# Requests, reviews and negative-list entries are never deleted (staff_a: 403).
AGENCY_RECORDS = {
    "disclosure/catalogitem": OK,
    "disclosure/negativelistentry": FORBIDDEN,
    "disclosure/document": OK,
    "requests_app/informationrequest": FORBIDDEN,
    "requests_app/review": FORBIDDEN,
    "reports/annualreport": OK,
    "reports/annualfigures": OK,
    "interpretation/consultation": OK,
    "interpretation/interpretation": OK,
    "interpretation/policyquestion": OK,
    "interaction/interview": OK,
    "interaction/interviewrecord": OK,
    "interaction/meeting": OK,
    "interaction/meetingminutes": OK,
    "enforcement/decision": OK,
    "subsidies/beneficiarylist": OK,
    "keytasks/tasklist": OK,
    "keytasks/keytask": OK,
    "keytasks/progressreport": OK,
    "budgets/budgetdisclosure": OK,
    "opendata/dataset": OK,
    "opendata/datasetversion": OK,
    "powers/poweritem": OK,
    "enforcement/inspectionplan": OK,
    "enforcement/inspectionresult": OK,
    "gazette/issue": OK,
    "policies/policyitem": OK,
    # A concern that has responses is kept; a draft response may be discarded.
    "concerns/concern": FORBIDDEN,
    "concerns/response": OK,
    "newmedia/account": OK,
    "proposals/proposal": OK,
    "briefings/conference": OK,
    "briefings/conferencerecord": OK,
    "decisions/decisioncatalog": OK,
    "decisions/decisionstep": OK,
}
# Requests and their reviews are entered by handlers and office heads only.
REQUEST_RECORDS = {"requests_app/informationrequest", "requests_app/review"}
for _path, _delete in AGENCY_RECORDS.items():
    EXPECTATIONS |= admin_model(
        _path,
        changelist=back_office(OK),
        add=back_office(OK, editor_a=FORBIDDEN if _path in REQUEST_RECORDS else None),
        obj=back_office(OK, HIDDEN),
        delete=back_office(_delete, HIDDEN),
    )

# Who saw citizens' contacts and meeting applicants' data: read-only, for the office head and
# the privacy officer.
for _path in ("interaction/contactaccess", "interaction/applicationaccess"):
    EXPECTATIONS |= admin_model(
        _path,
        changelist=back_office(OK, editor_a=FORBIDDEN),
        add=back_office(FORBIDDEN),
        obj=back_office(OK, HIDDEN, editor_a=HIDDEN),
        delete=back_office(FORBIDDEN, HIDDEN, editor_a=HIDDEN),
    )

# Messages come from the public form; a published reply is withdrawn, never deleted.
for _path in ("interaction/message", "interaction/messagereply"):
    EXPECTATIONS |= admin_model(
        _path,
        changelist=back_office(OK),
        add=back_office(FORBIDDEN),
        obj=back_office(OK, HIDDEN),
        delete=back_office(FORBIDDEN, HIDDEN),
    )

# The same public URLs with the unpublished record: nobody gets it, not even its own staff
# (they use the back office). A comment's thank-you page just sends back to the consultation.
PRIVATE_EXPECTATIONS: dict[str, Rule] = {
    "interpretation/consultations/<int:pk>/thanks/": everyone(REDIRECT),
    "interaction/meetings/<int:pk>/applied/": everyone(REDIRECT),
}


# --- The checks -----------------------------------------------------------------------------


def _matches(response, outcome: str) -> bool:
    status = response.status_code
    location = response.get("Location", "")
    if outcome == LOGIN:
        return status == 302 and location.startswith("/admin/login/")
    if outcome == HIDDEN:
        return status in (403, 404) or (status == 302 and location == "/admin/")
    if outcome == REDIRECT:
        return status == 302 and not location.startswith("/admin/login/")
    if outcome == TRACK_FORM:
        return status == 302 and location.startswith("/requests/track/?")
    return str(status) == outcome


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


PERSONAL_DATA = {
    "the applicant's identity number": APPLICANT_ID.encode(),
    "the applicant's phone number": APPLICANT_PHONE.encode(),
    "a policy subscriber's e-mail address": SUBSCRIBER_EMAIL.encode(),
}
LEAKS = {"agency A's unpublished text": SECRET.encode(), **PERSONAL_DATA}

_addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))


class Visitors:
    def __init__(self, world: World) -> None:
        self.clients = {
            "anon": Client(),
            "applicant": tracking_client(world.own_request, world.own_code),
            "owner": tracking_client(world.target_request, world.target_code),
            "staff_a": StaffClient(),
            "editor_a": StaffClient(),
            "staff_b": StaffClient(),
        }
        self.clients["staff_a"].force_login(world.staff_a)
        self.clients["editor_a"].force_login(world.editor_a)
        self.clients["staff_b"].force_login(world.staff_b)
        self.clients["follower"] = StaffClient()
        self.clients["follower"].force_login(world.follower)
        self.tokens = {
            "staff_a": world["tokenproxy"].key,
            "editor_a": Token.objects.create(user=world.editor_a).key,
            "staff_b": Token.objects.create(user=world.staff_b).key,
        }

    def request(self, persona: str, method: str, url: str, data: dict | None = None):
        # One address per request: the anonymous API throttle (tested on its own) stays out.
        extra = {"REMOTE_ADDR": next(_addresses)}
        if url.startswith("/api/") and persona in self.tokens:
            extra["HTTP_AUTHORIZATION"] = f"Token {self.tokens[persona]}"
        client = self.clients[persona]
        if method == "post":
            return client.post(url, data or {}, **extra)
        return client.get(url, **extra)


def _cases(world: World) -> Iterator[tuple[Pattern, str, Rule]]:
    """Each pattern's URL with its rule, plus the private variant of public record pages."""
    for pattern in all_patterns():
        yield pattern, url_for(pattern, world), EXPECTATIONS[pattern.route]
        privates = PRIVATE_VARIANTS.get(record_key(pattern) or "", ())
        for private in (privates,) if isinstance(privates, str) else privates:
            rule = PRIVATE_EXPECTATIONS.get(pattern.route, everyone(NOT_FOUND))
            yield pattern, url_for(pattern, world, record=private), rule


def test_every_url_pattern_is_classified():
    routes = [pattern.route for pattern in all_patterns()]
    unclassified = sorted(set(routes) - set(EXPECTATIONS))
    assert not unclassified, "classify these URL patterns in EXPECTATIONS:\n" + "\n".join(
        unclassified
    )
    assert not set(EXPECTATIONS) - set(routes), "EXPECTATIONS lists URL patterns that are gone"
    assert len(routes) > 200  # the walk reached the admin's per-model URLs


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_visitor_gets_what_the_table_says_and_nothing_private(world, persona):
    keep_import_report(world)
    visitors = Visitors(world)
    wrong, leaked = [], []
    for pattern, url, rule in _cases(world):
        response = visitors.request(persona, "get", url)
        if not _matches(response, rule[persona]):
            got = f"{response.status_code} {response.get('Location', '')}".strip()
            wrong.append(f"{url} ({pattern.route}): expected {rule[persona]}, got {got}")
        elif response.status_code == 200 and persona in OUTSIDERS + PERSONAL_DATA_OUTSIDERS:
            body = _body(response)
            secrets = LEAKS if persona in OUTSIDERS else PERSONAL_DATA
            leaked += [f"{url}: {what}" for what, text in secrets.items() if text in body]
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)
    assert not leaked, f"{persona} sees what is not theirs:\n" + "\n".join(leaked)


def test_another_agencys_staff_cannot_post_to_agency_a_records(world):
    """Every back-office URL naming an agency A record refuses agency B's POSTs, and changes
    nothing."""
    visitors = Visitors(world)
    before = {key: _snapshot(obj) for key, obj in world.objects.items()}
    accepted = []
    for pattern in all_patterns():
        key = record_key(pattern)
        if not pattern.route.startswith(("admin/", "api/v1/staff/")) or key is None:
            continue
        rule = EXPECTATIONS[pattern.route]
        if rule["staff_b"] in (OK, REDIRECT) and pattern.route.endswith("<path:object_id>/"):
            continue  # the bare admin object URL only redirects to .../change/
        if key in ("agency", "catalogdomain") or rule["staff_b"] == OK:
            continue  # shared reference data: see the agency test below
        url = url_for(pattern, world)
        response = visitors.request("staff_b", "post", url, {"post": "yes", "note": "x"})
        if not (_matches(response, HIDDEN) or response.status_code == 405):
            accepted.append(f"{url}: {response.status_code} {response.get('Location', '')}")
        anonymous = visitors.request("anon", "post", url, {"post": "yes"})
        if not (_matches(anonymous, LOGIN) or anonymous.status_code == 401):
            accepted.append(f"{url} (anonymous): {anonymous.status_code}")
    assert not accepted, "\n".join(accepted)
    assert {key: _snapshot(obj) for key, obj in world.objects.items()} == before


def _snapshot(obj) -> dict:
    model = type(obj)
    row = model._default_manager.filter(pk=obj.pk).values().first()
    return {k: v for k, v in (row or {}).items() if k not in ("last_login",)}


def test_another_agencys_office_head_cannot_edit_agency_a(world):
    visitors = Visitors(world)
    url = f"/admin/portal/agency/{world.agency_a.pk}/change/"
    response = visitors.request(
        "staff_b", "post", url, {"office_phone": "0000", "disclosure_guide": "hijacked"}
    )
    assert response.status_code == 403
    world.agency_a.refresh_from_db()
    assert world.agency_a.office_phone != "0000"


def test_an_office_head_cannot_move_agencies_in_the_tree(world):
    """Only superusers change the tree: an agency's place decides who reviews its answers and
    whose figures it adds to."""
    visitors = Visitors(world)
    paths = {agency.pk: agency.path for agency in Agency.objects.all()}
    for persona, node in (("staff_b", world.agency_b), ("staff_a", world.agency_a)):
        response = visitors.request(
            persona,
            "post",
            "/admin/portal/agency/move/",
            {"node": node.pk, "target": (world.agency_b if node == world.agency_a else
                                         world.agency_a).pk, "relation": "child"},
        )  # fmt: skip
        assert response.status_code == 403, persona
    assert {agency.pk: agency.path for agency in Agency.objects.all()} == paths


def test_negative_list_history_of_another_agency_is_hidden(world):
    entry: NegativeListEntry = world["negativelistentry"]
    version = entry.history.first().history_id
    visitors = Visitors(world)
    for url in (
        f"/admin/disclosure/negativelistentry/{entry.pk}/history/",
        f"/admin/disclosure/negativelistentry/{entry.pk}/history/{version}/",
    ):
        assert visitors.request("staff_b", "get", url).status_code == 404, url
        assert visitors.request("staff_a", "get", url).status_code == 200, url


def _lookup_page(client: Client, number: str, code: str) -> str:
    response = client.post(
        "/requests/track/",
        {"tracking_number": number, "access_code": code},
        REMOTE_ADDR=next(_addresses),
    )
    assert response.status_code == 200
    text = response.content.decode()
    # The form echoes the number typed; tokens and nonces change per response.
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r'nonce="[^"]*"', "", text)
    return text.replace(number, "<number>")


def test_another_applicants_code_gets_the_same_answer_as_an_unknown_number(world):
    """An applicant holding their own access code learns nothing about another request: the
    answer is the page an unknown number gets, word for word."""
    applicant = tracking_client(world.own_request, world.own_code)
    other = _lookup_page(applicant, world.target_request.tracking_number, world.own_code)
    unknown = _lookup_page(applicant, "2026-999999", world.own_code)
    assert other == unknown
    assert SECRET not in other and APPLICANT_ID not in other
    detail = f"/requests/track/{world.target_request.tracking_number}/"
    assert _matches(applicant.get(detail), TRACK_FORM)


def test_another_applicant_cannot_withdraw_the_request(world):
    applicant = tracking_client(world.own_request, world.own_code)
    status = InformationRequest.objects.get(pk=world.target_request.pk).status
    url = f"/requests/track/{world.target_request.tracking_number}/withdraw/"
    response = applicant.post(url, {"confirm": "yes"})
    assert _matches(response, TRACK_FORM)
    assert InformationRequest.objects.get(pk=world.target_request.pk).status == status


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name", "record"),
    [
        ("requests_app", "review", "request", "informationrequest"),
        ("interpretation", "interpretation", "documents", "document"),
        ("interpretation", "policyquestion", "documents", "document"),
    ],
)
def test_admin_autocomplete_never_offers_another_agencys_records(
    world, app_label, model_name, field_name, record
):
    visitors = Visitors(world)
    params = f"app_label={app_label}&model_name={model_name}&field_name={field_name}&term="
    offered = {}
    for persona in ("staff_a", "staff_b"):
        response = visitors.request(persona, "get", f"/admin/autocomplete/?{params}")
        assert response.status_code == 200, persona
        offered[persona] = {row["id"] for row in response.json()["results"]}
    assert str(world[record].pk) in offered["staff_a"]  # the query does find it
    assert str(world[record].pk) not in offered["staff_b"]
    # A parent agency's follower reads agency A's documents but links none of its drafts.
    response = visitors.request("follower", "get", f"/admin/autocomplete/?{params}")
    if response.status_code == 200:
        assert str(world[record].pk) not in {row["id"] for row in response.json()["results"]}
    else:
        assert _matches(response, HIDDEN)


# --- A parent agency follows its sub-agencies' documents, read only -------------------------

# The office head and publisher of agency A's parent (``world.follower``) gets what agency B's
# staff get everywhere, except these pages of agency A's documents: they read them (list,
# change page without save/delete/steps, history, preview, screening, files) and act on none.
FOLLOWED_DOCUMENT_PAGES: dict[str, str] = {
    "admin/disclosure/document/<path:object_id>/change/": OK,
    "admin/disclosure/document/<path:object_id>/history/": OK,
    "admin/disclosure/document/<path:object_id>/": REDIRECT,
    "admin/disclosure/document/<int:pk>/preview/": OK,
    "admin/disclosure/document/<int:pk>/screening/": OK,
    "admin/disclosure/document/attachment/<int:pk>/": OK,
    "admin/disclosure/document/<path:object_id>/delete/": FORBIDDEN,
    "admin/disclosure/document/<int:pk>/workflow/<str:action>/": NOT_FOUND,
    "admin/disclosure/document/<int:pk>/validity/": NOT_FOUND,
    "admin/disclosure/document/<int:pk>/change-notice/": NOT_FOUND,
    # "View on site" of the document they may read: its public address (404 until published).
    "admin/r/<path:content_type_id>/<path:object_id>/": REDIRECT,
}
# Read-only pages that ignore the method: a POST reads them too, and changes nothing.
_READ_ONLY_ON_POST = {route for route, outcome in FOLLOWED_DOCUMENT_PAGES.items() if outcome == OK}
_READ_ONLY_ON_POST -= {"admin/disclosure/document/<path:object_id>/change/"}


def _agency_a_record_pages(world: World) -> Iterator[tuple[Pattern, str, str]]:
    """Each back-office URL naming an agency A record, with what the follower may get."""
    for pattern in all_patterns():
        key = record_key(pattern)
        if not pattern.route.startswith("admin/") or key is None:
            continue
        if pattern.route in FOLLOWED_DOCUMENT_PAGES:
            yield pattern, url_for(pattern, world), FOLLOWED_DOCUMENT_PAGES[pattern.route]
        else:
            assert not pattern.route.startswith("admin/disclosure/document/"), (
                f"classify {pattern.route} in FOLLOWED_DOCUMENT_PAGES"
            )
            yield pattern, url_for(pattern, world), EXPECTATIONS[pattern.route]["staff_b"]


def test_a_parent_follower_reads_agency_a_documents_and_nothing_else(world):
    visitors = Visitors(world)
    wrong, leaked = [], []
    for pattern, url, outcome in _agency_a_record_pages(world):
        response = visitors.request("follower", "get", url)
        if not _matches(response, outcome):
            got = f"{response.status_code} {response.get('Location', '')}".strip()
            wrong.append(f"{url} ({pattern.route}): expected {outcome}, got {got}")
        elif response.status_code == 200:
            body = _body(response)
            secrets = PERSONAL_DATA if pattern.route in FOLLOWED_DOCUMENT_PAGES else LEAKS
            leaked += [f"{url}: {what}" for what, text in secrets.items() if text in body]
    assert not wrong, "follower:\n" + "\n".join(wrong)
    assert not leaked, "the follower sees what is not theirs:\n" + "\n".join(leaked)
    # The list holds agency A's unpublished document, marked as a sub-agency's; the change
    # page offers no step, no save and no delete.
    listed = visitors.request("follower", "get", "/admin/disclosure/document/?whose=followed")
    assert world["document"].pk in {d.pk for d in listed.context["cl"].result_list}
    change = visitors.request(
        "follower", "get", f"/admin/disclosure/document/{world['document'].pk}/change/"
    )
    assert SECRET in change.content.decode() and change.context["workflow_actions"] == []
    assert b'name="_save"' not in change.content and b"/delete/" not in change.content
    # Requests and their applicants' data are never followed.
    requests = visitors.request("follower", "get", "/admin/requests_app/informationrequest/")
    assert not [what for what, text in LEAKS.items() if text in _body(requests)]


def test_a_parent_follower_cannot_act_on_agency_a_records(world):
    """Every back-office URL naming an agency A record refuses the follower's POSTs (the
    document's read-only pages just read), and nothing changes in the database."""
    visitors = Visitors(world)
    before = {key: _snapshot(obj) for key, obj in world.objects.items()}
    accepted = []
    for pattern, url, outcome in _agency_a_record_pages(world):
        if record_key(pattern) in ("agency", "catalogdomain"):
            continue  # shared reference data: see test_another_agencys_office_head_cannot_edit
        if outcome in (OK, REDIRECT) and pattern.route not in FOLLOWED_DOCUMENT_PAGES:
            continue  # agency B's staff get it too (their own, empty, page)
        if pattern.route.endswith("<path:object_id>/") or pattern.route in _READ_ONLY_ON_POST:
            continue  # a redirect to .../change/, or a page that only reads
        data = {"post": "yes", "note": "x", "title": "改了", "rerun": "1", "validity": "invalid"}
        response = visitors.request("follower", "post", url, data)
        if not (_matches(response, HIDDEN) or response.status_code == 405):
            accepted.append(f"{url}: {response.status_code} {response.get('Location', '')}")
    assert not accepted, "\n".join(accepted)
    assert {key: _snapshot(obj) for key, obj in world.objects.items()} == before
