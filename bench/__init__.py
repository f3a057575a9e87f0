"""`make bench`: Leernet's pages measured at scale against the framework's floor (issue 16).

Run with ``python -m bench`` (the Makefile's ``bench`` target); docs/performance.md explains the
method. The table of pages (``bench.pages``) and the query budgets (``bench.budgets``) are shared
with the normal suite's budget test (tests/test_page_budgets.py).
"""
