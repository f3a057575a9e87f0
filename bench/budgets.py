"""The most queries each page may run, per role (tests/test_page_budgets.py checks every page of
bench/pages.py against it). Issue 16's target is at most 10 on every page; lower a budget when a
change brings a page under it, never raise one without saying why in the commit."""

BUDGETS = {
    ("dashboard", "facilitator"): 35,
    ("dashboard", "member"): 22,
    ("network", "facilitator"): 57,
    ("network", "member"): 25,
    ("timeline", "facilitator"): 5,
    ("timeline", "member"): 5,
    ("session", "facilitator"): 10,
    ("session", "member"): 9,
    ("results", "facilitator"): 5,
    ("results", "member"): 5,
    ("goals", "facilitator"): 13,
    ("goals", "member"): 9,
    ("minutes_editor", "facilitator"): 13,
}
