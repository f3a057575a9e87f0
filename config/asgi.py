import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

application = get_asgi_application()

# Production fails closed: no Redis, no SMTP, eager tasks … stop the start (core/ops/deploy_checks).
from core.ops.deploy_checks import refuse_to_start  # noqa: E402

refuse_to_start()
