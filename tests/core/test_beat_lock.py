"""The beat lock (core/beat.py) on a real Redis: one holder at a time, renewed and released
only by its owner, free again once it expires."""

import pytest
import redis
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.beat import LOCK_KEY, BeatLock, SingleBeatScheduler


@pytest.fixture
def client(require_redis):
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(LOCK_KEY)
    yield client
    client.delete(LOCK_KEY)


def test_one_holder_at_a_time_and_release_frees_it(client):
    first, second = (BeatLock(settings.REDIS_URL, seconds=30) for _ in range(2))
    assert first.hold() is True
    assert second.hold() is False
    assert first.hold() is True  # renewed
    assert client.ttl(LOCK_KEY) > 25
    first.release()
    assert client.get(LOCK_KEY) is None
    assert second.hold() is True


def test_a_lock_taken_over_after_expiry_is_not_renewed_by_the_old_holder(client):
    first, second = (BeatLock(settings.REDIS_URL, seconds=30) for _ in range(2))
    assert first.hold() is True
    client.delete(LOCK_KEY)  # as if it had expired while the first beat hung
    assert second.hold() is True
    first.release()  # still believing it holds: its release must not free the other's lock
    assert client.get(LOCK_KEY).decode() == second.lock.local.token
    first.held = True
    assert first.hold() is False  # nor may its renewal take the lock back
    assert client.get(LOCK_KEY).decode() == second.lock.local.token


def test_redis_unreachable_means_not_holding():
    lock = BeatLock("redis://127.0.0.1:1/0", seconds=30)
    assert lock.hold() is False


def test_beat_without_redis_refuses_to_start_with_a_clear_message():
    from celery import Celery  # noqa: PLC0415 (lazy: a throwaway app for this test only)

    app = Celery("no-redis", broker="memory://")
    with pytest.raises(ImproperlyConfigured, match="Celery beat needs REDIS_URL"):
        SingleBeatScheduler(app=app, lazy=True)
