"""The most queries each page may run, per role (tests/test_page_budgets.py checks every page of
bench/pages.py against it). Issue 16's target is at most 10 on every page; lower a budget when a
change brings a page under it, never raise one without saying why in the commit. (Object pages
went up by one when views stopped compiling a user-scoped queryset per request: a lookup by
primary key plus the viewer's memberships, two cheap queries instead of one costly one.)"""

BUDGETS = {
    ("dashboard", "facilitator"): 18,
    ("dashboard", "member"): 12,
    ("network", "facilitator"): 27,
    ("network", "member"): 14,
    ("timeline", "facilitator"): 6,
    ("timeline", "member"): 6,
    ("session", "facilitator"): 10,
    ("session", "member"): 9,
    ("results", "facilitator"): 6,
    ("results", "member"): 6,
    ("goals", "facilitator"): 9,
    ("goals", "member"): 7,
    ("minutes_editor", "facilitator"): 11,
}
