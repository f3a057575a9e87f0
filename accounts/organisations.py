"""Organisation names as people type them, and the move of the old free-text field to records.

Two names are the same organisation when they are equal after folding case and collapsing spaces
(``name_key``): "WZC  ter Linde" and "wzc Ter Linde" are one. This module imports no models, so
the migration can use it with the historical models it is given.
"""

from collections import defaultdict


def clean_name(name: str) -> str:
    """``name`` as shown: surrounding spaces gone, runs of spaces made one."""
    return " ".join((name or "").split())


def name_key(name: str) -> str:
    """What makes two organisation names the same one: case and spaces do not count."""
    return clean_name(name).casefold()


def link_free_text(*, organisation_model, proposal_model, user_model, rows) -> dict:
    """Move the old free-text organisation of users to records.

    ``rows`` are ``(user_id, text)`` pairs. A text whose key equals an existing organisation's
    ``name_key`` links the user to it; the other texts become pending proposals for the
    coordinators (one per key, holding every user who typed it, spelled as most of them did).
    Blank texts are skipped. Works with the historical models of a migration. Returns counts.
    """
    by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for user_id, text in rows:
        if clean_name(text):
            by_key[name_key(text)].append((user_id, clean_name(text)))
    existing = dict(
        organisation_model.objects.filter(name_key__in=list(by_key)).values_list("name_key", "pk")
    )
    linked = proposed = 0
    for key, people in sorted(by_key.items()):
        user_ids = [user_id for user_id, _text in people]
        if key in existing:
            user_model.objects.filter(pk__in=user_ids).update(organisation_id=existing[key])
            linked += len(user_ids)
            continue
        spellings = [text for _user_id, text in people]
        name = max(sorted(set(spellings)), key=spellings.count)
        proposal = proposal_model.objects.filter(name_key=key, decided_at__isnull=True).first()
        if proposal is None:
            proposal = proposal_model.objects.create(name=name, name_key=key)
        proposal.users.add(*user_ids)
        proposed += len(user_ids)
    return {"linked": linked, "proposed": proposed}
