"""The pages' links the portfolio app hands out: the public verification page a participation
statement (and its PDF, with the QR code) points at. The one module of the app that names the
pages' URLs (tests/test_import_direction.py)."""

from django.conf import settings
from django.urls import reverse


def statement_verify_path(*, token: str) -> str:
    """The public page that checks a participation statement, found by its token alone."""
    return reverse("reports:statement_verify", kwargs={"token": token})


def statement_verify_url(*, token: str) -> str:
    """The same page on the site, for the statement's PDF."""
    return settings.SITE_URL + statement_verify_path(token=token)
