"""A tiny, separate Django project: a real OpenID Connect provider (allauth.idp.oidc) that the
SSO tests run on loopback (tests/sso_fixtures.py starts it as its own process). Not Leernet:
its own users, its own SQLite database (IDP_DB), its own signing key (IDP_PRIVATE_KEY).

Its people and what it says about them come from IDP_USERS (JSON, by email address: password,
name, and the extra claims "locale", "amr", "acr", "email_verified"), seeded by
``manage.py idp_seed`` together with one client for Leernet.
"""

import json
import os

SECRET_KEY = os.environ.get("IDP_SECRET_KEY", "test-identity-provider-not-leernet-0123456789abc")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "allauth",
    "allauth.account",
    "allauth.idp.oidc",
    "tests.idp",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]
ROOT_URLCONF = "tests.idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("IDP_DB", "/tmp/leernet-test-idp.sqlite3"),  # noqa: S108 (tests only)
    }
}
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_RATE_LIMITS = False
LOGIN_REDIRECT_URL = "/"
IDP_OIDC_PRIVATE_KEY = os.environ.get("IDP_PRIVATE_KEY", "")
IDP_OIDC_ADAPTER = "tests.idp.adapter.ClaimsAdapter"
IDP_OIDC_RATE_LIMITS = False
IDP_USERS = json.loads(os.environ.get("IDP_USERS", "{}"))
# Cookies do not keep ports apart: on 127.0.0.1 the provider's must not overwrite Leernet's.
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
