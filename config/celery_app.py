"""The Celery application. Tasks are discovered in every installed app's ``tasks.py``."""

import os

from celery import Celery
from celery.signals import beat_init, import_modules, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("leernet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@import_modules.connect(weak=False)
@worker_init.connect(weak=False)
@beat_init.connect(weak=False)
def _fail_closed(**kwargs):
    """Production fails closed in the worker and beat too (core/ops/deploy_checks.py), before
    either loads its tasks or its schedule (``import_modules``: the loader's start in both)."""
    from core.ops.deploy_checks import refuse_to_start_process  # noqa: PLC0415 (lazy: settings)

    refuse_to_start_process()
