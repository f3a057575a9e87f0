"""CSV exports that spreadsheet programs open safely."""


def csv_safe(value) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
