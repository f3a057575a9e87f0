"""The minutes' part of deleting an account (core/erasure.py)."""

from django.db.models import Value
from django.db.models.functions import Replace

from core import outbox
from core.erasure import ERASED_NAME
from core.stored_pdf import PdfState
from core.tasks import enqueue_on_commit
from minutes import tasks
from minutes.models import (
    ActionItem,
    CatchUpReminder,
    Minutes,
    MinutesComment,
    MinutesDelivery,
    MinutesItemNote,
    MinutesVersion,
)
from minutes.services.drafting import SECTIONS


def minutes_erase_user(*, user, old_email: str, old_name: str) -> None:
    """The minutes' part of deleting ``user``'s account (core/erasure.py).

    Their comments on drafts go. Their name leaves the group's record: where drafts, notes and
    actions spell it out it becomes ``ERASED_NAME``, and so in the attendance of published
    versions, whose PDF is rendered again (the sweep and the task below pick it up). Minutes
    emails to them that were not sent are dropped."""
    MinutesComment.objects.filter(author=user).delete()
    MinutesDelivery.objects.filter(recipient=user, state=outbox.OutboxState.PENDING).delete()
    CatchUpReminder.objects.filter(recipient=user, state=outbox.OutboxState.PENDING).delete()
    if not old_name:
        return
    renamed = {field: Replace(field, Value(old_name), Value(ERASED_NAME)) for field in SECTIONS}
    Minutes.objects.filter(session__network__memberships__user=user).distinct().update(**renamed)
    MinutesItemNote.objects.filter(notes__contains=old_name).update(
        notes=Replace("notes", Value(old_name), Value(ERASED_NAME))
    )
    ActionItem.objects.filter(who__contains=old_name).update(
        who=Replace("who", Value(old_name), Value(ERASED_NAME))
    )
    versions = MinutesVersion.objects.filter(
        minutes__session__network__memberships__user=user
    ).exclude(pdf_state=PdfState.DELETED)
    for version in versions.distinct().only("pk", "content"):
        content = _content_renamed(version.content, old_name)
        if content == version.content:
            continue
        MinutesVersion.objects.filter(pk=version.pk).update(
            content=content, pdf=None, pdf_state=PdfState.PENDING, pdf_error=""
        )
        enqueue_on_commit(tasks.render_minutes_pdf, version_id=version.pk)


def _content_renamed(content, old_name: str):
    """``content`` (a version's JSON) with every string's ``old_name`` replaced."""
    if isinstance(content, str):
        return content.replace(old_name, ERASED_NAME)
    if isinstance(content, list):
        return [_content_renamed(item, old_name) for item in content]
    if isinstance(content, dict):
        return {key: _content_renamed(value, old_name) for key, value in content.items()}
    return content
