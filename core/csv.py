"""CSV exports that spreadsheet programs open safely."""

# OWASP's CSV injection list: a cell starting with one of these can be run as a formula (a tab or
# carriage return is skipped by some programs, which then see the formula behind it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    value = str(value)
    return f"'{value}" if value[:1] in FORMULA_STARTS else value
