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
    assert compose["services"]["postgres"]["volumes"] == ["postgres-data:/var/lib/postgresql/data"]


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
