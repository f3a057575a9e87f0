"""Celery beat runs once: two real `celery beat` processes share the lock in Redis
(core/beat.py); only the holder sends periodic tasks, and the other takes over when the holder
is killed."""

import json

import pytest
import redis
from django.conf import settings
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from core.beat import LOCK_KEY
from tests.integration.processes import Beat, stack_env, wait_until
from tests.stack_fixtures import QUEUE

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

PROBE = "beat-probe"
PROBE_TASK = "leernet.tests.beat_probe"  # never run: the test counts what reaches the queue
LOCK_SECONDS = 10  # generous: a loaded CI machine may stall a tick for seconds


@pytest.fixture
def beats(require_postgres, require_redis, transactional_db):
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(LOCK_KEY, QUEUE)  # what an earlier killed run may have left
    every_second = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name=PROBE, task=PROBE_TASK, interval=every_second)
    env = stack_env(LEERNET_BEAT_LOCK_SECONDS=str(LOCK_SECONDS))
    started = [Beat("a", env), Beat("b", env)]
    try:
        yield client, started
    finally:
        for beat in started:
            beat.cleanup()
        client.delete(LOCK_KEY, QUEUE)


def _probes_in_queue(client):
    messages = [json.loads(raw) for raw in client.lrange(QUEUE, 0, -1)]
    return sum(1 for message in messages if message["headers"]["task"] == PROBE_TASK)


def test_two_beats_send_each_periodic_task_once_and_the_second_takes_over(beats):
    client, (first, second) = beats
    first.start()
    second.start()  # both start together, as two machines would

    holder = wait_until(
        lambda: next((b for b in (first, second) if b.sent(PROBE) >= 5), None),
        timeout=90,
        what="one beat sending the probe five times",
    )
    waiting = second if holder is first else first
    assert waiting.process.poll() is None  # alive, and yet:
    assert waiting.sent(PROBE) == 0
    assert not waiting.holds_lock()
    assert waiting.sent("session-reminders") == 0

    holder.kill()  # kill -9: no release, the lock must expire
    sent_by_holder = holder.sent(PROBE)
    wait_until(lambda: waiting.sent(PROBE) >= 3, timeout=60, what="the other beat taking over")
    assert waiting.holds_lock()
    assert holder.sent(PROBE) == sent_by_holder

    waiting.stop()  # a clean exit releases the lock at once
    assert client.get(LOCK_KEY) is None
    assert _probes_in_queue(client) == holder.sent(PROBE) + waiting.sent(PROBE)
