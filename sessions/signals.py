"""Signals other apps listen to, so that sessions never imports them."""

from django.dispatch import Signal

# Sent after a session is marked held (inside the transaction); kwargs: session.
session_held = Signal()
