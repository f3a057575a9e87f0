"""core/memo.py: reads shared within one GET request or one todos_for call, never beyond."""

from django.http import HttpResponse
from django.test import RequestFactory

from core.memo import MemoMiddleware, memo_scope, memoized, remember


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_outside_a_scope_every_read_asks_again():
    calls, compute = _counter()

    assert memoized(("x",), compute) == 1
    assert memoized(("x",), compute) == 2
    remember(("x",), 99)  # nothing to remember in
    assert memoized(("x",), compute) == 3


def test_inside_a_scope_a_key_is_read_once_and_nested_scopes_share_it():
    calls, compute = _counter()

    with memo_scope():
        assert memoized(("x", 1), compute) == 1
        with memo_scope():
            assert memoized(("x", 1), compute) == 1
        assert memoized(("x", 2), compute) == 2
        remember(("y",), "found on the way")
        assert memoized(("y",), compute) == "found on the way"
    assert memoized(("x", 1), compute) == 3  # the scope has ended


def test_a_get_request_is_one_scope_and_a_post_is_none():
    calls, compute = _counter()

    def view(request):
        first, second = memoized(("x",), compute), memoized(("x",), compute)
        return HttpResponse(f"{first},{second}")

    middleware = MemoMiddleware(view)
    factory = RequestFactory()

    assert middleware(factory.get("/")).content == b"1,1"
    assert middleware(factory.get("/")).content == b"2,2"  # a new request reads again
    assert middleware(factory.post("/")).content == b"3,4"
