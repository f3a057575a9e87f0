"""The insight library (issue 14.3): cards from the insights and agreements of each session's
latest published minutes, searchable with PostgreSQL full-text search (Dutch or English by the
network's language; a plain ``icontains`` on other databases)."""

import re

from django.db import connection

# Full-text configurations by the network's language.
SEARCH_CONFIGS = {"nl": "dutch", "en": "english"}
SEARCH_MAX_LENGTH = 200
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def search_config(language: str) -> str:
    return SEARCH_CONFIGS.get(language, "dutch")


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def split_cards(markdown: str) -> list[str]:
    """One card per paragraph, and per list item within a paragraph (the list marker dropped;
    a continuation line belongs to the item above it)."""
    cards: list[str] = []
    for block in re.split(r"\n\s*\n", markdown or ""):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if any(_LIST_ITEM.match(line) for line in lines):
            items: list[str] = []
            for line in lines:
                if _LIST_ITEM.match(line) or not items:
                    items.append(_LIST_ITEM.sub("", line).strip())
                else:
                    items[-1] = f"{items[-1]} {line.strip()}"
            cards.extend(item for item in items if item)
        else:
            cards.append(" ".join(line.strip() for line in lines))
    return cards


def strip_names(text: str, names, replacement: str) -> str:
    """``text`` without the given people's full names, nor their first names (of three letters
    or more), whole words, case-insensitive."""
    words: set[str] = set()
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        words.add(name)
        first = name.split()[0]
        if len(first) >= 3:
            words.add(first)
    # Longest first, so a full name goes before its first name.
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, text, flags=re.IGNORECASE)
    return text
