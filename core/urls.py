"""Moved to pages/core/list_urls.py; kept for the merge, removed by the lead.

(tests/test_import_direction.py allows this re-export in ``MERGE_SHIMS``.)"""

from pages.core.list_urls import url_for_each

__all__ = ["url_for_each"]
