from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from briefings import feeds as briefing_feeds
from budgets import feeds as budgets_feeds
from concerns import feeds as concerns_feeds
from decisions import feeds as decisions_feeds
from disclosure import exports, feeds
from disclosure import views as disclosure_views
from enforcement import feeds as enforcement_feeds
from gazette import feeds as gazette_feeds
from interaction import feeds as interaction_feeds
from interaction import feeds_events as interaction_events_feeds
from interpretation import feeds as interpretation_feeds
from keytasks import feeds as keytasks_feeds
from newmedia import feeds as newmedia_feeds
from opendata import feeds as opendata_feeds
from policies import feeds as policy_feeds
from portal import admin_links, sitemaps, views
from powers import feeds as powers_feeds
from proposals import feeds as proposals_feeds
from reports import views as reports_views
from requests_app import views as requests_views
from subsidies import feeds as subsidies_feeds

app_urls = (
    [
        path("", views.home, name="home"),
        path("agencies/", views.agency_directory, name="agency_directory"),
        path("agencies/<str:code>/", views.agency_column, name="agency_column"),
        path("agencies/<str:code>/profile/", views.agency_profile, name="agency_profile"),
        # The standard 政府信息公开 column: each app serves its page under the agency's column.
        path("agencies/<str:code>/guide/", views.agency_guide, name="agency_guide"),
        path("agencies/<str:code>/rules/", disclosure_views.agency_rules, name="agency_rules"),
        path(
            "agencies/<str:code>/statutory/",
            disclosure_views.agency_statutory,
            name="agency_statutory",
        ),
        path("agencies/<str:code>/reports/", reports_views.agency_reports, name="agency_reports"),
        path("agencies/<str:code>/apply/", requests_views.agency_apply, name="agency_apply"),
        path(
            "agencies/<str:code>/apply/form.pdf",
            requests_views.paper_form_pdf,
            name="agency_paper_form_pdf",
        ),
        path(
            "agencies/<str:code>/apply/form.docx",
            requests_views.paper_form_docx,
            name="agency_paper_form_docx",
        ),
        path("display/text-size/", views.text_size, name="text_size"),
        path("display/elder-mode/", views.elder_mode, name="elder_mode"),
        path("accessibility/", views.accessibility, name="accessibility"),
        # 五公开: the five kinds of openness and 回应关切, each with its sections.
        path("openness/", views.openness, name="openness"),
        path("site/badge/", views.site_badge, name="site_badge"),
        path("site/logo/", views.site_logo, name="site_logo"),
        # 网站地图, the sitemap for people (linked from every page's footer).
        path("sitemap/", views.site_map, name="sitemap"),
        path("healthz", views.health, name="health"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(app_urls)),
    path("disclosure/", include("disclosure.urls")),
    path("requests/", include("requests_app.urls")),
    path("reports/", include("reports.urls")),
    path("interpretation/", include("interpretation.urls")),
    path("interaction/", include("interaction.urls")),
    path("enforcement/", include("enforcement.urls")),
    path("subsidies/", include("subsidies.urls")),
    path("concern-responses/", include("concerns.urls")),
    path("newmedia/", include("newmedia.urls")),
    path("proposals/", include("proposals.urls")),
    path("decisions/", include("decisions.urls")),
    path("keytasks/", include("keytasks.urls")),
    path("budgets/", include("budgets.urls")),
    path("opendata/", include("opendata.urls")),
    path("powers/", include("powers.urls")),
    path("gazette/", include("gazette.urls")),
    path("briefings/", include("briefings.urls")),
    # The policy Q&A assistant (问政策); the rest of the policy services live under policies/.
    path("policies/ask/", include("policies.urls_assistant")),
    path("policies/", include("policies.urls")),
    path("search/", include("portal.search.urls")),
    path("api/v1/", include("portal.api")),
    # Open data: streamed CSV/JSON downloads, all agencies or one agency with its sub-agencies.
    path("data/<str:dataset>.<str:fmt>", exports.export, name="export"),
    path("data/<str:code>/<str:dataset>.<str:fmt>", exports.export, name="export_agency"),
    path("feeds/documents.rss", feeds.DocumentFeed(), name="feed_documents"),
    path("feeds/documents.atom", feeds.DocumentAtomFeed(), name="feed_documents_atom"),
    path("feeds/agency/<str:code>.rss", feeds.DocumentFeed(), name="feed_agency"),
    path("feeds/agency/<str:code>.atom", feeds.DocumentAtomFeed(), name="feed_agency_atom"),
    path("feeds/theme/<int:theme>.rss", feeds.DocumentFeed(), name="feed_theme"),
    path("feeds/theme/<int:theme>.atom", feeds.DocumentAtomFeed(), name="feed_theme_atom"),
    path(
        "feeds/interpretations.rss",
        interpretation_feeds.InterpretationFeed(),
        name="feed_interpretations",
    ),
    path(
        "feeds/interpretations.atom",
        interpretation_feeds.InterpretationAtomFeed(),
        name="feed_interpretations_atom",
    ),
    path(
        "feeds/consultations.rss",
        interpretation_feeds.ConsultationFeed(),
        name="feed_consultations",
    ),
    path(
        "feeds/consultations.atom",
        interpretation_feeds.ConsultationAtomFeed(),
        name="feed_consultations_atom",
    ),
    path("feeds/interviews.rss", interaction_events_feeds.InterviewFeed(), name="feed_interviews"),
    path(
        "feeds/interviews.atom",
        interaction_events_feeds.InterviewAtomFeed(),
        name="feed_interviews_atom",
    ),
    path("feeds/meetings.rss", interaction_events_feeds.MeetingFeed(), name="feed_meetings"),
    path(
        "feeds/meetings.atom", interaction_events_feeds.MeetingAtomFeed(), name="feed_meetings_atom"
    ),
    path("feeds/messages.rss", interaction_feeds.MessageFeed(), name="feed_messages"),
    path("feeds/messages.atom", interaction_feeds.MessageAtomFeed(), name="feed_messages_atom"),
    path("feeds/enforcement.rss", enforcement_feeds.DecisionFeed(), name="feed_enforcement"),
    path(
        "feeds/enforcement.atom",
        enforcement_feeds.DecisionAtomFeed(),
        name="feed_enforcement_atom",
    ),
    path("feeds/subsidies.rss", subsidies_feeds.BeneficiaryListFeed(), name="feed_subsidies"),
    path(
        "feeds/subsidies.atom",
        subsidies_feeds.BeneficiaryListAtomFeed(),
        name="feed_subsidies_atom",
    ),
    path("feeds/concern-responses.rss", concerns_feeds.ResponseFeed(), name="feed_concerns"),
    path(
        "feeds/concern-responses.atom",
        concerns_feeds.ResponseAtomFeed(),
        name="feed_concerns_atom",
    ),
    path("feeds/newmedia.rss", newmedia_feeds.AccountFeed(), name="feed_newmedia"),
    path("feeds/newmedia.atom", newmedia_feeds.AccountAtomFeed(), name="feed_newmedia_atom"),
    path("feeds/proposals.rss", proposals_feeds.ProposalFeed(), name="feed_proposals"),
    path("feeds/proposals.atom", proposals_feeds.ProposalAtomFeed(), name="feed_proposals_atom"),
    path("feeds/briefings.rss", briefing_feeds.ConferenceFeed(), name="feed_briefings"),
    path("feeds/briefings.atom", briefing_feeds.ConferenceAtomFeed(), name="feed_briefings_atom"),
    path("feeds/decisions.rss", decisions_feeds.DecisionStepFeed(), name="feed_decisions"),
    path(
        "feeds/decisions.atom", decisions_feeds.DecisionStepAtomFeed(), name="feed_decisions_atom"
    ),
    path("feeds/keytasks.rss", keytasks_feeds.ProgressReportFeed(), name="feed_keytasks"),
    path(
        "feeds/keytasks.atom",
        keytasks_feeds.ProgressReportAtomFeed(),
        name="feed_keytasks_atom",
    ),
    path("feeds/budgets.rss", budgets_feeds.BudgetDisclosureFeed(), name="feed_budgets"),
    path("feeds/budgets.atom", budgets_feeds.BudgetDisclosureAtomFeed(), name="feed_budgets_atom"),
    path("feeds/opendata.rss", opendata_feeds.DatasetFeed(), name="feed_opendata"),
    path("feeds/opendata.atom", opendata_feeds.DatasetAtomFeed(), name="feed_opendata_atom"),
    path("feeds/powers.rss", powers_feeds.PowerChangeFeed(), name="feed_powers"),
    path("feeds/powers.atom", powers_feeds.PowerChangeAtomFeed(), name="feed_powers_atom"),
    path("feeds/inspections.rss", enforcement_feeds.InspectionPlanFeed(), name="feed_inspections"),
    path(
        "feeds/inspections.atom",
        enforcement_feeds.InspectionPlanAtomFeed(),
        name="feed_inspections_atom",
    ),
    path("feeds/gazette.rss", gazette_feeds.IssueFeed(), name="feed_gazette"),
    path("feeds/gazette.atom", gazette_feeds.IssueAtomFeed(), name="feed_gazette_atom"),
    path("feeds/policies.rss", policy_feeds.PolicyItemFeed(), name="feed_policies"),
    path("feeds/policies.atom", policy_feeds.PolicyItemAtomFeed(), name="feed_policies_atom"),
    path(
        "sitemap.xml",
        sitemaps.cached_until_sites_change(sitemaps.sitemap_index),
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.cached_until_sites_change(sitemaps.sitemap_section),
        name="sitemap-section",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    # The language, text-size and 长者模式 switches set a display preference in a cookie and nothing
    # else: a forged one does no harm, so they take no CSRF token, and the pages that carry
    # them (every page) can be shared from the page cache.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # The admin, with its "view on site" shortcut checked like the change form (admin_links).
    path("admin/", admin_links.site_urls(admin.site)),
]
# Uploaded files are never served from MEDIA_ROOT directly, not even under DEBUG: attachments
# and applicants' files go through views that check their document or request first.

# A 404 under the API answers JSON (portal.api_errors); elsewhere the site's own page.
handler404 = "portal.api_errors.page_not_found"
