"""A member's private calendar subscription URL: made, reset, revoked."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sessions.models import CalendarFeed


def _lock_user(user) -> None:
    """Serialise a user's feed changes (a double click sends two requests at once)."""
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))


@transaction.atomic
def calendar_feed_get_or_create(*, acting_user) -> CalendarFeed:
    """The user's active feed, made if there is none. Safe to call twice at once: the second
    call finds the feed the first made (one active feed per user is also a constraint)."""
    _lock_user(acting_user)
    feed = CalendarFeed.objects.filter(user=acting_user, revoked_at__isnull=True).first()
    return feed or CalendarFeed.objects.create(user=acting_user)


@transaction.atomic
def calendar_feed_reset(*, acting_user) -> CalendarFeed:
    """Revoke the current subscription URL and make a new one."""
    _lock_user(acting_user)
    CalendarFeed.objects.filter(user=acting_user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarFeed.objects.create(user=acting_user)


def calendar_feed_revoke(*, acting_user) -> None:
    CalendarFeed.objects.filter(user=acting_user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
