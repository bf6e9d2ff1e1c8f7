"""Settings for the test suite: production settings with HTTPS-only switches off.

The live server in browser tests speaks plain HTTP on 127.0.0.1.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from policyapp.settings import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS["default"] = TASK_BACKENDS["immediate"]  # noqa: F405
# Inside a test's transaction, which never commits, PostgreSQL's library revision never
# moves (it moves at commit): stored pages would outlive the test's writes. The tests of
# the page store switch it on with a transactional database (test_page_store.py).
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405

# One test database per test run, so that two runs in one checkout (or two people on one
# PostgreSQL server) never drop each other's.
_database = DATABASES["default"]  # noqa: F405
if _database["ENGINE"].endswith("sqlite3"):
    # A file, not memory: the live server, a task worker and the tests share it across
    # threads, which an in-memory database only allows with table locks.
    _database["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
else:
    _database["TEST"] = {"NAME": f"test_{_database['NAME']}_{os.getpid()}"}
