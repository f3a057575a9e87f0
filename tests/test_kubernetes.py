"""deploy/kubernetes/: every manifest valid against the Kubernetes 1.37 schemas (strict, so an
unknown or misspelt field fails), and the deployment shape issue 25 asks for: web, worker, pdf
worker and one beat; probes on /healthz and /readyz; the migration Job runs the locked migrate as
the owner; every variable the manifests set is documented in docs/operations.md."""

import copy
import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MANIFESTS = sorted((ROOT / "deploy" / "kubernetes").glob("*.yaml"))
VERSION = "1.37.0"


def _documents():
    return [
        (path.name, document)
        for path in MANIFESTS
        for document in yaml.safe_load_all(path.read_text())
        if document
    ]


def _by_name(kind):
    return {d["metadata"]["name"]: d for _f, d in _documents() if d["kind"] == kind}


def _container(workload):
    (container,) = workload["spec"]["template"]["spec"]["containers"]
    return container


@pytest.mark.parametrize(("filename", "document"), _documents(), ids=lambda v: str(v)[:40])
def test_manifest_is_valid_kubernetes(filename, document):
    kubernetes_validate.validate(document, VERSION, strict=True)


def test_validation_bites_on_a_broken_manifest():
    broken = copy.deepcopy(_by_name("Deployment")["leernet-beat"])
    broken["spec"]["replicas"] = "one"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSION, strict=True)
    misspelt = copy.deepcopy(_by_name("Deployment")["leernet-web"])
    misspelt["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(misspelt, VERSION, strict=True)


def test_web_worker_pdf_worker_and_one_beat():
    deployments = _by_name("Deployment")
    assert set(deployments) == {
        "leernet-web",
        "leernet-worker",
        "leernet-pdf-worker",
        "leernet-beat",
    }
    beat = deployments["leernet-beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert _container(beat)["command"][:4] == ["celery", "-A", "config", "beat"]
    assert "--queues=pdf" in _container(deployments["leernet-pdf-worker"])["command"]
    assert "--queues=celery" in _container(deployments["leernet-worker"])["command"]
    images = {_container(d)["image"] for d in deployments.values()}
    images.add(_container(_by_name("Job")["leernet-migrate"])["image"])
    assert images == {"leernet:latest"}


def test_web_probes_liveness_and_readiness():
    web = _container(_by_name("Deployment")["leernet-web"])
    assert web["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    host = next(h["value"] for h in web["readinessProbe"]["httpGet"]["httpHeaders"])
    config = _by_name("ConfigMap")["leernet-config"]["data"]
    assert host in config["DJANGO_ALLOWED_HOSTS"].split(",")


def test_migration_job_runs_the_locked_migrate_as_the_owner():
    job = _container(_by_name("Job")["leernet-migrate"])
    assert job["command"] == [
        "python",
        "manage.py",
        "migrate_locked",
        "--noinput",
        "--app-role",
        "leernet_app",
    ]
    database = next(e for e in job["env"] if e["name"] == "DATABASE_URL")
    assert database["valueFrom"]["secretKeyRef"]["key"] == "DATABASE_OWNER_URL"
    secret = _by_name("Secret")["leernet-secrets"]["stringData"]
    assert "leernet_owner" in secret["DATABASE_OWNER_URL"]
    assert "leernet_app" in secret["DATABASE_URL"]


def test_every_variable_is_documented():
    operations = (ROOT / "docs" / "operations.md").read_text()
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", operations))
    names = set(_by_name("ConfigMap")["leernet-config"]["data"])
    names |= set(_by_name("Secret")["leernet-secrets"]["stringData"])
    assert names - documented == set()


# What the operations code needs (issue 25) --------------------------------------------------


def test_web_keeps_its_metric_files_in_a_memory_volume_emptied_at_start():
    web = _by_name("Deployment")["leernet-web"]["spec"]["template"]["spec"]
    container = _container(_by_name("Deployment")["leernet-web"])
    directory = next(
        e["value"] for e in container["env"] if e["name"] == "PROMETHEUS_MULTIPROC_DIR"
    )
    (mount,) = [m for m in container["volumeMounts"] if m["mountPath"] == directory]
    (volume,) = [v for v in web["volumes"] if v["name"] == mount["name"]]
    assert volume["emptyDir"]["medium"] == "Memory"
    # The start script empties it (a restarted container keeps its pod's emptyDir).
    assert container["command"][:2] == ["sh", "deploy/start-web.sh"]
    assert (ROOT / "deploy" / "start-web.sh").is_file()
    # No access log: it would log paths, which can hold tokens.
    assert not any("access-log" in part for part in container["command"])
    # Only the web processes count requests in files.
    for name in ("leernet-worker", "leernet-pdf-worker", "leernet-beat"):
        env = _container(_by_name("Deployment")[name]).get("env", [])
        assert "PROMETHEUS_MULTIPROC_DIR" not in {e["name"] for e in env}, name


def test_the_secret_carries_the_signing_key_and_the_optional_operations_keys():
    secret = _by_name("Secret")["leernet-secrets"]["stringData"]
    assert secret["IDP_OIDC_PRIVATE_KEY"].startswith("-----BEGIN PRIVATE KEY-----")
    # Optional, off when empty: the settings treat "" as unset.
    for optional in (
        "LEERNET_METRICS_TOKEN",
        "SENTRY_DSN",
        "REDIS_BROKER_URL",
        "REDIS_CACHE_URL",
        "REDIS_SESSION_URL",
    ):
        assert secret[optional] == "", optional
    config = _by_name("ConfigMap")["leernet-config"]["data"]
    assert config["LEERNET_TRUSTED_PROXY_COUNT"] == "1"
    assert "ALLAUTH_TRUSTED_PROXY_COUNT" not in config


def test_the_template_secret_does_not_pass_the_deploy_check():
    """The placeholder key is refused (core.E106), so an unfilled copy cannot start."""
    from django.test import override_settings  # noqa: PLC0415 (Django in one test)

    from core.ops.deploy_checks import problems  # noqa: PLC0415 (Django in one test)

    secret = _by_name("Secret")["leernet-secrets"]["stringData"]
    with override_settings(IDP_OIDC_PRIVATE_KEY=secret["IDP_OIDC_PRIVATE_KEY"]):
        assert "core.E106" in {check_id for check_id, _message in problems()}
