"""Email plumbing: the file backend of the embedded default and one way to render and send mail.

Every email of the project is rendered by ``render_mail_parts``: subjects and plain-text parts are
text, not HTML, so they render with autoescaping off (“Zorg & Welzijn” stays “Zorg & Welzijn”,
D'hondt stays D'hondt); HTML parts keep Django's autoescaping. The switch lives here, not in each
template, so no text template can forget it. ``send_templated_mail`` sends our own emails and
``accounts.adapter.AccountAdapter.render_mail`` sends allauth's through the same function.
"""

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.context import make_context
from django.template.loader import get_template, render_to_string
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


def render_text(template_name: str, context: dict, request=None) -> str:
    """Render a plain-text template (a subject or a text part) without HTML escaping.

    Included templates and ``{% blocktranslate %}`` variables inherit the setting from the
    context, so the whole text is unescaped. ``|escape`` in a template would still escape.
    """
    template = get_template(template_name).template  # the Django engine's own Template
    # make_context, like render_to_string, lets the caller's values win over the context
    # processors' (allauth passes the new ``user`` while request.user is still anonymous).
    return template.render(make_context(context, request, autoescape=False))


def render_mail_parts(
    *,
    subject_template: str,
    text_template: str,
    html_template: str | None,
    context: dict,
    request=None,
) -> tuple[str, str, str | None]:
    """Render ``(subject, text, html)``: subject and text as text, HTML escaped.

    The subject is one line (a template's line breaks and surrounding spaces are collapsed).
    Without ``html_template`` the HTML part is ``None``.
    """
    subject = render_text(subject_template, context, request=request)
    text = render_text(text_template, context, request=request)
    html = None
    if html_template is not None:
        html = render_to_string(html_template, context, request=request)
    return " ".join(subject.split()), text, html


def build_templated_mail(
    *,
    template: str,
    context: dict,
    to: str,
    language: str,
    headers: dict | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    reply_to: list[str] | None = None,
) -> EmailMultiAlternatives:
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` in ``language`` into a message
    (not sent: the outbox sends it, see core/outbox.py).

    The context gets ``site_url`` so templates can build absolute links. ``attachments`` are
    ``(filename, content, mimetype)`` triples; ``reply_to`` lets a reply reach a person (the
    facilitator) instead of the no-reply sender.
    """
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject, text, html = render_mail_parts(
            subject_template=f"{template}_subject.txt",
            text_template=f"{template}.txt",
            html_template=f"{template}.html",
            context=context,
        )
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], headers=headers or {}, reply_to=reply_to or []
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message


def send_templated_mail(**kwargs) -> None:
    """Build the message (``build_templated_mail``) and send it at once. Only for what is not an
    outbox row yet; every email of the domain goes through core/outbox.py."""
    build_templated_mail(**kwargs).send()
    logger.info("mail %s sent to %s", kwargs["template"], kwargs["to"])
