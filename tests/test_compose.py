"""No Docker engine runs here, so docker-compose.yml and the Dockerfile are checked statically."""

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
    assert 'CMD ["gunicorn", "config.wsgi:application"' in dockerfile


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
