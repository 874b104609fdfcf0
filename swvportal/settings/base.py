"""Base settings, read from the environment. No insecure defaults live here.

Environment variables (see README, "Configuratie"):
``SECRET_KEY`` (required), ``ALLOWED_HOSTS``, ``DATABASE_URL`` (default: SQLite under ``var/``),
``REDIS_URL`` (default: none, tasks run in-process and the cache is local memory),
``EMAIL_URL`` (default: console), ``DEBUG``, ``SECURE_SSL_REDIRECT``, ``SECURE_COOKIES``,
``SECURE_HSTS_SECONDS``, ``CONN_MAX_AGE``, ``PORTAL_URL`` (links in e-mails). Any variable may
also be given as ``NAME_FILE``.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.FileAwareEnv()

SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters."
    )
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before django.contrib.admin so our templates win.
    "swvportal.tenancy",
    "swvportal.accounts",
    "swvportal.audit",
    "swvportal.jobs",
    "swvportal.core",
    "swvportal.documents",
    "plans",
    "pillars",
    "monitoring",
    "referrals",
    "finance",
    "steunpunt",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "auditlog",
    "csp",
    "django_htmx",
    "template_partials",
    "django_tables2",
    "django_filters",
    "import_export",
    "rules",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their caching), before anything reads the request.
    "swvportal.core.middleware.NoStoreMiddleware",
    "swvportal.core.middleware.RefuseNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "swvportal.audit.middleware.PortalAuditlogMiddleware",
    "swvportal.tenancy.middleware.TenantMiddleware",
    # Last, as its docs ask: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "swvportal.urls"
WSGI_APPLICATION = "swvportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "swvportal.core.context_processors.portal",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'swvportal.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the start
    # of a transaction, so two writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # A new PostgreSQL connection per request halves throughput: keep connections open.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker -------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # Pages must keep working when Redis is down: a cache miss, not an error.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Without a broker, tasks run in-process at once and their errors propagate.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # the Job row holds what a user needs to know
CELERY_TASK_ACKS_LATE = True
# A worker killed mid-task (OOM, deploy) hands the message back instead of acking it; the job's
# claim (``jobs.services.job_claim``) makes the redelivery harmless when the job still runs.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits: each job kind sets its own on its task (``jobs.registry.job_kind``, soft below
# hard); these are the default of every other task (the sweeper, the nightly loops) and of
# ``jobs.tasks.run_job``, which runs messages queued before the kinds had their own tasks. The
# soft limit interrupts the handler, so the job records "De taak duurde te lang"; the hard one
# ends the worker's child process (the sweeper then treats the job as a crashed one).
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# Routes: every task runs on the default queue ("celery"), which the worker in docker-compose.yml
# consumes. A job kind is its own task, ``jobs.<kind>``, so it can get a queue (and a worker
# started with ``-Q``) of its own by a route, e.g. ``{"jobs.documents.render": {"queue": "pdf"}}``.
CELERY_TASK_ROUTES: dict[str, dict[str, str]] = {}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when the broker is down: the job stays queued and the sweeper
# enqueues it again later, instead of the request hanging.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
CELERY_TIMEZONE = "Europe/Amsterdam"
# The platform's own periodic tasks; each app registers its own from its ``portal.py``, and
# ``swvportal.core.schedule.beat_schedule()`` (what beat runs) adds them to these.
CELERY_BEAT_SCHEDULE = {
    "jobs-sweep": {  # every minute, so a job whose worker died runs again within minutes
        "task": "swvportal.jobs.tasks.sweep_jobs",
        "schedule": crontab(minute="*"),
    },
}
JOBS_SWEEP_AFTER_SECONDS = env.int("JOBS_SWEEP_AFTER_SECONDS", default=120)
# A running job touches its row this often; one silent for JOBS_STALE_AFTER_SECONDS is queued
# again by the sweeper, at most JOBS_MAX_ATTEMPTS times in all before it is marked failed.
JOBS_HEARTBEAT_SECONDS = env.float("JOBS_HEARTBEAT_SECONDS", default=20)
JOBS_STALE_AFTER_SECONDS = env.int("JOBS_STALE_AFTER_SECONDS", default=180)
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)
# An import file with more rows than this is checked and saved in a background job; a stored
# upload can be saved for this many seconds (as a signed preview can).
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=2000)
IMPORT_UPLOAD_MAX_AGE = env.int("IMPORT_UPLOAD_MAX_AGE", default=60 * 60)

# --- Auth: allauth (login, reset, MFA) and axes (lockout) ----------------------------------
AUTH_USER_MODEL = "accounts.User"
# The pseudonymous pupil every pupil record points at (``swvportal.core.pupils.PupilRecord``),
# named here as the user model is, so the platform never imports the app that holds it.
PUPIL_MODEL = "referrals.Pupil"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:choose_tenant"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "swvportal.accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts are created by administrators, not by sign-up
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SWV Portaal] "
# Administrators manage addresses: nobody adds a second (unverified) one to log in with.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
# The client address: behind TRUSTED_PROXY_COUNT proxies of our own, the address the outermost
# of them added to X-Forwarded-For; with 0, REMOTE_ADDR. axes asks allauth for it
# (accounts.lockout.client_ip), so both always agree.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# allauth's rate limits live in the database, not in Redis (accounts.apps): logging in and
# password reset keep working, and limited, when Redis is down.
RATE_LIMIT_CACHE = "ratelimit"
CACHES["ratelimit"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "accounts_ratelimit_cache",
    "OPTIONS": {"MAX_ENTRIES": 100_000},  # culling would forget limits under attack
}
# Login attempts per client address per minute: a whole school behind one NAT address shares it.
LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = env.int(
    "LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE", default=300
)
# Posts of the steunpunt's public form per client address per minute (steunpunt.public).
STEUNPUNT_FORM_POSTS_PER_MINUTE = env.int("STEUNPUNT_FORM_POSTS_PER_MINUTE", default=10)
# Failed logins are counted by axes (per account, and per address below), not by allauth.
ACCOUNT_RATE_LIMITS = {
    "login": f"{LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE}/m/ip",
    "login_failed": None,
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SWV Portaal"
MFA_FORMS = {
    "authenticate": "swvportal.accounts.forms.PortalAuthenticateForm",
    "reauthenticate": "swvportal.accounts.forms.PortalReauthenticateForm",
    "activate_totp": "swvportal.accounts.forms.PortalActivateTOTPForm",
}

# Wrong passwords, second-factor codes and enrolment codes all count (accounts.lockout).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_HOURS = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_COOLOFF_MAX_HOURS = env.float("AXES_COOLOFF_MAX_HOURS", default=24.0)
AXES_COOLOFF_TIME = "swvportal.accounts.lockout.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True  # each account's own cool-off, not the shortest one
AXES_LOCKOUT_PARAMETERS = "swvportal.accounts.lockout.lockout_parameters"
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=100)
AXES_USERNAME_CALLABLE = "swvportal.accounts.lockout.username_from_request"
AXES_CLIENT_IP_CALLABLE = "swvportal.accounts.lockout.client_ip"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_RESET_ON_SUCCESS = True

# Roles whose members see pupil data and therefore must use a second factor (domain.md §2).
MFA_REQUIRED_ROLES = ("bestuurder", "loket", "deskundige", "zorgcoordinator")

# --- Security -----------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading promises every browser HTTPS for the whole domain and is slow to undo: the operator
# of the domain opts in. Without it, the deploy check's reminder (W021) is expected.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}

# --- E-mail -------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SWV Portaal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as users reach it: the links in e-mails sent from tasks (no request).
PORTAL_URL = env.str("PORTAL_URL", default="http://localhost:8000")

# --- Language, time, static files ---------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # our "u"-form overrides of library texts
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Files about pupils (the Loket's dossier documents): outside MEDIA_ROOT, without a URL. They
# are read only through a view that checks access and logs the read.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "swvportal.core.storage.PrivateStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Libraries ----------------------------------------------------------------------------
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
AUDITLOG_DISABLE_REMOTE_ADDR = False
DJANGO_TABLES2_TEMPLATE = "components/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}
IMPORT_EXPORT_USE_TRANSACTIONS = True
# An import's preview carries the checked file to "Opslaan" in a signed form field.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools log every page and font at INFO: a worker's log would drown.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
