"""Settings for every environment, read from environment variables only.

Production needs at least SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL; see
README.md and .env.example. `make run` and `make test` fill in development values.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONCE as CSP_NONCE
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF

from toegang import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env.string("TOEGANG_DATA_DIR", str(BASE_DIR / ".data")))

DEBUG = env.boolean("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env.string("SECRET_KEY", "django-insecure-only-for-local-development")
else:
    SECRET_KEY = env.required("SECRET_KEY", "a long random string; required when DEBUG is off")
# Rotating the key: the old one here (comma-separated) keeps sessions and signed links
# valid until they expire; remove it after the longest session (10 hours).
SECRET_KEY_FALLBACKS = env.listing("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", ["localhost", "127.0.0.1"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS", [])

DJANGO_APPS = [
    "toegang.apps.BeheerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
]
LOCAL_APPS = [
    "toegang.apps.ToegangConfig",
    "toegang.accounts",
    "toegang.berichten",
    "toegang.privacy",
    "locaties",
    "sociale_kaart",
    "intake",
    "rapportage",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    # First: load balancers and monitoring ask by IP address over HTTP (see the middleware).
    "toegang.middleware.gezondheid_eerst",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "toegang.middleware.verzoek_begrenzen",
    "toegang.middleware.nul_bytes_weren",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "toegang.middleware.taal_kiezen",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "toegang.accounts.middleware.sessie_bewaken",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "toegang.privacy.middleware.LogboekMiddleware",
    # Last: turns a lockout noticed during authentication into the Dutch lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "toegang.urls"
WSGI_APPLICATION = "toegang.wsgi.application"

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
                "toegang.context_processors.gemeente",
                "toegang.berichten.context_processors.ongelezen",
                "locaties.context_processors.toegangslocaties",
            ],
        },
    },
]

DATABASES = {"default": env.database("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.integer("CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database server that does not answer fails a connection after this many seconds (libpq
# waits forever by default); ?connect_timeout= in DATABASE_URL overrides it.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# No JIT compilation of statements. PostgreSQL compiles a statement it estimates as costly,
# and it estimates the reports' statements far above what they cost: the klantreis year at
# region size ran in 100 ms and spent 640 ms more compiling. ?options= in the URL overrides.
_GEEN_JIT = "-c jit=off"
DATABASES["default"]["OPTIONS"].setdefault("options", _GEEN_JIT)
# No prepared statements (Django's default). With a plan kept for any value, the search for
# a common word in one kern took 12.9 s instead of 20 ms; with every run planned for its own
# values, benchmarks/load.py served no more requests per second than without.
# Reports (rapportage) read from a read replica when one is given; see toegang/databases.py.
_rapportage_db = env.database("REPORTING_DATABASE_URL", optional=True)
RAPPORTAGE_DATABASE = "rapportage" if _rapportage_db else None
if _rapportage_db:
    DATABASES["rapportage"] = _rapportage_db | {
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
    }
    DATABASES["rapportage"].setdefault("OPTIONS", {}).setdefault("options", _GEEN_JIT)
DATABASE_ROUTERS = ["toegang.databases.RapportageRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:start"
# Axes first: it refuses a locked-out username before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Only for the callback from the identity provider (toegang.accounts.oidc); it answers
    # nothing to a username and password.
    "toegang.accounts.oidc.GemeenteAccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "toegang.accounts.wachtwoorden.MinimaleLengte",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("de", "Deutsch"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("pl", "Polski"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The resident's choice of language lives in Django's language cookie, set by the
# set_language view (/taal/) that the switcher (templates/_taalkeuze.html) posts to: every
# URL stays as it is and no JavaScript is needed. Staff pages stay Dutch and
# the browser's Accept-Language is not followed (toegang.middleware.taal_van). A year, like the choice of a public site.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Vendor assets come from npm (package.json) and are served by us, never from a CDN.
NODE_MODULES = BASE_DIR / "node_modules"
NLDS_KANDIDATEN = (
    "button",
    "data-badge",
    "heading",
    "link",
    "mark",
    "number-badge",
    "paragraph",
    "skip-link",
)
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # NL Design System: the Utrecht component library and the candidate components, themed
    # by our own design tokens (static/css/aalten-tokens.css), never Utrecht's house style.
    ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    *(
        (
            f"vendor/nlds/{naam}",
            NODE_MODULES / "@nl-design-system-candidate" / f"{naam}-css" / "dist",
        )
        for naam in NLDS_KANDIDATEN
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- JSON API ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    # Closed unless a view says otherwise; the public read-only endpoints say AllowAny.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "toegang.api.uitzondering",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Toegang Aalten API",
    "DESCRIPTION": "Openbare, alleen-lezen gegevens van de toegang sociaal domein van gemeente Aalten.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    # Without deep links the operation summaries hold no link inside their button
    # (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nlds",)
CRISPY_TEMPLATE_PACK = "nlds"  # our own pack: templates/nlds/
# Django's input templates drawn by Jinja2, two to three times as fast (toegang/formulieren.py)
FORM_RENDERER = "toegang.formulieren.Weergave"

# --- Logins -----------------------------------------------------------------------------
# Every account logs in with a password and a code from an authenticator app (django-otp
# TOTP) or a one-time recovery code; see toegang/accounts/views.py.
OTP_TOTP_ISSUER = env.string("OTP_TOTP_ISSUER", "Toegang Aalten")
# The beheerder resets a lost app by deleting it in /beheer/, but never reads anyone's
# secret: no key, QR code or recovery codes there (the second factor stays the user's own).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# The password step is remembered this long while the code is asked for.
TWEESTAPS_SECONDEN = 5 * 60
# A session ends after this much inactivity, and at the latest this long after logging in
# (toegang.accounts.middleware). The cookie dies with the browser.
SESSIE_INACTIEF_SECONDEN = env.integer("SESSIE_INACTIEF_SECONDEN", 15 * 60, minimum=60)
SESSIE_MAXIMAAL_SECONDEN = env.integer("SESSIE_MAXIMAAL_SECONDEN", 10 * 60 * 60, minimum=60)
SESSION_COOKIE_AGE = SESSIE_MAXIMAAL_SECONDEN
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Staff sign-in through the municipal identity provider (OpenID Connect) ------------
# Set OIDC_DISCOVERY_URL (the provider's /.well-known/openid-configuration) to switch it on;
# see README "Inloggen via de identity provider" and toegang/accounts/oidc.py. Endpoints,
# issuer and signing keys come from that document, read when first needed (never at start).
OIDC_DISCOVERY_URL = env.url("OIDC_DISCOVERY_URL", ("https", "http"))
OIDC_INGESCHAKELD = bool(OIDC_DISCOVERY_URL)
OIDC_RP_CLIENT_ID = env.required("OIDC_CLIENT_ID") if OIDC_INGESCHAKELD else ""
OIDC_RP_CLIENT_SECRET = env.required("OIDC_CLIENT_SECRET") if OIDC_INGESCHAKELD else ""
OIDC_RP_SCOPES = " ".join(env.listing("OIDC_SCOPES", ["openid", "email", "profile"]))
# The claim that lists the user's groups, and which group gives which role and team:
# "groep=rol,groep=rol" (roles: medewerker, coordinator, beleid, beheerder; the first
# group in this list that the user has decides) and "groep=team,...".
OIDC_GROEPEN_CLAIM = env.string("OIDC_GROEPEN_CLAIM", "groups")
OIDC_GROEP_ROL = env.mapping("OIDC_GROEP_ROL")
OIDC_GROEP_TEAM = env.mapping("OIDC_GROEP_TEAM")
# The provider asserts multi-factor authentication with one of these amr values (RFC 8176)
# or acr values; then no local code is asked.
OIDC_MFA_AMR = env.listing(
    "OIDC_MFA_AMR", ["mfa", "otp", "hwk", "swk", "sms", "tel", "fpt", "face"]
)
OIDC_MFA_ACR = env.listing("OIDC_MFA_ACR", [])
# Seconds for every call to the provider (discovery, keys, token, userinfo).
OIDC_TIMEOUT = env.integer("OIDC_TIMEOUT_SECONDEN", 5, minimum=1)
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True
# client_secret_basic, the default of OpenID Connect; 0 sends the secret in the form (post).
OIDC_TOKEN_USE_BASIC_AUTH = env.boolean("OIDC_TOKEN_BASIC_AUTH", default=True)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_terug"
if OIDC_INGESCHAKELD:
    # RP-initiated logout is a redirect after the logout form: the provider's origin must be
    # a form target the browser allows.
    _oidc_origin = "/".join(OIDC_DISCOVERY_URL.split("/")[:3])
    CSP_FORM_ACTION_OIDC = [_oidc_origin]
else:
    CSP_FORM_ACTION_OIDC = []

# Lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords or codes for one
# username from one address, that pair waits AXES_COOLOFF_TIME. Every failure is a row in
# AccessFailureLog (the lockout itself with locked_out=True), visible in /beheer/.
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("AXES_COOLOFF_MINUTEN", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "toegang.accounts.views.geblokkeerd"
AXES_CLIENT_IP_CALLABLE = "toegang.netwerk.client_ip"
# Axes would log every attempt with username, address and browser: not in our logs, and
# the code of the second step is masked like the password in its records.
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: every script and style sheet is a file of our own.
# A template that must inline something uses the request's nonce ({{ request.csp_nonce }}).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF, CSP_NONCE],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "form-action": [CSP_SELF, *CSP_FORM_ACTION_OIDC],
        "frame-ancestors": [CSP_NONE],
    }
}
# A request body larger than this is refused with 413 before anything reads it.
VERZOEK_MAX_BYTES = env.integer("VERZOEK_MAX_BYTES", 256 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = VERZOEK_MAX_BYTES
# An upload in /beheer/ (a spreadsheet or HSDS file to import) may be this large.
UPLOAD_MAX_BYTES = env.integer("UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=VERZOEK_MAX_BYTES)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
SESSION_COOKIE_SECURE = env.boolean("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.boolean("CSRF_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Set only behind a proxy that strips and sets this header itself, e.g.
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (see README).
_proxy_header = env.listing("SECURE_PROXY_SSL_HEADER", [])
if _proxy_header:
    if len(_proxy_header) != 2:
        raise env.ConfigurationError(
            "SECURE_PROXY_SSL_HEADER must be 'HEADER,value', e.g. HTTP_X_FORWARDED_PROTO,https"
        )
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_header)

# How many reverse proxies of our own sit in front of the app; each appends to
# X-Forwarded-For. 0: use REMOTE_ADDR (the rate limit of anonymous posts needs this right).
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0, minimum=0)

# --- Celery ---------------------------------------------------------------------------
# With REDIS_URL the broker is Redis; without it (local development, `make run`) kombu's
# filesystem transport under DATA_DIR, which needs no server.
REDIS_URL = env.url("REDIS_URL", ("redis", "rediss"))
# Every connect to Redis and every answer from it (cache and broker) waits at most this long.
# A Redis that accepts connections but never answers (hung, or a half-open connection after
# a failover) then costs a request this once, and the request goes on as when Redis is down
# (toegang.uitval): without it redis-py waits 5 s per call, kombu forever.
REDIS_TIMEOUT = env.integer("REDIS_TIMEOUT_MS", 500, minimum=10) / 1000
# A task a worker took but never finished (killed: out of memory, a redeploy, a machine
# gone) goes to another worker after this many seconds. acks_late keeps the message until
# the task is done. Must stay longer than the longest countdown (5 minutes,
# toegang.celery.LANGSTE_COUNTDOWN) plus the task time limit, or a task waiting for its
# countdown runs twice (harmless, as tasks are idempotent, but wasted).
CELERY_VISIBILITY_TIMEOUT = env.integer("CELERY_VISIBILITY_TIMEOUT", 900, minimum=1)
# The options of a Redis broker (also for tests that point the broker at another Redis).
REDIS_BROKER_OPTIES = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Look for such tasks every tenth of that (at most every 10 s), not every 100 s.
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 10)),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_OPTIES
else:
    _broker_dir = DATA_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Look for new messages ten times a second (kombu: every second), so a worker answers
        # the ping of a health check within its wait (toegang.gezondheid).
        "polling_interval": 0.1,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.integer("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TASK_TIME_LIMIT = env.integer("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TIMEZONE = TIME_ZONE
# Beat's own scheduler, which also writes its tick for /health/status/.
CELERY_BEAT_SCHEDULER = "toegang.gezondheid:BeatMetHartslag"
CELERY_BEAT_SCHEDULE = {
    "uitgaande taken publiceren (elke minuut)": {
        "task": "toegang.berichten.tasks.uitgaande_taken_publiceren",
        "schedule": 60.0,
    },
    "vastgelopen e-mails opnieuw aanbieden (elke 5 minuten)": {
        "task": "toegang.berichten.tasks.mails_nalopen",
        "schedule": 300.0,
    },
    # The task itself skips public holidays (locaties.openingstijden.is_werkdag).
    "onderbezetting melden (werkdagen 07:00)": {
        "task": "locaties.tasks.onderbezetting_melden",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
    },
    # One task per active feed; a feed that is still busy (or failed) continues where it was.
    "sociale kaart: feeds ophalen (elk kwartier)": {
        "task": "sociale_kaart.tasks.feeds_ophalen",
        "schedule": crontab(minute="3-59/15"),
    },
    "sociale kaart: partners herinneren aan controle (werkdagen 08:00)": {
        "task": "sociale_kaart.tasks.controle_herinneringen_sturen",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
    "sociale kaart: bestanden van afgeronde of niet bevestigde imports verwijderen (elk uur)": {
        "task": "sociale_kaart.tasks.importtaken_opruimen",
        "schedule": crontab(minute=50),
    },
    # Once a month per organisation (the first working day it runs); the task skips holidays.
    "sociale kaart: partners vragen of er plaats is voor nieuwe cliënten (werkdagen 08:15)": {
        "task": "sociale_kaart.tasks.capaciteit_herinneringen_plannen",
        "schedule": crontab(hour=8, minute=15, day_of_week="mon-fri"),
    },
    "afspraken: herinneringen en te laat (werkdagen 07:30)": {
        "task": "intake.tasks.afspraken_herinneren",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
    },
    "bezoekafspraken: herinnering de werkdag ervoor (werkdagen 10:00)": {
        "task": "intake.tasks.bezoekafspraken_herinneren",
        "schedule": crontab(hour=10, minute=0, day_of_week="mon-fri"),
    },
    "hulpvragen zonder eerste contact escaleren (werkdagen, elk uur)": {
        "task": "intake.tasks.eerste_contact_escaleren",
        "schedule": crontab(hour="7-18", minute=5, day_of_week="mon-fri"),
    },
    "terugbelverzoeken te laat melden aan de coördinator (werkdagen, elk kwartier)": {
        "task": "intake.tasks.terugbellen_te_laat",
        "schedule": crontab(hour="8-18", minute="2,17,32,47", day_of_week="mon-fri"),
    },
    "doorverwijzingen: herinneren, escaleren, laten verlopen, nagaan (werkdagen, elk uur)": {
        "task": "intake.tasks.doorverwijzingen_bewaken",
        "schedule": crontab(hour="7-18", minute=10, day_of_week="mon-fri"),
    },
    # Claimed per referral (inwoner_gevraagd_op), so a doubled run asks nobody twice.
    "doorverwijzingen: de inwoner vragen of de hulp is gestart (werkdagen, elk uur)": {
        "task": "intake.tasks.hulp_gestart_vragen",
        "schedule": crontab(hour="9-17", minute=25, day_of_week="mon-fri"),
    },
    # 04:00: clear of the hour that daylight saving time skips or repeats.
    "bewaartermijnen: anonimiseren en onbeantwoorde vragen verwijderen (elke nacht 04:00)": {
        "task": "intake.tasks.bewaartermijnen_toepassen",
        "schedule": crontab(hour=4, minute=0),
    },
    "verlopen sessies opruimen (elke nacht)": {
        "task": "toegang.tasks.sessies_opruimen",
        "schedule": crontab(hour=3, minute=15),
    },
    "sociale kaart: exportbestanden ouder dan 24 uur verwijderen (elk uur)": {
        "task": "sociale_kaart.tasks.kaartexports_opruimen",
        "schedule": crontab(minute=45),
    },
    "rapportage: exportbestanden ouder dan 24 uur verwijderen (elk uur)": {
        "task": "rapportage.tasks.exports_opruimen",
        "schedule": crontab(minute=40),
    },
    # The reports' fact table: what changed is counted again, so no figure is older than an
    # hour (rapportage.maandcijfers); at night every kept month, for what was deleted.
    "rapportage: maandcijfers bijwerken (elke tien minuten)": {
        "task": "rapportage.tasks.maandcijfers_bijwerken",
        "schedule": crontab(minute="*/10"),
    },
    # After the retention run (04:00), which may remove questions from past months.
    "rapportage: alle maandcijfers opnieuw tellen (elke nacht)": {
        "task": "rapportage.tasks.maandcijfers_alle_bijwerken",
        "schedule": crontab(hour=4, minute=40),
    },
    # Follows the holidays package after an upgrade, and keeps two years ahead.
    "rapportage: werkdagenkalender bijwerken (elke nacht)": {
        "task": "rapportage.tasks.werkdagen_bijwerken",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- Feeds (sociale_kaart.feeds): other systems' HSDS 3.0 APIs ------------------------
# Seconds to connect and to wait for each read; attempts per page (a 5xx, a dropped or slow
# connection) with exponential backoff (factor × 2^n seconds, at most FEED_BACKOFF_MAX).
FEED_TIMEOUT_VERBINDEN = 5
FEED_TIMEOUT_LEZEN = 30
FEED_POGINGEN = 3
FEED_BACKOFF = 1.0
FEED_BACKOFF_MAX = 10
# A page larger than this is refused (a feed that sends a whole database, or garbage).
FEED_MAX_BYTES = 20 * 1024 * 1024
FEED_PER_PAGINA = 50
# One run stops after this many seconds or pages, well inside the task's soft time limit;
# the next run continues at the next page.
FEED_RUN_SECONDEN = 100
FEED_PAGINAS_PER_RUN = 40
# modified_after reaches back this far before the previous round began: the two clocks
# may differ, and the source's "on or after" may round.
FEED_OVERLAP_SECONDEN = 600
# Once a day a round without modified_after: what an unstable page order made a round
# miss (a record renamed or deleted at the source while we paged) is caught there.
FEED_VOLLEDIG_NA_UUR = 24
# A run's claim on its feed; one left by a killed worker is taken over after this long.
FEED_CLAIM_SECONDEN = 900

# Shared between web processes: the rate limits live here. CACHE_URL may name another Redis (or database number) than the broker's. A
# Redis that is down is a cache miss, not an error page (toegang.cache).
CACHE_URL = env.url("CACHE_URL", ("redis", "rediss"), default=REDIS_URL)
CACHES = {
    "default": (
        {
            "BACKEND": "toegang.cache.RedisCacheMetUitval",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
    | {"KEY_PREFIX": "toegang"}
}

# --- Rate limits (toegang.limiet) ------------------------------------------------------
# Per client address per window, counted in the shared cache; 0 switches one off (load
# tests only). Online questions count when stored; searches count each request; lookups
# of a secret link (status, confirmation, feedback, calendar) count only when they fail.
HULPVRAAG_LIMIET = env.integer("HULPVRAAG_LIMIET", 5, minimum=0)
HULPVRAAG_LIMIET_SECONDEN = env.integer("HULPVRAAG_LIMIET_SECONDEN", 600, minimum=1)
ZOEK_LIMIET = env.integer("ZOEK_LIMIET", 120, minimum=0)
ZOEK_LIMIET_SECONDEN = env.integer("ZOEK_LIMIET_SECONDEN", 60, minimum=1)
TOKEN_LIMIET = env.integer("TOKEN_LIMIET", 10, minimum=0)
TOKEN_LIMIET_SECONDEN = env.integer("TOKEN_LIMIET_SECONDEN", 3600, minimum=1)
# Requests for a one-time link to Mijn vragen: per client address, and apart per e-mail
# address asked for (so nobody floods a resident's mailbox from many addresses).
MIJN_VRAGEN_LIMIET = env.integer("MIJN_VRAGEN_LIMIET", 5, minimum=0)
MIJN_VRAGEN_LIMIET_SECONDEN = env.integer("MIJN_VRAGEN_LIMIET_SECONDEN", 3600, minimum=1)
MIJN_VRAGEN_EMAIL_LIMIET = env.integer("MIJN_VRAGEN_EMAIL_LIMIET", 3, minimum=0)

# --- Mijn vragen (intake/views/mijn_vragen.py) -----------------------------------------
# The least time the answer to a link request takes, known address or not, so its timing
# tells nothing; and how long the session a link or DigiD opens lasts.
MIJN_VRAGEN_ANTWOORD_MS = env.integer("MIJN_VRAGEN_ANTWOORD_MS", 400, minimum=0)
MIJN_VRAGEN_SESSIE_SECONDEN = env.integer("MIJN_VRAGEN_SESSIE_SECONDEN", 1200, minimum=60)
# DigiD for residents through the municipality's OIDC broker; off while DIGID_DISCOVERY_URL
# is empty. Apart from any staff sign-in. The BSN is never stored: only its HMAC-SHA256
# with DIGID_BSN_SLEUTEL (a secret of its own, required when DigiD is on).
DIGID_DISCOVERY_URL = env.url("DIGID_DISCOVERY_URL", ("https", "http"))
DIGID_CLIENT_ID = env.string("DIGID_CLIENT_ID")
DIGID_CLIENT_SECRET = env.string("DIGID_CLIENT_SECRET")
DIGID_SCOPES = env.string("DIGID_SCOPES", "openid")
DIGID_BSN_CLAIM = env.string("DIGID_BSN_CLAIM", "bsn")
DIGID_SIGN_ALGO = env.string("DIGID_SIGN_ALGO", "RS256")
DIGID_TIMEOUT = env.integer("DIGID_TIMEOUT", 5, minimum=1)
DIGID_BSN_SLEUTEL = (
    env.required("DIGID_BSN_SLEUTEL", "a long random secret of its own, to hash BSNs")
    if DIGID_DISCOVERY_URL
    else env.string("DIGID_BSN_SLEUTEL")
)

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Secret links, e-mail addresses and phone numbers are masked in every line that is
    # written, whoever logged it (toegang.logfilter).
    "filters": {"geheimen": {"()": "toegang.logfilter.GeheimenFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["geheimen"],
        }
    },
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint writes seven steps per PDF at INFO (rapportage/pdf.py); its warnings stay.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# --- E-mail ---------------------------------------------------------------------------
# EMAIL_URL like smtp+tls://user:password@smtp.example.org:587. Required in production:
# printing mail (the development default) would put residents' status links in the logs.
_email = env.email(
    "EMAIL_URL",
    "consolemail://"
    if DEBUG
    else env.required("EMAIL_URL", "an e-mail URL such as smtp+tls://user:password@host:587"),
)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
# Seconds a mail server may take to connect or answer; only workers send mail, never a request.
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "Toegang Aalten <toegang@aalten.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mails and feeds.
SITE_URL = env.url("SITE_URL", ("https", "http"), default="http://127.0.0.1:8000").rstrip("/")

# --- Backups (manage.py backup, toegang.reservekopie) ------------------------------------
# Where `manage.py backup` writes its dumps, and after how many days it removes its own old
# ones (0: never). They hold personal data: keep the folder on an encrypted disk, copy it
# off the machine, and keep no more days than the municipality's backup policy says.
BACKUP_DIR = env.string("BACKUP_DIR", str(DATA_DIR / "backups"))
BACKUP_BEWAARDAGEN = env.integer("BACKUP_BEWAARDAGEN", 35, minimum=0)

# --- Gemeente -------------------------------------------------------------------------
# Contact details shown in the footer and on every page that says how to reach us.
GEMEENTE_TELEFOON = env.string("GEMEENTE_TELEFOON", "0543-000000")
# Roles that see residents' contact details (phone, e-mail, address, date of birth) on a
# case; every other role sees ***** (toegang.accounts.roles.mag_contactgegevens_zien).
CONTACTGEGEVENS_ROLLEN = env.listing("CONTACTGEGEVENS_ROLLEN", ["medewerker", "coordinator"])
GEMEENTE_EMAIL = env.string("GEMEENTE_EMAIL", "toegang@aalten.example.org")
