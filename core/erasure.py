"""Deleting an account: the one registry of erasers, one per app.

An account is anonymised in place (the user row stays, so attendance counts, evaluation
aggregates and published minutes keep adding up), and every app removes or blanks what the person
wrote. Each app registers ``fn(*, user, old_email, old_name)`` in ``erasers`` (core/registry.py)
from its ``AppConfig.ready()``; ``accounts.services.user_delete_account`` calls ``erase_user``
inside one transaction, before it anonymises the user row itself. Erasers run in their ``order``,
from the app highest up the import order (reports: the lowest order) down to the lowest
(networks: the highest), so the upper apps still see the memberships the lower ones end.
An eraser that refuses (the last facilitator of a network) raises ``ApplicationError``: the whole
deletion rolls back and nothing is half-written.
"""

from collections.abc import Callable

from core.registry import Registry

# Keyed by what the eraser removes ("networks.memberships"…); the order runs the higher apps first.
erasers: Registry[Callable[..., None]] = Registry("erasers")


def erase_user(*, user, old_email: str, old_name: str) -> None:
    """Run every app's eraser, in order (the highest app first). Needs a transaction."""
    for fn in erasers:
        fn(user=user, old_email=old_email, old_name=old_name)


# What an erased account holds instead: a fixed, neutral value in the database (not translated:
# the row is shared by every reader; see docs/architecture.md "Deleting an account").
# The audit log's trigger (core/migrations/0007) spells out both values to recognise an erased
# account: changing them needs a migration that replaces that trigger function too.
ERASED_NAME = "Former member"
# ".invalid" is reserved (RFC 2606): no mail server will ever accept it.
ERASED_DOMAIN = "erased.invalid"


def erased_email(user_id: int) -> str:
    """The unique, non-routable address an erased account gets instead of its own."""
    return f"deleted-{user_id}@{ERASED_DOMAIN}"
