"""A URLconf with one failing view, for the error-report test (tests/ops/test_sentry.py)."""

import logging

from django.urls import path

logger = logging.getLogger("leernet.boom")


def boom(request):
    email = request.POST.get("email", "")
    logger.info("about to handle %s", email)  # a breadcrumb
    logger.error("handling %s went wrong", email)  # an event of its own
    raise ValueError(f"could not handle {email}")


urlpatterns = [path("boom/", boom)]
