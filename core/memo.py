"""Reads shared within one unit of work, so a page asks the database once for what several
registries (core/todo.py, core/health.py…) each need.

A *memo scope* is one GET or HEAD request (``MemoMiddleware``: a safe method writes nothing, so
a read cannot go stale within it) or one ``core.todo.todos_for`` call. Inside a scope,
``memoized(key, compute)`` computes once per key; outside any scope it simply computes, so a
service, a task or a test that writes between two reads always sees the new state.

Keys are tuples that start with the name of the read and hold every argument it depends on,
e.g. ``("networks.task_scope", user.pk, network_id)``. Callers must not mutate what they get.
"""

import contextlib
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("leernet_memo", default=None)


@contextlib.contextmanager
def memo_scope():
    """Share reads until the block ends; nested scopes share the outermost one."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoized(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per ``key`` within the current scope (every time outside one)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def remember(key: Hashable, value) -> None:
    """Store what a read found on the way to something else (a wider read of the same rows), so
    a later ``memoized(key, …)`` in the scope does not ask again. Nothing outside a scope."""
    memo = _memo.get()
    if memo is not None:
        memo[key] = value


class MemoMiddleware:
    """One memo scope per GET or HEAD request (other methods write, so they get none)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with memo_scope():
            return self.get_response(request)
