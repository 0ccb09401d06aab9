"""Settings for the portal, read from the environment and failing closed.

Production (``DEBUG`` off, the default) refuses to start without ``SECRET_KEY``,
``ALLOWED_HOSTS``, ``DATABASE_URL``, ``REDIS_URL`` and ``EMAIL_HOST``, unless told by name to do
without the last three (``ALLOW_SQLITE``, ``ALLOW_WITHOUT_REDIS``, an explicit ``EMAIL_BACKEND``).
Then, and under ``DEBUG``, a missing ``DATABASE_URL`` means a SQLite file under ``DATA_DIR``
and a missing ``REDIS_URL`` means Celery tasks in-process and a local-memory cache.
"""

import base64
import hashlib
import re
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from portal.env import (
    envbool,
    envdatabase,
    envdatabases,
    envint,
    envjson_object,
    envlist,
    envnetworks,
    envrate,
    envredis,
    envstr,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG=1"  # noqa: S105

# Every host name of every site of the site group (portal.sites) must be listed too; with
# DEBUG, ``.localhost`` admits the demo's sites (lishui.localhost, jinyun.lishui.localhost).
ALLOWED_HOSTS = envlist(
    "ALLOWED_HOSTS", ["localhost", ".localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

# Production (DEBUG off) runs on its real services. Without them it used to fall back quietly to
# SQLite, to in-process tasks with per-process rate limits (four gunicorn workers: four times
# every limit) and to the console mail backend (which printed access codes into the server log).
# Each fallback must now be asked for by name; the message is one line, printed by manage.py and
# portal/wsgi.py without a traceback.
_missing = []
if not DEBUG:
    if not envstr("DATABASE_URL") and not envbool("ALLOW_SQLITE", False):
        _missing.append("DATABASE_URL (or ALLOW_SQLITE=1)")
    if not envstr("REDIS_URL") and not envbool("ALLOW_WITHOUT_REDIS", False):
        _missing.append("REDIS_URL (or ALLOW_WITHOUT_REDIS=1)")
    if not envstr("EMAIL_HOST") and not envstr("EMAIL_BACKEND"):
        _missing.append("EMAIL_HOST (or EMAIL_BACKEND)")
if _missing:
    raise ImproperlyConfigured(
        f"With DEBUG off, set {', '.join(_missing)}: see README, Security model."
    )

DATA_DIR = Path(envstr("DATA_DIR") or BASE_DIR / "var").resolve()
# Created here so that a fresh checkout's SQLite file, uploads and index have somewhere to go.
DATA_DIR.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
SEARCH_INDEX_DIR = Path(envstr("SEARCH_INDEX_DIR") or DATA_DIR / "search-index")
# Index updates go to their own Celery queue, for a worker of their own:
#   celery -A portal worker -Q search --concurrency 1
# (Whoosh's write lock keeps a second writer out anyway). Set it to "celery" to let the
# default worker do them.
SEARCH_QUEUE = envstr("SEARCH_QUEUE") or "search"
# E-mails (receipts, notices, reminders, digests) go to a queue of their own, so that a slow or
# unreachable mail server holds up only them, and a worker for them can run where the SMTP
# relay is reachable: celery -A portal worker -Q mail. Set it to "celery" to let the default
# worker send them; a single server runs one worker on both: -Q celery,mail.
MAIL_QUEUE = envstr("MAIL_QUEUE") or "mail"

# Proactive disclosure. Index numbers (索引号): placeholders {agency_code}, {year}, {month}, {seq}.
DISCLOSURE_INDEX_PATTERN = envstr("DISCLOSURE_INDEX_PATTERN") or "{agency_code}/{year}-{seq:05d}"
DISCLOSURE_ATTACHMENT_MAX_BYTES = envint("DISCLOSURE_ATTACHMENT_MAX_MB", 50) * 1024 * 1024
# Art 26: proactive information is published within 20 working days of being formed.
DISCLOSURE_PUBLISH_WITHIN_WORKDAYS = 20
# OCR (disclosure/ocr.py) of scanned PDF pages and images, with Debian's tesseract: the
# command, its languages (simplified and traditional Chinese, and English for numbers and
# Latin names), the time one page may take, how many pages of one file are read, the
# resolution pages are rendered at, and the largest image (in pixels) it is given.
DISCLOSURE_OCR_COMMAND = envstr("DISCLOSURE_OCR_COMMAND") or "tesseract"
# With both Chinese models, the first page of a file is read with each and the script that
# fits better is kept for the file (each model writes its own script only: disclosure/ocr.py).
DISCLOSURE_OCR_LANGUAGES = envstr("DISCLOSURE_OCR_LANGUAGES") or "chi_sim+chi_tra+eng"
DISCLOSURE_OCR_PAGE_TIMEOUT_SECONDS = envint("DISCLOSURE_OCR_PAGE_TIMEOUT_SECONDS", 120)
DISCLOSURE_OCR_MAX_PAGES = envint("DISCLOSURE_OCR_MAX_PAGES", 50)
DISCLOSURE_OCR_DPI = envint("DISCLOSURE_OCR_DPI", 300)
DISCLOSURE_OCR_MAX_PIXELS = envint("DISCLOSURE_OCR_MAX_PIXELS", 40_000_000)
# The bulk import of historical documents (disclosure/backlog): the ZIP of their files.
DISCLOSURE_BACKLOG_MAX_ARCHIVE_MB = envint("DISCLOSURE_BACKLOG_MAX_ARCHIVE_MB", 500)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded files above this size go to a temporary file instead of memory (Django's default).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
# Request bodies larger than an endpoint can accept are refused (413) before they are read
# (portal/body_limits.py): public endpoints without uploads take DATA_UPLOAD_MAX_MEMORY_SIZE;
# the application form its files and fields; staff in the back office STAFF_UPLOAD_MAX_MB (an
# interpretation video may be 1 GB). The reverse proxy's limit should match (README).
PUBLIC_BODY_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
STAFF_UPLOAD_MAX_BYTES = envint("STAFF_UPLOAD_MAX_MB", 1100) * 1024 * 1024

# Information requests. Applicants' identity numbers and contacts are encrypted with a key
# derived from SECRET_KEY and this salt (django-fernet-encrypted-fields): a database dump alone
# does not reveal them. Rotating SECRET_KEY needs the old key in SECRET_KEY_FALLBACKS until
# `manage.py rekey_hashes` has re-encrypted them.
SALT_KEY = envstr("FIELD_ENCRYPTION_SALT") or "portal-applicant-data-v1"
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS")
# Keyed hashes (access codes; the applicant and e-mail keys that count fees and rate limits)
# have a key of their own, so that rotating SECRET_KEY leaves them alone. Unset, it is
# SECRET_KEY, as before it existed, and its fallbacks are SECRET_KEY_FALLBACKS. Rotating it:
# the old key goes into HASH_KEY_FALLBACKS (old codes and fee identities keep working), then
# `manage.py rekey_hashes` re-keys what can be re-keyed (README, Security model).
HASH_KEY = envstr("HASH_KEY") or SECRET_KEY
HASH_KEY_FALLBACKS = envlist(
    "HASH_KEY_FALLBACKS", [] if envstr("HASH_KEY") else SECRET_KEY_FALLBACKS
)
REQUESTS_ATTACHMENT_MAX_BYTES = envint("REQUESTS_ATTACHMENT_MAX_MB", 10) * 1024 * 1024
# Processing fees by count (按件, 国办函〔2020〕109号 Art 4): whose applications make up the
# applicant's monthly count. "agency" (default, domain-spec §8): the applications made to the
# charging agency only — the fee notice says "向本机关提出的第N件" and must not reveal requests
# to other agencies. "all": every agency on this installation (a shared disclosure office).
REQUESTS_FEE_COUNT_SCOPE = envstr("REQUESTS_FEE_COUNT_SCOPE") or "agency"
if REQUESTS_FEE_COUNT_SCOPE not in {"agency", "all"}:
    raise ImproperlyConfigured(
        f"REQUESTS_FEE_COUNT_SCOPE={REQUESTS_FEE_COUNT_SCOPE!r}: use 'agency' or 'all'."
    )
# Retention (requests_app.retention): applicants' identity and contacts are pseudonymised this
# many years after a request is closed (个人信息保护法 Art 19: no longer than the purpose
# needs). Five years, because 行政诉讼法 Art 46 ¶2 bars any lawsuit over an answer brought more
# than five years after it was given (the 60-day reconsideration and six-month litigation
# periods are far shorter), so after that the applicant's identity is no longer needed to
# defend the answer; a review still pending keeps the data regardless. The archival copy
# (文书档案, commonly kept 10 or 30 years under 国家档案局令第8号) is filed in the agency's
# records system, not kept in this working database; an agency that uses the portal as that
# archive sets 10 or more. The statistics and the annual reports do not change.
REQUEST_RETENTION_YEARS = envint("REQUEST_RETENTION_YEARS", 5)
if REQUEST_RETENTION_YEARS < 1:
    raise ImproperlyConfigured("REQUEST_RETENTION_YEARS must be at least 1.")
# Abuse control on the public forms (django-ratelimit, counted in the cache).
REQUESTS_RATE_PER_IP = envrate("REQUESTS_RATE_PER_IP", "10/h", per_several_units=True)
REQUESTS_RATE_PER_EMAIL = envrate("REQUESTS_RATE_PER_EMAIL", "5/h", per_several_units=True)
TRACKING_RATE_PER_IP = envrate("TRACKING_RATE_PER_IP", "20/h", per_several_units=True)
# Applications to attend a public meeting, per connection; the applicants' personal data are
# erased this many days after the meeting (interaction.events).
MEETING_APPLY_RATE_PER_IP = envrate("MEETING_APPLY_RATE_PER_IP", "5/h", per_several_units=True)
MEETING_APPLICATION_RETENTION_DAYS = envint("MEETING_APPLICATION_RETENTION_DAYS", 30)
if MEETING_APPLICATION_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("MEETING_APPLICATION_RETENTION_DAYS must not be negative.")
# Messages (互动交流): the citizen's name, contacts and files are removed this many years after
# the last reply (the statistics and the published replies stay).
MESSAGE_RETENTION_YEARS = envint("MESSAGE_RETENTION_YEARS", 3)
if MESSAGE_RETENTION_YEARS < 1:
    raise ImproperlyConfigured("MESSAGE_RETENTION_YEARS must be at least 1.")
# 行政执法公示: how many days a decision stays on the public pages (and in the API, search,
# feeds, sitemap and exports) after its decision date, per kind. The
# 国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见
# （国办发〔2018〕118号）leaves the period to local rules; these defaults follow common
# provincial practice (处罚 3 years, 强制 1 year, 许可 and 检查 3 years). The records stay for
# staff and the annual report after the period.
ENFORCEMENT_PUBLICATION_DAYS = {
    "licensing": envint("ENFORCEMENT_LICENSING_DAYS", 1095),
    "penalty": envint("ENFORCEMENT_PENALTY_DAYS", 1095),
    "coercion": envint("ENFORCEMENT_COERCION_DAYS", 365),
    "inspection": envint("ENFORCEMENT_INSPECTION_DAYS", 1095),
}
if min(ENFORCEMENT_PUBLICATION_DAYS.values()) < 1:
    raise ImproperlyConfigured("ENFORCEMENT_*_DAYS must be at least 1.")
# 民生资金 beneficiary lists (subsidies): the 公示期 a list gets when staff give only its first
# day. Seven days, as 《最低生活保障审核确认办法》(民发〔2021〕57号, Art 21) and
# 《特困人员认定办法》(民发〔2021〕43号, Art 14) fix for the publication of who is to receive
# them; staff set another end date where local rules ask for one. The unmasked spreadsheet as
# uploaded is kept encrypted in the database and may be at most SUBSIDY_UPLOAD_MAX_MB.
SUBSIDY_NOTICE_DAYS = envint("SUBSIDY_NOTICE_DAYS", 7)
if SUBSIDY_NOTICE_DAYS < 1:
    raise ImproperlyConfigured("SUBSIDY_NOTICE_DAYS must be at least 1.")
SUBSIDY_UPLOAD_MAX_BYTES = envint("SUBSIDY_UPLOAD_MAX_MB", 10) * 1024 * 1024
# 回应关切 (concerns): the response clock in clock hours, nights, weekends and holidays included
# (国办发〔2016〕61号; 国办发〔2016〕80号): authoritative information on a 特别重大、重大突发事件
# within 5 hours, a press conference within 24; other concerns answered within 48 hours. The
# office head hears *_WARNING_HOURS before a limit, the government above once it has passed.
CONCERN_AUTHORITATIVE_HOURS = envint("CONCERN_AUTHORITATIVE_HOURS", 5)
CONCERN_PRESS_CONFERENCE_HOURS = envint("CONCERN_PRESS_CONFERENCE_HOURS", 24)
CONCERN_RESPONSE_HOURS = envint("CONCERN_RESPONSE_HOURS", 48)
CONCERN_AUTHORITATIVE_WARNING_HOURS = envint("CONCERN_AUTHORITATIVE_WARNING_HOURS", 1)
CONCERN_PRESS_CONFERENCE_WARNING_HOURS = envint("CONCERN_PRESS_CONFERENCE_WARNING_HOURS", 4)
CONCERN_RESPONSE_WARNING_HOURS = envint("CONCERN_RESPONSE_WARNING_HOURS", 4)
if not (
    0 < CONCERN_AUTHORITATIVE_WARNING_HOURS < CONCERN_AUTHORITATIVE_HOURS
    and 0 < CONCERN_PRESS_CONFERENCE_WARNING_HOURS < CONCERN_PRESS_CONFERENCE_HOURS
    and 0 < CONCERN_RESPONSE_WARNING_HOURS < CONCERN_RESPONSE_HOURS
):
    raise ImproperlyConfigured("Each CONCERN_*_WARNING_HOURS must be between 0 and its limit.")
if SUBSIDY_UPLOAD_MAX_BYTES < 1:
    raise ImproperlyConfigured("SUBSIDY_UPLOAD_MAX_MB must be at least 1.")
# 政务新媒体 (newmedia): the most days an account may go without an update before the
# self-inspection flags it — two weeks, a single-veto item of 《政府网站与政务新媒体检查指标》;
# per platform (NEWMEDIA_<PLATFORM>_DAYS) where a stricter rule applies.
NEWMEDIA_UPDATE_LIMIT_DAYS = {
    platform: envint(f"NEWMEDIA_{platform.upper()}_DAYS", envint("NEWMEDIA_UPDATE_DAYS", 14))
    for platform in ("weibo", "wechat", "app", "douyin", "kuaishou", "toutiao", "other")
}
if min(NEWMEDIA_UPDATE_LIMIT_DAYS.values()) < 1:
    raise ImproperlyConfigured("NEWMEDIA_*_DAYS must be at least 1.")
# Messages (互动交流) sent from one client address (the one client-address rule below).
MESSAGES_RATE_PER_IP = envrate("MESSAGES_RATE_PER_IP", "10/h", per_several_units=True)
# The policy Q&A assistant (问政策): questions answered per connection (each is a search), and the
# least share of a question's weight a passage or Q&A entry must cover to be shown as an answer
# (policies.assistant.MIN_SCORE explains the measure and why 0.7).
ASSISTANT_RATE_PER_IP = envrate("ASSISTANT_RATE_PER_IP", "30/m", per_several_units=True)
ASSISTANT_MIN_SCORE = 0.7
# The questions asked of 问政策 (masked, no address) are kept this long for the staff report of
# topics without an answer, then deleted by a daily task.
ASSISTANT_LOG_DAYS = envint("ASSISTANT_LOG_DAYS", 365)
# The citizen hotline shown in the 互动交流 column (12345 政务服务便民热线).
INTERACTION_HOTLINE = envstr("INTERACTION_HOTLINE") or "12345"
# 政策找人 subscriptions: sign-ups per connection, how long a confirmation link works (hours),
# and how many subscriptions one batch of the daily digest handles.
POLICY_SUBSCRIBE_RATE_PER_IP = envrate(
    "POLICY_SUBSCRIBE_RATE_PER_IP", "10/h", per_several_units=True
)
POLICY_CONFIRM_HOURS = envint("POLICY_CONFIRM_HOURS", 48)
if POLICY_CONFIRM_HOURS < 1:
    raise ImproperlyConfigured("POLICY_CONFIRM_HOURS must be at least 1.")
POLICY_DIGEST_BATCH = envint("POLICY_DIGEST_BATCH", 200)
if POLICY_DIGEST_BATCH < 1:
    raise ImproperlyConfigured("POLICY_DIGEST_BATCH must be at least 1.")
RATELIMIT_USE_CACHE = "default"
# While Redis is down the counters cannot be read (see portal/cache.py): take applications
# unthrottled rather than refuse every applicant with "too many requests".
RATELIMIT_FAIL_OPEN = True
# The client's address for every limit (forms, tracking, comments, API throttles, admin
# sign-in) comes from one function, portal.client_address.client_ip: X-Forwarded-For is read
# only from the trusted proxies below, never from a visitor. Behind a reverse proxy, name it
# (TRUSTED_PROXIES, its networks) or count the proxies (TRUSTED_PROXY_COUNT), or every visitor
# shares the proxy's counters.
TRUSTED_PROXIES = envnetworks("TRUSTED_PROXIES")
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 (no proxy) or more.")
if envstr("RATELIMIT_IP_META_KEY"):
    # The old setting named a header that was believed from anyone: refuse rather than guess.
    raise ImproperlyConfigured(
        "RATELIMIT_IP_META_KEY is no longer read (any visitor could set that header): set "
        "TRUSTED_PROXIES to your reverse proxy's address instead (README, Security model)."
    )
RATELIMIT_IP_META_KEY = "portal.client_address.client_ip"

SITE_NAME = envstr("SITE_NAME") or "政务公开"
# The public address, for links in e-mails and letters (e.g. https://gk.example.gov.cn).
SITE_URL = (envstr("SITE_URL") or "").rstrip("/")
# The agency whose contacts fill the footer; the root of the agency tree when unset.
SITE_AGENCY_CODE = envstr("SITE_AGENCY_CODE") or ""
# The footer's site identity (portal.site_identity), which the back office may override: the
# host organisation (主办单位; the site's agency when unset), the organiser (承办单位), the
# website identifier the national registry assigned (网站标识码, not an agency code), the ICP and
# public-security record numbers, the 党政机关网站标识's verification address and the
# 我为政府网站找错 address (the national error-report page when unset).
SITE_HOST = envstr("SITE_HOST") or ""
SITE_ORGANIZER = envstr("SITE_ORGANIZER") or ""
SITE_IDENTIFIER_CODE = envstr("SITE_IDENTIFIER_CODE") or ""
SITE_ICP_NUMBER = envstr("SITE_ICP_NUMBER") or ""
SITE_POLICE_NUMBER = envstr("SITE_POLICE_NUMBER") or ""
SITE_BADGE_URL = envstr("SITE_BADGE_URL") or ""
SITE_ERROR_REPORT_URL = envstr("SITE_ERROR_REPORT_URL") or ""

# The project's own apps, in dependency order (demo data loads in this order too).
PORTAL_APPS = [
    "portal", "publishing", "disclosure", "requests_app", "interpretation", "powers",
    "enforcement", "gazette", "subsidies", "newmedia", "proposals", "reports", "inspection",
    "interaction", "policies", "decisions", "keytasks", "opendata", "concerns", "briefings",
    "budgets",
]  # fmt: skip

INSTALLED_APPS = [
    # django.contrib.admin with the two-factor sign-in site (portal.admin_site).
    "portal.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "treebeard",
    "simple_history",
    # The rich-text editor of document bodies (portal.richtext): its static files.
    "django_prose_editor",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    *PORTAL_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Which database a request reads from (replicas for anonymous reads; portal.db_routing):
    # before the page cache, whose misses render pages from it.
    "portal.db_routing.ReadRoutingMiddleware",
    # Whole public pages for anonymous readers, before the session: a hit skips the rest.
    "portal.page_cache.PageCacheMiddleware",
    # request.site from the host (portal.sites); an unknown host is a 404 once sites exist.
    "portal.sites.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Chinese unless the visitor chose another language (portal.language), not Accept-Language.
    "portal.language.LanguageMiddleware",
    # A NUL in the query string is refused (400) before any view takes it to PostgreSQL.
    "portal.query_guard.RejectNulMiddleware",
    # An empty 405 (a refused method) becomes a short page, or JSON under /api/, with Allow.
    "portal.method_pages.MethodNotAllowedPageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the body: oversized bodies are refused unread.
    "portal.body_limits.BodySizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with the second factor (portal.two_factor).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff are signed out after STAFF_IDLE_TIMEOUT_MINUTES without a request.
    "portal.staff_sessions.StaffIdleTimeoutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# Public pages from the shared cache (portal.page_cache): how long a rendered page may be served
# (any change to public content retires it at once), and how long browsers and proxies may keep
# it before asking again (they revalidate with its ETag). 0 turns the page cache off.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_CLIENT_SECONDS = envint("PAGE_CACHE_CLIENT_SECONDS", 60)

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = envstr("DATABASE_URL")
_database = envdatabase(
    "DATABASE_URL", conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True
)
if _database:
    DATABASES = {"default": _database}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "portal.sqlite3"),
        }
    }
# Read replicas (portal.db_routing): PostgreSQL streaming replicas of DATABASE_URL, comma-separated.
# Anonymous GET/HEAD requests read from them in turn; everything else reads and writes the
# primary. A replica that does not answer within DATABASE_REPLICA_CONNECT_TIMEOUT seconds is left
# alone for DATABASE_REPLICA_RETRY_SECONDS, its reads going to the primary.
DATABASE_REPLICA_CONNECT_TIMEOUT = envint("DATABASE_REPLICA_CONNECT_TIMEOUT", 2)
DATABASE_REPLICA_RETRY_SECONDS = envint("DATABASE_REPLICA_RETRY_SECONDS", 10)
for _number, _replica in enumerate(
    envdatabases(
        "DATABASE_REPLICA_URLS",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    ),
    start=1,
):
    if _replica["ENGINE"] == "django.db.backends.postgresql":
        _replica.setdefault("OPTIONS", {})["connect_timeout"] = DATABASE_REPLICA_CONNECT_TIMEOUT
    # The test run has no replica of its test database: the alias reads the default's.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
DATABASE_REPLICAS = [alias for alias in DATABASES if alias.startswith("replica_")]
# A visitor's own write (a successful POST on the public site) makes their next requests read the
# primary for this long, so that they see it even when a replica lags behind.
DATABASE_READ_PRIMARY_SECONDS = envint("DATABASE_READ_PRIMARY_SECONDS", 30)
# For this long after the public content changed, anonymous reads go to the primary too: the page
# cache must not keep a lagging replica's copy as the new version. Set it above the replicas'
# usual lag (pg_stat_replication.replay_lag).
DATABASE_REPLICA_SETTLE_SECONDS = envint("DATABASE_REPLICA_SETTLE_SECONDS", 10)
DATABASE_ROUTERS = ["portal.db_routing.ReplicaRouter"]
# A response header naming the database a request read from (tests and drills only).
DB_ALIAS_HEADER = envbool("DB_ALIAS_HEADER", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Where the search index lives (portal.search.backend): "whoosh" (files under SEARCH_INDEX_DIR,
# the default) or "postgres" (the portal_searchentry table, tsvector + GIN/RUM indexes), which
# needs the database to be PostgreSQL.
SEARCH_BACKEND = envstr("SEARCH_BACKEND") or "whoosh"
if SEARCH_BACKEND not in ("whoosh", "postgres"):
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be whoosh or postgres, not {SEARCH_BACKEND!r}."
    )
if SEARCH_BACKEND == "postgres" and "postgresql" not in DATABASES["default"]["ENGINE"]:
    raise ImproperlyConfigured(
        "SEARCH_BACKEND=postgres needs a PostgreSQL database (set DATABASE_URL to one)."
    )
# PostgreSQL's work_mem for the queries of one search (portal.search.pg): the bitmap of every
# row matching a word must fit in it, or its pages go lossy and every row on them has its
# vector decompressed again. 16 MB held the bitmap of a word in every row of a 1,000,000-row
# index (bench/README.md, issue 22); raise it for a larger index.
SEARCH_PG_WORK_MEM_MB = envint("SEARCH_PG_WORK_MEM_MB", 16)
if SEARCH_PG_WORK_MEM_MB < 1:
    raise ImproperlyConfigured(
        f"SEARCH_PG_WORK_MEM_MB must be at least 1, not {SEARCH_PG_WORK_MEM_MB}."
    )

REDIS_URL = envredis("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # A Redis outage reads as an empty cache instead of failing every page.
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX") or "portal",
            # An unreachable host must cost a page a moment, not the TCP connect timeout.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # One process's memory (the embedded default). Django's 300 entries are too few: the page
    # cache alone fills them in a minute of browsing, and culling then drops what staff were
    # promised for a while (an import's problem report) at random.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Staff passwords (等保2.0 level 3, 口令复杂度): at least 10 characters of at least three kinds
# (lower case, upper case, digits, other), not containing the user name, not a common password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "portal.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "portal.passwords.NotUserNameValidator"},
]
LOGIN_URL = "admin:login"
# django-axes first: it refuses a locked-out user name before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language switch's choice is remembered for a year (without an age it would last only until
# the browser closes, and the next visit would be in Chinese again).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT") or DATA_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (attachments, images, files of requests): a directory under DATA_DIR by default, which
# several nodes share as one mount (NFS, a cluster file system); or any Django storage, e.g. an
# S3-compatible object store, without a code change: MEDIA_STORAGE_BACKEND is its dotted path
# (storages.backends.s3.S3Storage, with django-storages installed) and MEDIA_STORAGE_OPTIONS a
# JSON object of its options ({"bucket_name": "portal", "endpoint_url": "https://…"}).
MEDIA_STORAGE_BACKEND = (
    envstr("MEDIA_STORAGE_BACKEND") or "django.core.files.storage.FileSystemStorage"
)
MEDIA_STORAGE_OPTIONS = envjson_object("MEDIA_STORAGE_OPTIONS")
STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE_BACKEND, "OPTIONS": MEDIA_STORAGE_OPTIONS},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: printed to the console (with access codes and tokens blanked) unless an SMTP host is
# configured; with DEBUG off, EMAIL_HOST or an explicit EMAIL_BACKEND is required (above).
EMAIL_HOST = envstr("EMAIL_HOST") or ""
EMAIL_BACKEND = envstr("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "portal.mail.ConsoleBackend"
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL") or "政务公开 <noreply@localhost>"
SERVER_EMAIL = envstr("SERVER_EMAIL") or DEFAULT_FROM_EMAIL
ADMINS = [("Admin", addr) for addr in envlist("ADMINS")]

# Celery: Redis as broker and result store; without REDIS_URL tasks run in-process.
# (kombu warns about a memory:// URL without a host name, and falls back to "localhost".)
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The tasks that exist to send e-mail. Sweeps that also send some (closing consultations, the
# self-inspection, the reply clocks) stay on the default queue: their work is the database's.
MAIL_TASKS = (
    "disclosure.tasks.send_late_digests",
    "interaction.tasks.send_receipt",
    "interaction.tasks.notify_reply",
    "interaction.tasks_events.notify_decision",
    "policies.tasks.send_digests",
    "reports.tasks.send_annual_report_reminders",
    "requests_app.tasks.send_receipt",
    "requests_app.tasks.notify_applicant",
    "requests_app.tasks.send_pending_updates",
    "requests_app.tasks.deliver_staff_notices",
    "requests_app.tasks.send_deadline_reminders",
)
CELERY_TASK_ROUTES = {
    "portal.tasks.index_items": {"queue": SEARCH_QUEUE},
    "portal.tasks.reconcile_index": {"queue": SEARCH_QUEUE},
    **{name: {"queue": MAIL_QUEUE} for name in MAIL_TASKS},
}
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "clear-expired-sessions": {
        "task": "portal.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=10),
    },
    # Documents whose expiry date has passed become 失效 just after midnight.
    "disclosure-expire-documents": {
        "task": "disclosure.tasks.expire_documents",
        "schedule": crontab(hour=0, minute=5),
    },
    # Art 26: publishers hear about documents past the 20-working-day period each morning.
    "disclosure-late-digests": {
        "task": "disclosure.tasks.send_late_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    # Search: index what changed while the broker was down, drop what is no longer public.
    "search-reconcile-index": {
        "task": "portal.tasks.reconcile_index",
        "schedule": crontab(minute="*/10"),
    },
    # Information requests. Daily, because 调休 makes some weekends working days: each task
    # does nothing on a non-working day. Periods expire first, so that a request closed as
    # abandoned is not reminded about the same morning.
    "requests-close-expired-periods": {
        "task": "requests_app.tasks.close_expired_periods",
        "schedule": crontab(hour=7, minute=30),
    },
    # Applicants' status e-mails whose task was lost in an outage (broker and mail server).
    "requests-send-pending-updates": {
        "task": "requests_app.tasks.send_pending_updates",
        "schedule": crontab(minute="*/15"),
    },
    # Handlers hear 5, 3 and 1 working days before an answer is due (Art 33).
    "requests-deadline-reminders": {
        "task": "requests_app.tasks.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=5),
    },
    # Office heads hear about overdue requests, once per due date.
    "requests-escalate-overdue": {
        "task": "requests_app.tasks.escalate_overdue",
        "schedule": crontab(hour=8, minute=10),
    },
    # Annual reports (Art 49): reminders in January and March, escalated after the deadlines.
    "requests-annual-report-reminders": {
        "task": "reports.tasks.send_annual_report_reminders",
        "schedule": crontab(hour=8, minute=20, month_of_year="1-4"),
    },
    # Retention: pseudonymise requests closed more than REQUEST_RETENTION_YEARS ago.
    "requests-pseudonymise-expired": {
        "task": "requests_app.tasks.pseudonymise_expired_requests",
        "schedule": crontab(hour=2, minute=40),
    },
    # Consultations close after their last day; agencies hear until the adoption report is out.
    "interpretation-close-consultations": {
        "task": "interpretation.tasks.close_consultations",
        "schedule": crontab(hour=8, minute=15),
    },
    # Retention: erase applicants' data MEETING_APPLICATION_RETENTION_DAYS after the meeting.
    "interaction-anonymise-meeting-applications": {
        "task": "interaction.tasks_events.anonymise_meeting_applications",
        "schedule": crontab(hour=2, minute=50),
    },
    # Messages (互动交流): the citizen's data removed MESSAGE_RETENTION_YEARS after the reply.
    "interaction-pseudonymise-expired": {
        "task": "interaction.tasks.pseudonymise_expired_messages",
        "schedule": crontab(hour=2, minute=50),
    },
    # Messages (互动交流): reminders before the reply is due, office heads told once overdue.
    "interaction-reply-clock": {
        "task": "interaction.tasks.sweep_reply_clock",
        "schedule": crontab(hour=8, minute=25),
    },
    # 行政执法公示: decisions whose 公示期 ended leave the search index (the public querysets
    # already leave them out from the day after; this removes the stale index entries).
    "enforcement-expire-decisions": {
        "task": "enforcement.tasks.expire_decisions",
        "schedule": crontab(hour=0, minute=15),
    },
    # 民生资金 beneficiary lists: a list whose 公示期 ended yesterday is withdrawn (recorded in its
    # audit trail, out of the search index); one whose 公示期 starts today retires the cached
    # pages. The public querysets already go by the date, exact to the day.
    "subsidies-end-notice-periods": {
        "task": "subsidies.tasks.end_notice_periods",
        "schedule": crontab(hour=0, minute=5),
    },
    # 回应关切: the office heads hear before a limit of the response clock (hours, not days)
    # and the government above once it has passed; every ten minutes, idempotent.
    "concerns-sweep-response-clock": {
        "task": "concerns.tasks.sweep_response_clock",
        "schedule": crontab(minute="*/10"),
    },
    # 政策找人: each confirmed subscription gets the day's new and changed policies once;
    # unconfirmed sign-ups are deleted when their confirmation link expires.
    "policies-send-digests": {
        "task": "policies.tasks.send_digests",
        "schedule": crontab(hour=7, minute=40),
    },
    "policies-purge-question-log": {
        "task": "policies.tasks.purge_question_log",
        "schedule": crontab(hour=3, minute=25),
    },
    "policies-purge-unconfirmed": {
        "task": "policies.tasks.purge_unconfirmed",
        "schedule": crontab(hour=3, minute=20),
    },
    # Self-inspection: external links (where outbound HTTP is allowed), before the day's run.
    "inspection-check-external-links": {
        "task": "inspection.tasks.check_external_links",
        "schedule": crontab(hour=5, minute=30),
    },
    # Self-inspection: the site's score, its history, and the office heads' digest.
    "inspection-run": {
        "task": "inspection.tasks.run_inspection",
        "schedule": crontab(hour=7, minute=0),
    },
}

# Self-inspection: external links in published content are checked over HTTP only where the
# network allows outbound requests; at most INSPECTION_LINK_CHECK_MAX a day, each with a
# timeout (seconds), and INSPECTION_LINK_HOST_INTERVAL seconds between two to the same host.
INSPECTION_OUTBOUND_HTTP = envbool("INSPECTION_OUTBOUND_HTTP", False)
INSPECTION_LINK_CHECK_MAX = envint("INSPECTION_LINK_CHECK_MAX", 200)
INSPECTION_LINK_TIMEOUT = envint("INSPECTION_LINK_TIMEOUT", 10)
INSPECTION_LINK_HOST_INTERVAL = envint("INSPECTION_LINK_HOST_INTERVAL", 2)

REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The public API needs no login; the staff API sets TokenAuthentication on its own views.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Anonymous callers per client address (portal.client_address); the staff API throttles
    # per user on its own views.
    "DEFAULT_THROTTLE_CLASSES": ["portal.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": envrate("API_ANON_RATE", "120/minute"),
        "user": envrate("API_USER_RATE", "600/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # A 404's detail in the caller's language, not Django's English lookup text.
    "EXCEPTION_HANDLER": "portal.api_errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "政务公开 API",
    "DESCRIPTION": "Public open-government information (read-only) and the staff request API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from our own static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AudienceEnum": "disclosure.models.Audience",
        "RequestStatusEnum": "requests_app.models.Status",
        # 权力清单: another "category" beside the negative list's.
        "PowerCategoryEnum": "powers.models.Category",
        # Two choice sets of fields named "outcome": a request's, and the 检查结果 of a random
        # inspection.
        "OutcomeEnum": "requests_app.models.Outcome",
        "InspectionOutcomeEnum": "enforcement.models.InspectionOutcome",
        # 五公开 apps: their "kind", "category" and "scope" fields named by what they are.
        "ConferenceKindEnum": "briefings.models.Kind",
        "ConferenceMediaKindEnum": "briefings.models.MediaKind",
        "ProposalKindEnum": "proposals.models.Kind",
        "ReplyCategoryEnum": "proposals.models.ReplyCategory",
        "TaskListKindEnum": "keytasks.models.ListKind",
        "BudgetKindEnum": "budgets.models.Kind",
        "BudgetScopeEnum": "budgets.models.Scope",
        "ConcernResponseKindEnum": "concerns.models.ResponseKind",
        "DecisionStepKindEnum": "decisions.models.StepKind",
    },
    "COMPONENT_SPLIT_REQUEST": True,
    # Only /api/v1/: the older /reports/api/ addresses stay, undocumented, for existing users.
    "PREPROCESSING_HOOKS": ["portal.api.only_api_v1"],
}

# Security: strict by default, relaxed only under DEBUG for local development.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_HTTPS_PROXY", False) else None
)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
# A refused form explained to citizens in the site's language and layout.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS = [] if envbool("SECURE_HSTS_PRELOAD", False) else ["security.W021"]

# Content-Security-Policy (django-csp: Django 5.2 has none of its own). Everything is served
# from our own origin, with no inline script, event handler or style attribute in our templates
# (styles and scripts live in static/). A view that needs more says so with csp_replace: ReDoc
# (portal/api.py). Under DEBUG django-csp leaves out the header on 404/500 (the debug pages).
# The 500 page keeps its styles inline, because it must look right when static files are what
# broke: the policy allows exactly that <style> block, by its hash (plain CSS, no template tags).
_STYLE_500 = re.search(
    r"<style>(.*?)</style>", (BASE_DIR / "templates" / "500.html").read_text("utf-8"), re.S
)
STYLE_500_HASHES = (
    [f"'sha256-{base64.b64encode(hashlib.sha256(_STYLE_500[1].encode()).digest()).decode()}'"]
    if _STYLE_500
    else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # The nonce is sent only on a page that uses it: the body editor's import map, an
        # inline <script type="importmap"> (portal.richtext).
        "script-src": [SELF, NONCE],
        "style-src": [SELF, *STYLE_500_HASHES],
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features the portal never uses (portal.security.PermissionsPolicyMiddleware).
# Fullscreen stays allowed: the interpretation pages' <video> players offer it.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Admin sign-in throttling (django-axes: maintained tracking of failed login attempts, with an
# audit trail in the admin). Failures count per user name *and* address, so that nobody can
# lock a colleague out from elsewhere and one address cannot guess at one name for long. After
# AXES_FAILURE_LIMIT failures the pair is locked for AXES_COOLOFF_HOURS, the right password
# included; every failure during the lock restarts it. A superuser unlocks under "Axes" in
# the admin or with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_HOURS = envint("AXES_COOLOFF_HOURS", 1)
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_HOURS < 1:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT and AXES_COOLOFF_HOURS must be at least 1.")
AXES_COOLOFF_TIME = timedelta(hours=AXES_COOLOFF_HOURS)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
# The same client address as every other limit (portal.client_address).
AXES_CLIENT_IP_CALLABLE = "portal.client_address.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.security.lockout_response"

# Two-factor sign-in for staff (portal.two_factor, django-otp; 等保2.0 level 3 身份鉴别):
# required for superusers and office heads always, and for the roles listed here (comma-
# separated StaffRole values, or "all"). Privacy officers by default: they see every
# applicant's data. Anyone else may enrol, and then always signs in with a code.
_ROLES = {"drafter", "reviewer", "publisher", "handler", "office_head", "privacy_officer"}
OTP_REQUIRED_ROLES = envlist("OTP_REQUIRED_ROLES", ["privacy_officer"])
if OTP_REQUIRED_ROLES == ["all"]:
    OTP_REQUIRED_ROLES = sorted(_ROLES)
if set(OTP_REQUIRED_ROLES) - _ROLES:
    raise ImproperlyConfigured(
        f"OTP_REQUIRED_ROLES: unknown roles {sorted(set(OTP_REQUIRED_ROLES) - _ROLES)}; "
        f"use some of {sorted(_ROLES)} or all."
    )
OTP_TOTP_ISSUER = SITE_NAME
# Staff sessions end after this many minutes without a request (portal.staff_sessions; 等保2.0
# level 3: 登录连接超时自动退出). Applicants' tracking sessions keep SESSION_COOKIE_AGE.
STAFF_IDLE_TIMEOUT_MINUTES = envint("STAFF_IDLE_TIMEOUT_MINUTES", 30)
if STAFF_IDLE_TIMEOUT_MINUTES < 1:
    raise ImproperlyConfigured("STAFF_IDLE_TIMEOUT_MINUTES must be at least 1.")
# The admin pages of django-otp's devices (superusers only) never show a secret or a QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Access codes, API tokens and sealed values are blanked in every line (portal/redaction.py).
    "filters": {"redact_secrets": {"()": "portal.redaction.RedactSecretsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL") or "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes announces its configuration at every start; its lock-outs are warnings.
        "axes.apps": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "jieba": {"level": "WARNING"},
        # Tasks run in-process (no REDIS_URL): one "Task … succeeded" line per e-mail queued
        # would bury a command's own output. A worker logs them.
        **({"celery.app.trace": {"level": "WARNING"}} if CELERY_TASK_ALWAYS_EAGER else {}),
    },
}
