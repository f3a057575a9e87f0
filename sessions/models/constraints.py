from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual


def bounded_text(name: str, field: str, limit: int) -> models.CheckConstraint:
    """The database backstop of a TextField's max_length (its form says so with a message)."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit), name=f"{name}_{field}_length"
    )
