import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

application = get_wsgi_application()

# Production fails closed: no Redis, no SMTP, eager tasks … stop the start (core/ops/deploy_checks).
from core.ops.deploy_checks import refuse_to_start  # noqa: E402

refuse_to_start()
