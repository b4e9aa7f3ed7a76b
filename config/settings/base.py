"""Settings shared by every environment, read from the environment with django-environ.

With no environment at all the site runs on SQLite and runs background work
eagerly, so a fresh clone starts with only Python and Node.js installed.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Apps -------------------------------------------------------------------------

PROJECT_APPS = [
    "users",
    "core",
    "ecosystem",
    "logicmodel",
    "journeys",
    "referrals",
    "stories",
    "network",
    "insights",
    "privacy",
    "website",
    "workspace",
    "demo",
]

INSTALLED_APPS = [
    *PROJECT_APPS,
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_htmx",
    "simple_history",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and sign-in: a cached public page needs neither (core.pagecache).
    "core.pagecache.PublicPageCacheMiddleware",
    "core.middleware.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "users.middleware.SecondFactorMiddleware",
    "ecosystem.middleware.RequireMFAMiddleware",
    "website.middleware.CMSOutsidersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Data -------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, except that Redis being down is a miss, not a 500.
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long an anonymous visitor's copy of a public page is kept (core.pagecache). Publishing or
# editing content empties the cache at once; this bounds how old live figures on such a page
# can be. 0 turns the page cache off (and the cached site frame: navigation and footer).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
# How long a place dashboard's figures are kept once worked out (insights.selectors); the page
# says when they were. 0 works them out on every request.
INSIGHTS_CACHE_SECONDS = env.int("INSIGHTS_CACHE_SECONDS", default=600)

# How many proxies (load balancers) sit in front of the app: the visitor's address is
# that many hops from the end of X-Forwarded-For. 0 trusts only REMOTE_ADDR. The same number
# drives allauth's limits (sign-in, sign-up, resets): without it they would count every
# visitor as the proxy, so ten wrong passwords from anyone would lock everyone out.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# The "ask for support" form: more requests than these in an hour are kept but marked
# for a second look, and send no email.
SUPPORT_REQUESTS_PER_HOUR_PER_ADDRESS = env.int("SUPPORT_REQUESTS_PER_HOUR_PER_ADDRESS", default=5)
SUPPORT_REQUESTS_PER_HOUR_PER_EMAIL = env.int("SUPPORT_REQUESTS_PER_HOUR_PER_EMAIL", default=3)

# Sessions live in the database: they survive a Redis outage and need no extra service.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work ----------------------------------------------------------------
# Celery carries the outbox (emails and notifications). Without a Redis URL it
# runs tasks in-process, so a fresh clone needs no broker.

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/London"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A request hands its outbox message over once; if Redis is down it gives up at
    # once (the sweep delivers later) instead of making the visitor wait.
    "max_retries": 0,
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    # A task whose worker died without acknowledging it (tasks ack late) is handed out again
    # once this long has passed since it was taken.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # How often a worker looks for such tasks: every interval x throttle seconds (kombu's
    # defaults, 10 x 10). The first look is when the worker starts.
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_RESTORE_THROTTLE", default=10),
}
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "core.tasks.outbox_sweep", "schedule": 60.0},
    "outbox-purge": {"task": "core.tasks.outbox_purge", "schedule": 60.0 * 60 * 24},
    # Builds printable reports the broker never got, or whose worker died; clears old ones.
    "insights-report-sweep": {"task": "insights.tasks.report_sweep", "schedule": 60.0},
    # Builds copies of people's data the broker never got; deletes copies past their time.
    "privacy-export-sweep": {"task": "privacy.tasks.export_sweep", "schedule": 60.0},
    # Each night, what has been kept its full period is anonymised, and the access log trimmed.
    "privacy-retention": {
        "task": "privacy.tasks.retention_sweep",
        "schedule": crontab(hour=2, minute=30),
    },
    # Each morning, lead workers hear about actions that are overdue (once a day each).
    "journeys-overdue-actions": {
        "task": "journeys.tasks.remind_overdue_actions",
        "schedule": crontab(hour=8, minute=0),
    },
    "referrals-remind-and-expire": {
        "task": "referrals.tasks.remind_and_expire",
        "schedule": crontab(hour=8, minute=15),
    },
    "referrals-clear-ended-details": {
        "task": "referrals.tasks.clear_ended_details",
        "schedule": crontab(hour=3, minute=45),
    },
    # Requests no hub took on are deleted two years after closing (see the privacy notice).
    "journeys-purge-closed-requests": {
        "task": "journeys.tasks.purge_closed_requests",
        "schedule": crontab(hour=3, minute=30),
    },
}
# Wagtail's own small jobs (reference index, search index, renditions) run in the
# request through django-tasks' immediate backend. Celery is kept for work that
# must survive a failure: the outbox.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Referrals: the receiver is reminded of an unanswered referral after this many days,
# and it expires (the sender is told) after this many.
REFERRAL_REMIND_AFTER_DAYS = env.int("REFERRAL_REMIND_AFTER_DAYS", default=5)
REFERRAL_EXPIRE_AFTER_DAYS = env.int("REFERRAL_EXPIRE_AFTER_DAYS", default=30)
# A referral that ended before the receiver accepted it (declined, withdrawn, passed on,
# expired) keeps its copy of the person's details this long, then loses it.
REFERRAL_CLEAR_SHARED_AFTER_DAYS = env.int("REFERRAL_CLEAR_SHARED_AFTER_DAYS", default=30)

# People's rights over their data (privacy/): how long things are kept. The privacy notice
# states these periods, read from here.
# A closed journey and its records are anonymised this long after it closed (six years).
RETENTION_CLOSED_JOURNEY_DAYS = env.int("RETENTION_CLOSED_JOURNEY_DAYS", default=6 * 365)
# Who opened which person's records: kept this long (two years), then deleted.
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=2 * 365)
# A copy of a person's data can be downloaded for this long, then it is deleted.
DATA_EXPORT_KEEP_DAYS = env.int("DATA_EXPORT_KEEP_DAYS", default=7)
# The key of the one-way hash an erasure keeps of the address (SECRET_KEY when unset; set it
# on its own so that changing SECRET_KEY does not stop a second request being recognised).
PRIVACY_FINGERPRINT_KEY = env("PRIVACY_FINGERPRINT_KEY", default="")

# Outbox: how long a message waits before the sweep picks it up again.
OUTBOX_RETRY_AFTER_SECONDS = env.int("OUTBOX_RETRY_AFTER_SECONDS", default=60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=20)
# A worker sending a message holds it this long; if it dies mid-send, the sweep tries
# again after that. Longer than any send takes (EMAIL_TIMEOUT is per step of SMTP).
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
# Messages given up on hold sign-in codes and reset links that are stale within a day.
OUTBOX_PURGE_FAILED_AFTER_DAYS = env.int("OUTBOX_PURGE_FAILED_AFTER_DAYS", default=7)

# Email ------------------------------------------------------------------------
# Django sends every email into the outbox; the relay delivers it with the real backend.
EMAIL_BACKEND = "core.mail.OutboxEmailBackend"
OUTBOX_EMAIL_BACKEND = env(
    "OUTBOX_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Empowering Places <hello@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts ---------------------------------------------------------------------

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Empowering Places] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "users.adapter.AccountAdapter"
# Wrong passwords are limited per visitor's address only. allauth's default also locks an
# account for five minutes after five failures, which lets anyone keep a named person out;
# instead, after PASSWORD_FAILURES_BEFORE_CODE failures in the window a right password also
# needs a code emailed to the account (users.signin).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
PASSWORD_FAILURES_BEFORE_CODE = env.int("PASSWORD_FAILURES_BEFORE_CODE", default=5)
PASSWORD_FAILURE_WINDOW_SECONDS = env.int("PASSWORD_FAILURE_WINDOW_SECONDS", default=60 * 60)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Empowering Places"
# When on, staff, managers, commissioners, site editors and anyone else who can open the CMS
# must set up two-factor authentication before they can reach their work.
MFA_REQUIRED_FOR_ROLES = env.bool("MFA_REQUIRED_FOR_ROLES", default=False)

# Forms ------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Locale: the audience is in the UK --------------------------------------------

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]

# Static and media -------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Private files (story pictures before publication) have no URL: only an access-checked
# view reads them. Several web servers share them through one disk or one bucket.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
# With a bucket named, both kinds of file go to S3-compatible object storage
# (django-storages); the private one keeps its objects private.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_PRIVATE_STORAGE_BUCKET_NAME = env("AWS_PRIVATE_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
if AWS_STORAGE_BUCKET_NAME and AWS_PRIVATE_STORAGE_BUCKET_NAME:
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": AWS_STORAGE_BUCKET_NAME, "querystring_auth": False},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_PRIVATE_STORAGE_BUCKET_NAME,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
        },
    }
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail ----------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Empowering Places"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Pictures only: no SVG, which is a document that can carry script. The limits match story
# pictures' (stories/images.py): 40 megapixels takes at most 160 MB to open.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_I18N_ENABLED = False
# No Gravatar: it would send a hash of each editor's email address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en-gb", "British English")]
# Signing in, resetting and changing passwords happen only in allauth's pages (with their
# second step and rate limits); the CMS's own login is replaced by a redirect in config/urls.py.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Security ---------------------------------------------------------------------

# Where browsers report what the policy blocked (core.views.csp_report): the endpoint's name
# in report-to and in the Reporting-Endpoints header (core.middleware), and its address.
CSP_REPORT_ENDPOINT_NAME = "csp-endpoint"
CSP_REPORT_PATH = "/csp-report/"
# Reports one visitor's address may send a minute, and the largest report read (a browser
# sends a few KB at most).
CSP_REPORTS_PER_MINUTE_PER_ADDRESS = env.int("CSP_REPORTS_PER_MINUTE_PER_ADDRESS", default=60)
CSP_REPORT_MAX_BYTES = 64 * 1024
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # Newer browsers use report-to (with Reporting-Endpoints), older ones report-uri.
        "report-to": CSP_REPORT_ENDPOINT_NAME,
        "report-uri": [CSP_REPORT_PATH],
    }
}
# The CMS and the Django admin ship inline scripts and styles of their own.
CSP_RELAXED_PATH_PREFIXES = ("/cms/", "/django-admin/")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browser features no page here uses, refused to every page and frame: each feature
# maps to the origins allowed it (empty: none). The publickey-credentials-*
# features are left alone so allauth's passkeys keep working if they are switched on.
PERMISSIONS_POLICY = dict.fromkeys(
    [
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ],
    (),
)
SESSION_COOKIE_HTTPONLY = True

# Sign-up, password resets and emailed sign-in codes answer the same whether or not an
# address has an account (allauth's default, stated so that nobody turns it off unawares):
# the address's owner learns the rest by email.
ACCOUNT_PREVENT_ENUMERATION = True
# Everything that emails a code or a link is limited per visitor's address ("ip") and per
# email address ("key"), so that nobody can fill one person's inbox or guess a code in bulk.
# (allauth's own defaults, plus an hourly cap per address; with the cache down nothing is
# counted: core.cache fails open.) A code can be tried ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS times.
ACCOUNT_RATE_LIMITS = {
    **ACCOUNT_RATE_LIMITS,
    # Emailing a sign-in code.
    "request_login_code": "20/m/ip,3/m/key,10/h/key",
    # Emailing a link to confirm an address (also what sign-up with a taken address sends).
    "confirm_email": "1/3m/key,20/h/ip",
    # Emailing a password reset link.
    "reset_password": "20/m/ip,5/m/key,10/h/key",
    # Opening a reset link, that is, trying keys: allauth counts this per visitor only.
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
