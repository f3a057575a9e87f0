from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Stands in for an SMTP server that refuses connections (the edge of our world)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("connection refused")
