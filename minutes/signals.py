"""What minutes tell the apps above them (minutes never imports them)."""

from django.dispatch import Signal

# Sent by ``minutes.services.minutes_publish`` inside its transaction, once the new version and
# its outbox rows exist, with ``session`` and ``version``: the insight library (portfolio) builds
# the session's cards from it.
minutes_published = Signal()
