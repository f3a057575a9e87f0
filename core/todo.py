"""What is due now, for a person: the one registry of to-dos.

``core`` imports no other Leernet app, so each app contributes what it knows in its own
``<app>/todo.py``: a *provider*, registered in ``providers`` (core/registry.py) from its
``AppConfig.ready()``, that computes the to-dos of one user from the state already stored (nothing
new to keep in sync). Doing the to-do changes that state, so it is gone the next time anyone asks.

A provider is ``fn(*, user, network=None) -> Iterable[ToDo]``. It runs a fixed number of queries
however many networks or sessions the user has (the home and the digest call every provider), and
with ``network`` it returns only that network's to-dos (the network's own page). ("Task" means a
Celery task only.)

Titles are rendered in the active language when the provider runs: callers that mail a digest
wrap ``todos_for`` in ``translation.override(recipient.language)``.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from core.memo import memo_scope
from core.registry import Registry

MEMBER = "member"
FACILITATOR = "facilitator"


@dataclass(frozen=True)
class ToDo:
    """One thing a person should do now, with one link to the page where it is done."""

    kind: str  # stable machine name, e.g. "sessions.rsvp" (tests and digests key on it)
    title: str  # translated, in the active language
    url: str  # the page where it is done
    due: datetime.datetime | None  # aware; None when nothing fixes a date
    network_id: int | None
    network_name: str
    role: str = MEMBER  # MEMBER or FACILITATOR: whose to-do it is
    detail: str = ""  # optional second line, translated
    # The weekly digest (networks/digest.py) lists it. A standing pointer without a date (the
    # method's next step, reports/todo.py) stays on the pages and out of the digest, so a quiet
    # week still sends nothing.
    in_digest: bool = True

    @classmethod
    def about(cls, network, *, kind: str, title: str, url: str, due=None, role: str = MEMBER):
        """A to-do about ``network`` (anything with ``pk`` and ``name``)."""
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
        return self.due is not None and self.due < timezone.now()


# Keyed by the providing app ("networks", "reports.minutes"…); the order only breaks ties between
# to-dos equally urgent.
providers: Registry[Callable[..., Iterable[ToDo]]] = Registry("to-do providers")


def _urgency(todo: ToDo):
    # Overdue and soonest due first; no due date last; then by network and title for stability.
    return (
        todo.due is None,
        todo.due or datetime.datetime.max.replace(tzinfo=datetime.UTC),
        todo.network_name,
        todo.title,
    )


def todos_for(*, user, network=None) -> list[ToDo]:
    """Every to-do for ``user`` (only those of ``network`` if given), most urgent first.

    An anonymous or inactive user has none."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    todos: list[ToDo] = []
    with memo_scope():  # the providers share the user's memberships (networks.task_scope)
        for provider in providers:
            todos.extend(provider(user=user, network=network))
    if network is not None:
        todos = [todo for todo in todos if todo.network_id == network.pk]
    return sorted(todos, key=_urgency)
