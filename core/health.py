"""How a network is doing, for its facilitators: the one registry of health signals.

As with ``core.todo``, each app contributes a provider in its own ``<app>/health.py``, registered
in ``providers`` (core/registry.py) from its ``AppConfig.ready()``: ``fn(*, network) ->
Iterable[Signal]``, computed from stored state with a fixed number of queries however many
members or sessions the network has. Every threshold
is a named constant in the provider's module, so a test can sit exactly on it and just below it.

``health_for`` returns every signal, warnings first, then those waiting; a digest that only
wants what needs action keeps ``signal.is_warning``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.registry import Registry

OK = "ok"
WARNING = "warning"
# Nothing to do but wait, and not "in order" either: e.g. anonymous answers held until a group of
# k is in (evaluations/health.py). Shown between the warnings and what is in order, unfolded.
WAITING = "waiting"
_ORDER = {WARNING: 0, WAITING: 1, OK: 2}


@dataclass(frozen=True)
class Signal:
    """One measurement of a network, with the action it suggests (a link)."""

    kind: str  # stable machine name, e.g. "sessions.attendance"
    level: str  # OK, WAITING or WARNING
    title: str  # translated, in the active language
    detail: str  # translated: the measurement, e.g. "7 of 12 members came (58%)"
    action_url: str = ""
    action_label: str = ""
    # May the title leave the group (the coordinators' overview, networks.HealthSnapshot)? False
    # when it tells something about answers that fall under the k rule for outsiders.
    leaves_network: bool = True

    @property
    def is_warning(self) -> bool:
        return self.level == WARNING

    @property
    def is_waiting(self) -> bool:
        return self.level == WAITING


# Keyed by the providing app; the order is the order of the signals within warnings and within
# the rest (the network's own signals first, then its sessions, evaluations, minutes).
providers: Registry[Callable[..., Iterable[Signal]]] = Registry("health providers")


def percent(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` as a whole percentage for a detail line (None when ``whole`` is 0).
    Providers compare with their threshold exactly (``part * 100 < threshold * whole``), so a
    rate that rounds up to the threshold still counts as below it."""
    return round(100 * part / whole) if whole else None


def health_for(*, network) -> list[Signal]:
    """Every signal of ``network``, warnings first, then what waits, then what is in order (each
    group in provider order)."""
    signals: list[Signal] = []
    for provider in providers:
        signals.extend(provider(network=network))
    return sorted(signals, key=lambda signal: _ORDER[signal.level])
