"""Email plumbing: the file backend of the embedded default and one way to send templated mail."""

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)


class EmlFileBackend(BaseEmailBackend):
    """Writes every message as its own ``.eml`` file, so it can be opened in a mail client."""

    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.file_path = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages):
        self.file_path.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = self.file_path / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes(linesep="\n"))
        return len(email_messages)


def send_templated_mail(
    *,
    template: str,
    context: dict,
    to: str,
    language: str,
    headers: dict | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` in ``language`` and send them.

    The context gets ``site_url`` so templates can build absolute links. ``attachments`` are
    ``(filename, content, mimetype)`` triples.
    """
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[to], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
    logger.info("mail %s sent to %s", template, to)
