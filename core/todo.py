"""What is due now, for a person: the one registry of tasks.

``core`` imports no other Leernet app, so each app contributes what it knows in its own
``<app>/todo.py``: a *provider*, registered in its ``AppConfig.ready()``, that computes the tasks
of one user from the state already stored (nothing new to keep in sync). Doing the task changes
that state, so the task is gone the next time anyone asks.

A provider is ``fn(*, user, network=None) -> Iterable[Task]``. It runs a fixed number of queries
however many networks or sessions the user has (the home and the digest call every provider), and
with ``network`` it returns only that network's tasks (the network's own page).

Titles are rendered in the active language when the provider runs: callers that mail a digest
wrap ``tasks_for`` in ``translation.override(recipient.language)``.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.memo import memo_scope

MEMBER = "member"
FACILITATOR = "facilitator"


@dataclass(frozen=True)
class Task:
    """One thing a person should do now, with one link to the page where it is done."""

    kind: str  # stable machine name, e.g. "sessions.rsvp" (tests and digests key on it)
    title: str  # translated, in the active language
    url: str  # the page where the task is done
    due: datetime.datetime | None  # aware; None when nothing fixes a date
    network_id: int | None
    network_name: str
    role: str = MEMBER  # MEMBER or FACILITATOR: whose task it is
    detail: str = ""  # optional second line, translated

    @classmethod
    def about(cls, network, *, kind: str, title: str, url: str, due=None, role: str = MEMBER):
        """A task about ``network`` (anything with ``pk`` and ``name``)."""
        return cls(
            kind=kind,
            title=title,
            url=url,
            due=due,
            network_id=network.pk,
            network_name=network.name,
            role=role,
        )

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.due is not None and self.due < timezone.now()


TaskProvider = Callable[..., Iterable[Task]]

_providers: list[TaskProvider] = []


def register_task_provider(fn: TaskProvider) -> TaskProvider:
    """Add a provider (idempotent, so a second ``ready()`` in tests does not double tasks).
    Usable as a decorator."""
    if fn not in _providers:
        _providers.append(fn)
    return fn


def task_providers() -> tuple[TaskProvider, ...]:
    return tuple(_providers)


def _urgency(task: Task):
    # Overdue and soonest due first; no due date last; then by network and title for stability.
    return (
        task.due is None,
        task.due or datetime.datetime.max.replace(tzinfo=datetime.UTC),
        task.network_name,
        task.title,
    )


def tasks_for(*, user, network=None) -> list[Task]:
    """Every task due for ``user`` (only those of ``network`` if given), most urgent first.

    An anonymous or inactive user has none."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    tasks: list[Task] = []
    with memo_scope():  # the providers share the user's memberships (networks.task_scope)
        for provider in _providers:
            tasks.extend(provider(user=user, network=network))
    if network is not None:
        tasks = [task for task in tasks if task.network_id == network.pk]
    return sorted(tasks, key=_urgency)
