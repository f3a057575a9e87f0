"""One case per outbox table for tests/integration/test_outbox.py.

A module here per app registers, with ``@case("app_label.ModelName")``, a function that creates
(through the app's services, committed, on the transactional test database) what makes exactly one
pending row of that table, *without* letting it be sent yet, and returns ``(row, recipient)``:
the row and the email address it goes to. ``test_outbox.py`` then plays every failure on it.
"""

import importlib
import pkgutil
from collections.abc import Callable

CASES: dict[str, Callable] = {}


def case(label: str):
    def register(function):
        CASES[label] = function
        return function

    return register


def load_all() -> dict[str, Callable]:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return CASES
