"""The one registry for Leernet's extension points: to-dos, health signals, erasers, audit actions.

``core`` imports no other Leernet app, so where the ground floor needs something every app knows
(what a person should do now, how a network is doing, how to erase what a person wrote, which
audit actions exist), each app registers it from its ``AppConfig.ready()``::

    todo.providers.register("sessions", session_todos, order=20)

Every item has a key (unique: a second item under a taken key raises ``AlreadyRegistered`` when
the project starts, as Sentry's ``utils/registry.py`` does) and an explicit ``order`` (lower first,
then in the order of registration, as Wagtail's ``hooks.register(..., order=)``), so what runs
first is written where it is registered instead of following ``INSTALLED_APPS``.

A page that needs another app's data imports it (the page layer sits above every data app); a
registry is only for what a lower app must ask of the apps above it.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

DEFAULT_ORDER = 50


class AlreadyRegistered(ImproperlyConfigured):
    """A second item under a key that is already taken."""


class NotRegistered(LookupError):
    """No item under this key."""


@dataclass(frozen=True)
class Entry(Generic[T]):
    key: str
    item: T
    order: int
    sequence: int  # registration order, for items of the same ``order``


class Registry(Generic[T]):
    """Items under unique keys, read in ``order`` (then registration order)."""

    def __init__(self, name: str):
        self.name = name
        self._entries: dict[str, Entry[T]] = {}
        self._sequence = 0

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(self.keys())}>"

    def register(self, key: str, item: T, *, order: int = DEFAULT_ORDER) -> T:
        """Add ``item`` under ``key``; returns the item. A taken key raises ``AlreadyRegistered``,
        even for the same item: a key registered twice is a wiring mistake to see at start-up."""
        if key in self._entries:
            raise self.duplicate(key, repr(self._entries[key].item))
        self._sequence += 1
        self._entries[key] = Entry(key=key, item=item, order=order, sequence=self._sequence)
        return item

    def duplicate(self, key: str, what: str) -> AlreadyRegistered:
        """The error for a second item under ``key`` (``what``: the first one)."""
        return AlreadyRegistered(
            f"{self.name}: {key!r} is already registered ({what}); each key names one item."
        )

    def unregister(self, key: str) -> T:
        """Remove and return the item under ``key`` (for tests that swap an item)."""
        try:
            return self._entries.pop(key).item
        except KeyError:
            raise NotRegistered(f"{self.name}: nothing is registered as {key!r}.") from None

    def get(self, key: str) -> T:
        try:
            return self._entries[key].item
        except KeyError:
            raise NotRegistered(f"{self.name}: nothing is registered as {key!r}.") from None

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> list[Entry[T]]:
        return sorted(self._entries.values(), key=lambda entry: (entry.order, entry.sequence))

    def keys(self) -> list[str]:
        return [entry.key for entry in self.entries()]

    def items(self) -> list[tuple[str, T]]:
        return [(entry.key, entry.item) for entry in self.entries()]

    def __iter__(self) -> Iterator[T]:
        """The items, in order."""
        return iter([entry.item for entry in self.entries()])
