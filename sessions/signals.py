"""Signals other apps listen to, so that sessions never imports them."""

from django.dispatch import Signal

# Sent after a session is marked held (inside the transaction); kwargs: session.
session_held = Signal()

# Sent after a session is planned (created; inside the transaction); kwargs: session,
# acting_user. Reports feeds the previous session's try-out actions back into its agenda.
session_planned = Signal()
