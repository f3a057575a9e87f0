"""The learning goals linked to sessions, for the timeline and the session page.

Learning goals live in ``evaluations``, above ``sessions`` in the import chain: ``evaluations``
registers the lookup from its ``AppConfig.ready()`` (as ``reports`` does for published minutes,
sessions/published.py), so the sessions pages show the goals without importing it.
"""

from collections.abc import Callable, Iterable

_lookup: Callable[[list[int]], dict[int, list]] | None = None


def register_goals_lookup(fn: Callable[[list[int]], dict[int, list]]):
    global _lookup  # noqa: PLW0603 - one registered lookup, set once at start-up
    _lookup = fn
    return fn


def goals_by_session(session_ids: Iterable[int]) -> dict[int, list]:
    """Session id → its linked learning goals (objects with ``title``), one query at most."""
    ids = list(session_ids)
    if _lookup is None or not ids:
        return {}
    return _lookup(ids)
