"""core/registry.py: the one registry behind the extension points (to-dos, health signals,
erasers, audit actions): explicit order, a clear error on a duplicate key."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core import erasure, health, todo
from core.registry import AlreadyRegistered, NotRegistered, Registry


def first():
    pass


def second():
    pass


def third():
    pass


def test_registry_reads_items_by_order_then_by_registration():
    registry = Registry("things")
    registry.register("b", second, order=20)
    registry.register("c", third)  # the default order, 50
    registry.register("a", first, order=20)

    assert list(registry) == [second, first, third]
    assert registry.keys() == ["b", "a", "c"]
    assert registry.items() == [("b", second), ("a", first), ("c", third)]


def test_registry_refuses_a_second_item_under_a_taken_key():
    registry = Registry("things")
    registry.register("a", first)

    with pytest.raises(AlreadyRegistered) as raised:
        registry.register("a", second, order=1)

    assert str(raised.value) == (
        f"things: 'a' is already registered ({first!r}); each key names one item."
    )
    assert isinstance(raised.value, ImproperlyConfigured)
    assert list(registry) == [first]


def test_registry_refuses_the_same_item_registered_twice():
    registry = Registry("things")
    registry.register("a", first)

    with pytest.raises(AlreadyRegistered):
        registry.register("a", first)

    assert len(registry) == 1


def test_registry_get_and_unregister_name_what_is_missing():
    registry = Registry("things")
    registry.register("a", first)

    assert registry.get("a") is first
    assert "a" in registry
    assert registry.unregister("a") is first
    assert "a" not in registry
    with pytest.raises(NotRegistered) as raised:
        registry.get("a")
    assert str(raised.value) == "things: nothing is registered as 'a'."


def test_the_apps_register_their_extension_points_in_order():
    # The method checklist's next step first (issue 24): the tour of a fresh network.
    assert todo.providers.keys() == [
        "reports.method",
        "networks",
        "sessions",
        "evaluations",
        "minutes",
        "minutes.actions",
    ]
    assert health.providers.keys() == ["networks", "sessions", "evaluations", "minutes"]
    # The highest app first: the upper apps still see the memberships the lower ones end.
    assert erasure.erasers.keys() == [
        "reports",
        "portfolio.library",
        "portfolio",
        "minutes",
        "evaluations",
        "sessions",
        "networks",
        "accounts.oauth",
    ]
