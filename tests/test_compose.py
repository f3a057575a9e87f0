"""No Docker engine runs here, so docker-compose.yml and the Dockerfile are checked statically."""

import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_whole_stack(compose):
    assert set(compose["services"]) == {
        "postgres",
        "redis",
        "migrate",
        "web",
        "worker",
        "pdf-worker",
        "beat",
        "mailpit",
    }


def test_long_running_services_restart_and_have_healthchecks(compose):
    services = compose["services"]
    for name in ["postgres", "redis", "web", "worker", "pdf-worker", "mailpit"]:
        assert services[name]["restart"] == "unless-stopped", name
        assert services[name]["healthcheck"]["test"], name
    assert services["migrate"]["restart"] == "no"


def test_app_services_wait_for_migrate_and_healthy_services(compose):
    services = compose["services"]
    for name in ["web", "worker", "pdf-worker", "beat"]:
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends["redis"] == {"condition": "service_healthy"}, name
    assert services["migrate"]["depends_on"]["postgres"] == {"condition": "service_healthy"}


def test_data_lives_in_named_volumes(compose):
    assert set(compose["volumes"]) == {"postgres-data", "redis-data"}
    assert compose["services"]["postgres"]["volumes"][0] == "postgres-data:/var/lib/postgresql/data"


def test_app_environment_points_at_the_stack(compose):
    env = compose["services"]["web"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["EMAIL_URL"] == "smtp://mailpit:1025"
    assert "DJANGO_SECRET_KEY:?" in env["DJANGO_SECRET_KEY"]  # required, no default


def test_dockerfile_runs_gunicorn_as_unprivileged_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("FROM python:3.11-")
    assert "USER leernet" in dockerfile
    assert "pip install -r requirements/base.txt" in dockerfile
    assert 'CMD ["sh", "deploy/start-web.sh", "--bind", "0.0.0.0:8000"]' in dockerfile
    assert "exec gunicorn config.wsgi:application" in (ROOT / "deploy/start-web.sh").read_text()
    assert "access-log" not in dockerfile.split("CMD")[-1]


def test_start_web_empties_the_metrics_directory_and_runs_gunicorn(tmp_path):
    """deploy/start-web.sh for real, with a stand-in gunicorn that reports what it got."""
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    (metrics / "counter_17.db").write_text("a dead process's counts")
    (metrics / "old").mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "gunicorn"
    fake.write_text(
        '#!/bin/sh\necho "args: $*"\necho "dir: $PROMETHEUS_MULTIPROC_DIR"\n'
        'ls -A "$PROMETHEUS_MULTIPROC_DIR"\n'
    )
    fake.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "PROMETHEUS_MULTIPROC_DIR": str(metrics)}

    result = subprocess.run(  # noqa: S603 - our own script
        ["/bin/sh", str(ROOT / "deploy/start-web.sh"), "--bind", "0.0.0.0:8000"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "args: config.wsgi:application --bind 0.0.0.0:8000",
        f"dir: {metrics}",
    ]
    default = subprocess.run(  # noqa: S603 - our own script
        ["/bin/sh", str(ROOT / "deploy/start-web.sh")],
        env={"PATH": env["PATH"]},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert "dir: /tmp/leernet-metrics" in default.stdout


def test_web_has_its_metrics_tmpfs_and_probes_healthz(compose):
    web = compose["services"]["web"]
    directory = web["environment"]["PROMETHEUS_MULTIPROC_DIR"]
    assert directory in web["tmpfs"]
    assert web["command"][:2] == ["sh", "deploy/start-web.sh"]
    assert "/healthz" in web["healthcheck"]["test"][1]
    for name in ["worker", "pdf-worker", "beat", "migrate"]:
        assert "PROMETHEUS_MULTIPROC_DIR" not in compose["services"][name]["environment"], name


def test_operations_variables_reach_every_app_service(compose):
    """The signing key is required (no default); the metrics token, Sentry and the three Redis
    URLs are optional and empty by default, which the settings read as unset (the three URLs
    are then derived from REDIS_URL)."""
    for name in ["web", "worker", "pdf-worker", "beat", "migrate"]:
        env = compose["services"][name]["environment"]
        assert "IDP_OIDC_PRIVATE_KEY:?" in env["IDP_OIDC_PRIVATE_KEY"], name
        for optional in (
            "LEERNET_METRICS_TOKEN",
            "SENTRY_DSN",
            "REDIS_BROKER_URL",
            "REDIS_CACHE_URL",
            "REDIS_SESSION_URL",
        ):
            assert env[optional] == f"${{{optional}:-}}", (name, optional)


def test_pdf_rendering_has_its_own_recycled_worker(compose):
    command = compose["services"]["pdf-worker"]["command"]
    assert command[command.index("--queues") + 1] == "pdf"
    assert int(command[command.index("--max-tasks-per-child") + 1]) > 0


# Database roles (issue 22): the app owns nothing; only migrate connects as the owner. ----------


def _db_user(url):
    return url.split("://", 1)[1].split(":", 1)[0]


def test_app_services_connect_as_the_app_role_and_migrate_as_the_owner(compose):
    services = compose["services"]
    for name in ["web", "worker", "pdf-worker", "beat"]:
        assert _db_user(services[name]["environment"]["DATABASE_URL"]) == "leernet_app", name
    migrate = services["migrate"]
    assert _db_user(migrate["environment"]["DATABASE_URL"]) == "leernet_owner"
    assert migrate["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    # migrate and the grants under one advisory lock (tests/integration/test_migrate_locked.py)
    command = " ".join(migrate["command"])
    assert command == "python manage.py migrate_locked --noinput --app-role leernet_app"


def test_postgres_creates_the_two_roles_on_first_start(compose):
    postgres = compose["services"]["postgres"]
    mounts = dict(volume.rsplit(":", 1)[0].split(":", 1) for volume in postgres["volumes"][1:])
    init = mounts["./deploy/postgres/10-leernet-roles.sh"]
    assert init.startswith("/docker-entrypoint-initdb.d/")
    assert mounts["./deploy/sql/roles.sql"] == "/leernet/roles.sql"
    script = (ROOT / "deploy/postgres/10-leernet-roles.sh").read_text()
    assert "-f /leernet/roles.sql" in script
    roles = (ROOT / "deploy/sql/roles.sql").read_text()
    for role in ["leernet_owner", "leernet_app"]:
        assert f"ALTER ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE" in roles
    assert "OWNER leernet_owner" in roles
    # The app's user is not the server's superuser any more.
    assert postgres["environment"]["POSTGRES_USER"] not in {"leernet_app", "leernet_owner"}
