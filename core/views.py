"""Moved to pages/core/ (actions.py, mixins.py, views.py); kept for the merge, removed by the lead.

The generic view bases are HTTP glue and live in the page layer now; this thin re-export only keeps
the branches that still import them from here working until they are merged
(tests/test_import_direction.py allows it in ``MERGE_SHIMS``)."""

from pages.core.actions import ConfirmActionView, ServiceActionView, safe_next_url
from pages.core.mixins import ScopedPermissionMixin

__all__ = ["ConfirmActionView", "ScopedPermissionMixin", "ServiceActionView", "safe_next_url"]
