"""Moved to pages/core/forms.py; kept for the merge, removed by the lead.

The form widgets are page glue; the page forms still in data apps on other branches import them
from here until they are merged (tests/test_import_direction.py allows it in ``MERGE_SHIMS``)."""

from pages.core.forms import DateInput, Select

__all__ = ["DateInput", "Select"]
