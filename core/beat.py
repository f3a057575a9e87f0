"""Celery beat that schedules from one machine only, however many beats are started.

Two beats would send every periodic task twice (two reminder sweeps, two digests). Each beat
process runs ``SingleBeatScheduler``: it schedules only while it holds a lock in the broker's
Redis (``leernet:beat-lock``, a token of its own, ``LEERNET_BEAT_LOCK_SECONDS`` long). The
holder renews the lock on every tick (at most every few seconds, well inside its lifetime) and
releases it on a clean exit; a beat that is killed stops renewing, the lock expires, and a
waiting beat takes over within one lifetime plus one tick. A waiting beat sends nothing and does
not even write the schedule's entries to the database. docs/operations.md, "Processes".
"""

import logging
import os
import socket
import uuid

import redis
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

LOCK_KEY = "leernet:beat-lock"


class BeatLock:
    """A Redis lock with an owner token: taken only if free, renewed and released only by its
    owner (redis-py's ``Lock``, whose renew and release are atomic Lua scripts)."""

    def __init__(self, url, *, seconds):
        self.seconds = seconds
        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self.lock = self.client.lock(LOCK_KEY, timeout=seconds, blocking=False, thread_local=False)
        # Readable in `redis-cli GET leernet:beat-lock`: which machine and process holds it.
        self.lock.local.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.held = False

    def hold(self):
        """True while this process holds the lock: renew it if held, else try to take it."""
        try:
            if self.held:
                self.held = bool(self.lock.reacquire())
            else:
                token = self.lock.local.token
                self.held = bool(self.client.set(LOCK_KEY, token, nx=True, ex=self.seconds))
        except redis.exceptions.LockError:
            self.held = False
        except redis.exceptions.RedisError:
            # Redis unreachable: stop scheduling (the broker is down anyway); another beat may
            # take over once the lock expires there.
            logger.warning("beat lock: Redis unreachable, not scheduling")
            self.held = False
        return self.held

    def release(self):
        if not self.held:
            return
        try:
            self.lock.release()
        except redis.exceptions.RedisError:
            logger.warning("beat lock: could not release, it expires by itself")
        self.held = False


class SingleBeatScheduler(DatabaseScheduler):
    """django-celery-beat's database scheduler, active only while holding the beat lock."""

    def __init__(self, *args, **kwargs):
        app = kwargs.get("app") or args[0]
        broker = str(app.conf.broker_url or "")
        if not broker.startswith(("redis://", "rediss://", "unix://")):
            raise ImproperlyConfigured(
                "Celery beat needs REDIS_URL: its lock (one beat at a time) lives in the "
                "broker's Redis. Without Redis, periodic work does not run (docs/operations.md)."
            )
        self._lock = BeatLock(broker, seconds=settings.LEERNET_BEAT_LOCK_SECONDS)
        self._entries_installed = False
        super().__init__(*args, **kwargs)
        # Renew well inside the lock's lifetime, whatever the next entry's time.
        self.max_interval = min(self.max_interval, max(1, settings.LEERNET_BEAT_LOCK_SECONDS / 3))

    def setup_schedule(self):
        # Deferred to the first tick with the lock: a waiting beat writes nothing.
        pass

    def tick(self, *args, **kwargs):
        was_held = self._lock.held
        if not self._lock.hold():
            if was_held:
                logger.warning("beat lock lost: another beat schedules now")
                self._reset()
            return self.max_interval
        if not was_held:
            logger.info("beat lock taken (%s): this beat schedules", self._lock.lock.local.token)
        if not self._entries_installed:
            super().setup_schedule()
            self._entries_installed = True
        return min(super().tick(*args, **kwargs), self.max_interval)

    def _reset(self):
        # Read the entries (and their last run) from the database again when the lock comes back.
        self._entries_installed = False
        self._initial_read = True
        self._heap = None

    def close(self):
        try:
            super().close()
        finally:
            self._lock.release()
