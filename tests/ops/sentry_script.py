"""Run by tests/ops/test_sentry.py in a process of its own (sentry-sdk is process-global): a
request with an email address in its body fails, then the reports are flushed."""

import django

django.setup()

import sentry_sdk  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

with override_settings(ROOT_URLCONF="tests.ops.boom_urls", ALLOWED_HOSTS=["testserver"]):
    response = Client(raise_request_exception=False).post(
        "/boom/",
        {"email": "victim.person@example.org", "answer": "my secret answer text"},
        HTTP_COOKIE="sessionid=cookie-value-123",
    )
print("status", response.status_code)
print("sentry active", sentry_sdk.get_client().is_active())
sentry_sdk.flush(timeout=10)
