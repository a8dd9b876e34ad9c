"""Settings for pytest: the same as production except what makes tests fast and hermetic."""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("EMAIL_URL", "memorymail://")

from .base import *  # noqa: E402, F403
from .base import STORAGES  # noqa: E402

ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Serve static files straight from the finders, as in development: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The live server thread must not keep connections open past the test database's teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# One test database per pytest process, so runs side by side (two terminals, parallel
# helpers on one machine) never drop each other's database halfway.
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}  # noqa: F405
# A second alias on the same test database, as a read replica would be. Reports read from it
# only where a test switches it on (settings.RAPPORTAGE_DATABASE = "rapportage"); such a
# test commits its data (transaction=True), since the replica's connection is another one.
DATABASES["rapportage"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
RAPPORTAGE_DATABASE = None

# Tests empty the cache between tests (Redis FLUSHDB): give it its own database number so
# that never touches the broker's queues. Runs side by side on one Redis each take their own
# number (TEST_CACHE_DB), or one run's FLUSHDB empties the other's cache mid-test.
if REDIS_URL:  # noqa: F405
    _redis = urlsplit(REDIS_URL)  # noqa: F405
    _db = int(os.environ.get("TEST_CACHE_DB", "15"))
    # Under pytest-xdist each worker process (gw0, gw1, ...) counts down from there.
    _db -= int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    CACHES["default"]["LOCATION"] = urlunsplit(_redis._replace(path=f"/{_db}"))  # noqa: F405
