"""Production settings: the deploy check passes and every response carries the security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import override_settings
from django.urls import reverse

from core.ops.settings import ephemeral_rsa_pem

ROOT = Path(__file__).resolve().parent.parent


def _ec_pem() -> str:
    """A private key of the wrong kind: ID tokens are signed with RS256."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


# What an operator's environment holds: the key with "\n" for its newlines, as documented.
SIGNING_KEY = ephemeral_rsa_pem().replace("\n", "\\n")

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "prod-check-3f9a1c7e5b2d8f6a0c4e9b7d1a3f5c8e2b6d0a9f7c1e3b5d",
    "DJANGO_ALLOWED_HOSTS": "leernet.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mail.example.org:587",
    "SITE_URL": "https://leernet.example.org",
    "IDP_OIDC_PRIVATE_KEY": SIGNING_KEY,
}


def _python(*args, env):
    return subprocess.run(  # noqa: S603 - our own manage.py, entry points and worker
        [sys.executable, *args],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _manage(*args, env):
    return _python("manage.py", *args, env=env)


def test_production_settings_pass_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get(reverse("home"))

    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_header_on_https(client):
    response = client.get(reverse("home"), secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_templates_have_no_inline_script_or_style():
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        # PDF templates are rendered by WeasyPrint, never served to a browser.
        if ".venv" in path.parts or "pdf" in path.parts:
            continue
        text = path.read_text()
        if "<script>" in text or "<style" in text or " style=" in text or " onclick=" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


# Fail closed (issue 25): each missing service or development stand-in stops `check --deploy`
# with its id and the variable to set, and stops the web, the worker and beat at start-up.
@pytest.mark.parametrize(
    ("missing", "check_id"),
    [("REDIS_URL", "core.E101"), ("EMAIL_URL", "core.E102")],
)
def test_check_deploy_refuses_production_without_a_service(missing, check_id):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = _manage("check", "--deploy", env=env)

    assert result.returncode != 0
    assert check_id in result.stderr
    assert f"{missing} is not set" in result.stderr


def test_without_redis_the_eager_tasks_and_file_cache_are_named_too():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}

    result = _manage("check", "--deploy", env=env)

    assert "core.E103" in result.stderr  # tasks would run inside the web request
    assert "core.E104" in result.stderr  # FileBasedCache
    assert "FileBasedCache" in result.stderr


def _start(code: str, env) -> subprocess.CompletedProcess:
    return _python("-c", code, env=env)


@pytest.mark.parametrize("missing", ["REDIS_URL", "EMAIL_URL"])
def test_the_web_process_refuses_to_start(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = _start("import config.wsgi", env)

    assert result.returncode != 0
    assert "Leernet refuses to start in production" in result.stderr
    assert f"{missing} is not set" in result.stderr


def test_the_web_process_starts_with_every_service_configured():
    result = _start("import config.wsgi; print('started')", PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize("command", ["worker", "beat"])
def test_the_worker_and_beat_refuse_to_start_without_email(command, tmp_path):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "EMAIL_URL"}
    # Redis is named but nothing is contacted: the refusal comes before the first connection.
    args = ["-m", "celery", "-A", "config", command, "--loglevel", "WARNING"]
    if command == "beat":
        args += ["--schedule", str(tmp_path / "beat-schedule")]
    result = _python(*args, env=env)

    assert result.returncode != 0
    assert "EMAIL_URL is not set" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("override", "check_id", "named"),
    [
        ({"CELERY_TASK_ALWAYS_EAGER": True}, "core.E103", "CELERY_TASK_ALWAYS_EAGER"),
        (
            {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}},
            "core.E104",
            "REDIS_URL",
        ),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "core.E105",
            "EMAIL_URL",
        ),
        ({"EMAIL_BACKEND": "core.mail.EmlFileBackend"}, "core.E105", "EMAIL_URL"),
        ({"IDP_OIDC_PRIVATE_KEY": ""}, "core.E106", "IDP_OIDC_PRIVATE_KEY"),
        ({"IDP_OIDC_PRIVATE_KEY": "change-me"}, "core.E106", "IDP_OIDC_PRIVATE_KEY"),
        (
            {
                "IDP_OIDC_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----\nchange-me\n"
                "-----END PRIVATE KEY-----\n"
            },
            "core.E106",
            "IDP_OIDC_PRIVATE_KEY",
        ),
        ({"IDP_OIDC_PRIVATE_KEY": _ec_pem()}, "core.E106", "RSA"),
    ],
)
def test_each_development_stand_in_is_refused(override, check_id, named):
    from django.core.exceptions import ImproperlyConfigured

    from core.ops.deploy_checks import check_production_services, refuse_to_start

    production = {
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "REDIS_BROKER_URL": "redis://127.0.0.1:6379/0",
        "REDIS_CACHE_URL": "redis://127.0.0.1:6379/1",
        "REDIS_SESSION_URL": "redis://127.0.0.1:6379/2",
        "EMAIL_URL": "smtp://mail.example.org:587",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "CELERY_TASK_ALWAYS_EAGER": False,
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}},
        "LEERNET_FAIL_CLOSED": True,
    }
    with override_settings(**production):
        assert check_production_services() == []
        refuse_to_start()
    with override_settings(**{**production, **override}):
        errors = check_production_services()
        with pytest.raises(ImproperlyConfigured, match=named):
            refuse_to_start()

    assert [error.id for error in errors] == [check_id]
    assert named in errors[0].msg


def test_make_check_deploy_gives_production_what_it_needs():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("check-deploy: install")[1].split("\n\n")[0]

    assert "REDIS_URL=" in recipe
    assert "EMAIL_URL=" in recipe


def test_production_refuses_to_start_without_the_signing_key():
    """The key of the API's OAuth provider: the deploy check and the web process name it."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "IDP_OIDC_PRIVATE_KEY"}

    checked = _manage("check", "--deploy", env=env)
    started = _start("import config.wsgi", env)

    assert checked.returncode != 0
    assert "core.E106" in checked.stderr
    assert started.returncode != 0
    assert "IDP_OIDC_PRIVATE_KEY is not set" in started.stderr


def test_make_check_deploy_passes_a_signing_key():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("check-deploy: install")[1].split("\n\n")[0]

    assert "IDP_OIDC_PRIVATE_KEY=" in recipe
