"""Moved to pages/networks/mixins.py; kept for the merge, removed by the lead.

The network door's HTTP glue (the mixins, ``network_door``, ``second_factor_step``) lives in the
page layer now; its permission predicates stay in networks/rules.py. This thin re-export keeps
the branches that still import it from here working until they are merged
(tests/test_import_direction.py allows it in ``MERGE_SHIMS``)."""

from pages.networks.mixins import (
    NetworkPermissionMixin,
    NetworkScopedMixin,
    network_door,
    passes_network_door,
    second_factor_step,
)

__all__ = [
    "NetworkPermissionMixin",
    "NetworkScopedMixin",
    "network_door",
    "passes_network_door",
    "second_factor_step",
]
