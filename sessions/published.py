"""Which sessions have published minutes, for the "Minutes" links.

Minutes live in ``reports``, above ``sessions`` in the import chain: ``reports`` registers the
lookup from its ``AppConfig.ready()``, so the sessions pages show the link only once there is
something to read, without importing ``reports``.
"""

from collections.abc import Callable, Iterable

_lookup: Callable[[list[int]], set[int]] | None = None


def register_published_minutes(fn: Callable[[list[int]], set[int]]):
    global _lookup  # noqa: PLW0603 - one registered lookup, set once at start-up
    _lookup = fn
    return fn


def sessions_with_minutes(session_ids: Iterable[int]) -> set[int]:
    """The ids among ``session_ids`` whose minutes have a published version (one query)."""
    ids = list(session_ids)
    if _lookup is None or not ids:
        return set()
    return _lookup(ids)
