"""One outbox for everything Leernet delivers: emails and webhooks.

Each domain keeps its own table (so its own unique key makes a second row for the same email
impossible) built on ``OutboxRow`` (the state machine, whatever is delivered) through
``OutboxMessage`` (an email) or ``networks.models.webhooks.WebhookDelivery`` (a signed POST); this
module is the only code that moves a row through its states:

    pending ──claim──▶ sending ──finish──▶ sent
       ▲                  │ error (attempts < MAX_ATTEMPTS): back to pending, next attempt later
       └── sweep ◀────────┘ error at MAX_ATTEMPTS: failed

- ``deliver`` claims the row with a conditional UPDATE (pending → sending); zero rows updated
  means another worker has it, so a task that runs twice sends once.
- After the SMTP server accepted the message, nothing happens but one UPDATE to ``sent``. A worker
  that dies in between leaves the row in ``sending``; the sweep puts it back and it is sent again
  with the same Message-ID. Delivery is therefore **at least once, deduplicated by Message-ID**,
  never "exactly once": SMTP cannot accept a message and commit our row in one step.
- A failed attempt waits ``backoff(attempts)`` (15 s doubling to the table's ``backoff_max``, 15
  min for an email), re-enqueued with that countdown; after the table's ``max_attempts`` the row
  is ``failed`` and shows on the network's email page. ``PermanentError`` (a webhook answered 410
  Gone) fails the row at once; ``after_failed`` lets a table react (disable the webhook).
- ``sweep`` (Celery beat, every minute, one entry for every outbox table) re-enqueues pending rows
  older than a minute whose next attempt is due (the broker was down at the click, a message was
  lost) and returns rows stuck in ``sending`` longer than ``STALE_SENDING`` (a killed worker) to
  pending.
- A resend is a new row that points at the row it resends (``resend_of``).
"""

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, connection, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import AuditAction, audit_record
from core.errors import ApplicationError
from core.memo import memoized

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_MAX = datetime.timedelta(minutes=15)
PENDING_GRACE = datetime.timedelta(minutes=1)
# Longer than a send can take (the task's hard time limit), shorter than Redis's visibility
# timeout, so the sweep never races a live worker.
STALE_SENDING = datetime.timedelta(minutes=10)


# Sent once when a row has failed for good (``sender``: its table, ``row``: the row); networks
# turns a failed email of a network into the ``email.failed`` webhook event.
delivery_failed = Signal()


class OutboxState(models.TextChoices):
    PENDING = "pending", gettext_lazy("waiting")
    SENDING = "sending", gettext_lazy("being sent")
    SENT = "sent", gettext_lazy("sent")
    FAILED = "failed", gettext_lazy("failed")


class PermanentError(Exception):
    """Raised by ``transmit`` when trying again cannot help: the row fails at once."""


class OutboxRow(models.Model):
    """The state machine of one delivery, whatever is delivered. A concrete table implements
    ``transmit`` (and ``network_path``, ``kind_label``, ``recipient_email`` for the network's
    delivery page)."""

    state = models.CharField(max_length=8, choices=OutboxState.choices, default=OutboxState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    resend_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Lookup from a row to its network's id, e.g. "session__network" (the email page filters on
    # it); relations to select with the row before sending.
    network_path: str = ""
    send_related: tuple[str, ...] = ()
    # Fields the admin never shows (an email body with a password-reset link).
    private_fields: tuple[str, ...] = ()
    # What makes rows one sending (the same email to several people at once, e.g. one minutes
    # version to every member): the email page (core/sendings.py) groups rows on these fields.
    sending_fields: tuple[str, ...] = ()
    # The retry policy of the table: attempts before "failed", the longest wait between two.
    max_attempts: int = MAX_ATTEMPTS
    backoff_max: datetime.timedelta = BACKOFF_MAX

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("last_error"), 1000),
                name="%(app_label)s_%(class)s_last_error_length",
            ),
        ]
        indexes = [
            models.Index(
                fields=["state", "next_attempt_at"], name="%(app_label)s_%(class)s_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.label_lower} {self.pk} ({self.state})"

    # What a concrete outbox implements ---------------------------------------------------------

    def transmit(self) -> None:
        """Deliver the row once; raise on failure (``PermanentError`` when retrying cannot help)."""
        raise NotImplementedError

    def is_ready(self) -> bool:
        """False while something the delivery needs is not there yet (the minutes' PDF)."""
        return True

    def values_when_done(self) -> dict:
        """Fields to overwrite in the same UPDATE that records the row as sent or failed: a row
        that must forget its address once delivered (the goodbye email of a deleted account)."""
        return {}

    def after_failed(self) -> None:
        """Called once when the row has failed for good (after its UPDATE)."""

    @property
    def kind_label(self) -> str:
        raise NotImplementedError

    @property
    def recipient_email(self) -> str:
        raise NotImplementedError

    @property
    def session(self):
        """The session the delivery is about, if any (shown on the email page)."""
        return None

    @property
    def sending_about(self) -> str:
        """What the sending this row belongs to is about, in a facilitator's words (the email
        page's line: "Minutes · 3. Falls at night")."""
        session = self.session
        return str(session) if session is not None else ""

    # Shared behaviour --------------------------------------------------------------------------

    @property
    def can_resend(self) -> bool:
        return self.state in (OutboxState.SENT, OutboxState.FAILED)

    @property
    def is_sent(self) -> bool:
        return self.state == OutboxState.SENT

    @property
    def is_failed(self) -> bool:
        return self.state == OutboxState.FAILED

    @property
    def kind_key(self) -> str:
        """Which outbox table the row is in (URLs and the page's filter)."""
        return self._meta.label_lower


class OutboxMessage(OutboxRow):
    """One email to one recipient. Concrete outboxes add what the email is about, a unique key,
    and implement ``build_message``."""

    subject = models.CharField(max_length=300, blank=True)

    class Meta(OutboxRow.Meta):
        abstract = True

    def build_message(self) -> EmailMessage:
        """The email, rendered in the recipient's language (``core.mail.build_templated_mail``)."""
        raise NotImplementedError

    @property
    def message_id(self) -> str:
        """The same for every attempt of this row: mail clients drop the rare duplicate."""
        return f"<{self._meta.label_lower}-{self.pk}@leernet>"

    def transmit(self) -> None:
        message = self.build_message()
        message.extra_headers["Message-ID"] = self.message_id
        if not self.subject:
            _update(type(self), self.pk, subject=str(message.subject)[:300])
        message.send()


def outbox_models() -> list[type[OutboxRow]]:
    return [model for model in apps.get_models() if issubclass(model, OutboxRow)]


def model_label(model: type[OutboxRow]) -> str:
    return model._meta.label


def backoff(attempts: int, *, most: datetime.timedelta = BACKOFF_MAX) -> datetime.timedelta:
    """15 s after the first failed attempt (``LEERNET_OUTBOX_BACKOFF_SECONDS``), doubling, at
    most ``most`` (the table's ``backoff_max``; 15 minutes for an email)."""
    base = datetime.timedelta(seconds=settings.LEERNET_OUTBOX_BACKOFF_SECONDS)
    return min(base * 2 ** max(min(attempts, 30) - 1, 0), most)


def enqueue(row: OutboxRow) -> None:
    """Send ``row`` after the surrounding transaction commits (a down broker is logged; the sweep
    picks the row up later)."""
    enqueue_many(type(row), [row.pk])


def enqueue_many(model: type[OutboxRow], pks) -> None:
    from core.tasks import enqueue_on_commit, send_outbox_message  # noqa: PLC0415 (cycle: core.tasks imports core.outbox)

    for pk in pks:
        enqueue_on_commit(send_outbox_message, model=model_label(model), pk=pk)


def claim(model: type[OutboxRow], pk: int, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(
        model.objects.filter(pk=pk, state=OutboxState.PENDING, next_attempt_at__lte=now).update(
            state=OutboxState.SENDING, attempts=F("attempts") + 1, claimed_at=now
        )
    )


def _update(model, pk, **values) -> None:
    """One UPDATE; once more on a fresh connection if the database dropped the old one while the
    email was being sent (outside a transaction only)."""
    try:
        model.objects.filter(pk=pk).update(**values)
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block:
            raise
        connection.close()
        model.objects.filter(pk=pk).update(**values)


def finish(
    model: type[OutboxRow],
    pk: int,
    *,
    attempts: int,
    error: BaseException | None = None,
    when_done: dict | None = None,
) -> str:
    """Record the outcome of attempt number ``attempts``; returns the new state. ``when_done``
    (``OutboxMessage.values_when_done``) joins the UPDATE that ends the row (sent or failed)."""
    now = timezone.now()
    if error is None:
        _update(model, pk, state=OutboxState.SENT, sent_at=now, last_error="", **(when_done or {}))
        return OutboxState.SENT
    permanent = isinstance(error, PermanentError) or attempts >= model.max_attempts
    state = OutboxState.FAILED if permanent else OutboxState.PENDING
    _update(
        model,
        pk,
        state=state,
        last_error=(str(error) or error.__class__.__name__)[:1000],
        next_attempt_at=now + backoff(attempts, most=model.backoff_max),
        **((when_done or {}) if state == OutboxState.FAILED else {}),
    )
    return state


def deliver(model: type[OutboxRow], pk: int) -> str:
    """Send one row once. Returns "sent", "retry", "failed", "waiting" or "skipped"."""
    row = model.objects.filter(pk=pk).first()
    if row is None or row.state != OutboxState.PENDING:
        return "skipped"
    if not row.is_ready():
        return "waiting"
    if not claim(model, pk):
        return "skipped"
    row = model.objects.select_related(*model.send_related).get(pk=pk)
    try:
        row.transmit()
    except Exception as error:
        logger.warning(
            "outbox %s %s attempt %s failed: %s", model_label(model), pk, row.attempts, error
        )
        state = finish(
            model, pk, attempts=row.attempts, error=error, when_done=row.values_when_done()
        )
        if state == OutboxState.PENDING:
            _retry_later(model, pk, backoff(row.attempts, most=model.backoff_max))
            return "retry"
        row.after_failed()
        delivery_failed.send(sender=model, row=row)
        return "failed"
    # Nothing between the receiver's acceptance and this one UPDATE (see the module docstring).
    finish(model, pk, attempts=row.attempts, when_done=row.values_when_done())
    return "sent"


def _retry_later(model, pk, delay: datetime.timedelta) -> None:
    from core.tasks import send_outbox_message  # noqa: PLC0415 (cycle: core.tasks imports core.outbox)

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # in-process tasks cannot wait: the sweep (or the next run) picks the row up
    try:
        send_outbox_message.apply_async(
            kwargs={"model": model_label(model), "pk": pk}, countdown=delay.total_seconds()
        )
    except Exception:
        logger.exception("could not enqueue the retry of %s %s", model_label(model), pk)


def sweep(*, now: datetime.datetime | None = None) -> int:
    """Beat: put rows stuck in ``sending`` back and enqueue pending rows that are due. Safe to run
    at any time and on several machines: every task claims its row first."""
    from core.tasks import send_outbox_message  # noqa: PLC0415 (cycle: core.tasks imports core.outbox)

    now = now or timezone.now()
    enqueued = 0
    for model in outbox_models():
        model.objects.filter(state=OutboxState.SENDING, claimed_at__lt=now - STALE_SENDING).update(
            state=OutboxState.PENDING, next_attempt_at=timezone.now()
        )
        due = model.objects.filter(state=OutboxState.PENDING, next_attempt_at__lte=now)
        due = due.filter(Q(created_at__lt=now - PENDING_GRACE) | Q(attempts__gt=0))
        for pk in due.values_list("pk", flat=True):
            try:
                send_outbox_message.delay(model=model_label(model), pk=pk)
            except Exception:
                logger.exception("sweep could not enqueue %s %s", model_label(model), pk)
                return enqueued
            enqueued += 1
    return enqueued


def resend(row: OutboxRow, *, acting_user) -> OutboxRow:
    """A new row that sends ``row``'s email again. Only for a sent or failed row, and only once
    at a time. Whether ``acting_user`` may do it is the caller's permission check."""
    model = type(row)
    if not row.can_resend:
        raise ApplicationError(
            _("This email is still waiting to be sent: there is nothing to send again yet.")
        )
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=row.pk)
        if model.objects.filter(
            resend_of=locked, state__in=(OutboxState.PENDING, OutboxState.SENDING)
        ).exists():
            raise ApplicationError(_("This email is already being sent again."))
        copy = model.objects.get(pk=row.pk)
        copy.pk = None
        copy.id = None
        copy.resend_of = locked
        copy.state = OutboxState.PENDING
        copy.attempts = 0
        copy.last_error = ""
        copy.claimed_at = None
        copy.sent_at = None
        copy.created_at = timezone.now()
        copy.next_attempt_at = copy.created_at
        copy.save(force_insert=True)
        logger.info("%s resends %s %s", acting_user, model_label(model), row.pk)
        network_id = (
            model.objects.filter(pk=row.pk).values_list(model.network_path, flat=True).first()
            if model.network_path
            else None
        )
        audit_record(
            actor=acting_user,
            action=AuditAction.EMAIL_RESENT,
            network=network_id,
            detail=f"{model_label(model)} {row.pk}",
        )
        enqueue(copy)
    return copy


# The network's email page ------------------------------------------------------------------------


def kinds() -> list[tuple[str, str]]:
    """(key, label) of every outbox table that belongs to a network: the page's kind filter."""
    return [
        (model._meta.label_lower, str(model._meta.verbose_name_plural).capitalize())
        for model in outbox_models()
        if model.network_path
    ]


def failed_unresent_counts(*, network_ids) -> dict[int, int]:
    """Per network id, how many of its emails failed and were not sent again (no row has them as
    ``resend_of``): what the facilitators should act on. One query (a UNION ALL over the outbox
    tables), whatever the number of networks, tables or rows; within a page (core/memo.py) the
    health signal and the task list share it."""
    network_ids = sorted(set(network_ids))
    if not network_ids:
        return {}
    return memoized(
        ("outbox.failed_unresent_counts", tuple(network_ids)),
        lambda: _failed_unresent_counts(network_ids),
    )


def _failed_unresent_counts(network_ids: list[int]) -> dict[int, int]:
    per_table = [
        model.objects.filter(**{f"{model.network_path}__in": network_ids}, state=OutboxState.FAILED)
        .exclude(models.Exists(model.objects.filter(resend_of=models.OuterRef("pk"))))
        .values(network_ref=F(model.network_path))
        .annotate(failed=models.Count("pk"))
        .order_by()
        for model in outbox_models()
        if model.network_path
    ]
    counts: dict[int, int] = {}
    if not per_table:
        return counts
    first, *others = per_table
    for row in first.union(*others, all=True):
        counts[row["network_ref"]] = counts.get(row["network_ref"], 0) + row["failed"]
    return counts


def network_failed_count(*, network_id: int) -> int:
    """How many emails of one network failed and were not sent again (one query)."""
    return failed_unresent_counts(network_ids=[network_id]).get(network_id, 0)


def network_email(*, network_id: int, kind: str, pk: int) -> OutboxRow | None:
    """One row, only if it belongs to this network (else None: the view answers 404)."""
    for model in outbox_models():
        if model.network_path and model._meta.label_lower == kind:
            return model.objects.filter(**{model.network_path: network_id}, pk=pk).first()
    return None
