"""A network's emails as a person thinks of them: sendings (the same email to several people at
once, e.g. one minutes version to every member), each with how many went out, failed or wait.

Rows of one outbox table belong to one sending when they agree on the table's
``OutboxMessage.sending_fields``. The counts are one grouped query per outbox table, whatever the
number of rows or sendings; the recipients of the sendings on one page are one more query per
table. A resend is a row of its original's sending: it is not one more recipient, and it turns
a failed email into a sent one.
"""

import dataclasses
import datetime
import functools
import operator

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone

from core.outbox import OutboxMessage, OutboxState, outbox_models

WAITING = (OutboxState.PENDING, OutboxState.SENDING)


class SendingState:
    """What the page's state filter offers (``failed`` is also the to-do's and health link)."""

    FAILED = "failed"
    WAITING = "waiting"
    SENT = "sent"


@dataclasses.dataclass
class Sending:
    model: type[OutboxMessage]
    key: dict
    recipients_count: int
    sent: int
    failed: int
    waiting: int
    first_at: datetime.datetime
    last_at: datetime.datetime
    rows: list[OutboxMessage] = dataclasses.field(default_factory=list)

    @property
    def kind_key(self) -> str:
        return self.model._meta.label_lower

    @property
    def ident(self) -> str:
        """Stable within the page: the anchor of the sending's line."""
        values = "-".join(str(value) for value in self.key.values())
        return f"{self.kind_key}-{values}".replace(".", "-").replace(" ", "")

    @property
    def sample(self) -> OutboxMessage | None:
        return self.rows[0] if self.rows else None

    @property
    def all_sent(self) -> bool:
        return not self.failed and not self.waiting


def _network_rows(model: type[OutboxMessage], network_id: int):
    return model.objects.filter(**{model.network_path: network_id})


def _counts(model: type[OutboxMessage], rows, state: str):
    resent = Exists(model.objects.filter(resend_of=OuterRef("pk")))
    original = Q(resend_of__isnull=True)
    queryset = (
        rows.values(*model.sending_fields)
        .annotate(
            recipients_count=Count("pk", filter=original),
            # A sent resend counts only when it stands in for a failed email (a resend of an
            # email that went out is the same recipient once more).
            sent=Count(
                "pk",
                filter=Q(state=OutboxState.SENT)
                & (original | Q(resend_of__state=OutboxState.FAILED)),
            ),
            failed=Count("pk", filter=Q(state=OutboxState.FAILED) & ~resent),
            waiting=Count("pk", filter=Q(state__in=WAITING)),
            first_at=Min("created_at"),
            last_at=Max("created_at"),
        )
        .order_by()
    )
    if state == SendingState.FAILED:
        queryset = queryset.filter(failed__gt=0)
    elif state == SendingState.WAITING:
        queryset = queryset.filter(waiting__gt=0)
    elif state == SendingState.SENT:
        queryset = queryset.filter(failed=0, waiting=0)
    return queryset


def network_sendings(*, network_id: int, kind: str = "", state: str = "") -> list[Sending]:
    """Every sending of one network, newest first (one query per outbox table), without their
    rows: ``fill_recipients`` loads those for the sendings a page shows."""
    sendings = []
    for model in outbox_models():
        if not model.network_path or (kind and model._meta.label_lower != kind):
            continue
        sendings.extend(_sendings(model, _network_rows(model, network_id), state))
    return sorted(sendings, key=lambda sending: (sending.last_at, sending.kind_key), reverse=True)


def rows_sendings(model: type[OutboxMessage], rows, *, state: str = "") -> list[Sending]:
    """The sendings among ``rows`` (a queryset of one outbox table, e.g. an organisation's
    webhook deliveries), newest first, in one query; ``fill_recipients(..., rows=rows)`` loads
    the rows of those a page shows."""
    sendings = _sendings(model, rows, state)
    return sorted(sendings, key=lambda sending: sending.last_at, reverse=True)


def _sendings(model: type[OutboxMessage], rows, state: str) -> list[Sending]:
    sendings = []
    for group in _counts(model, rows, state):
        key = {field: group.pop(field) for field in model.sending_fields}
        group["sent"] = min(group["sent"], group["recipients_count"])
        sendings.append(Sending(model=model, key=key, **group))
    return sendings


def fill_recipients(sendings: list[Sending], *, network_id: int | None = None, rows=None) -> None:
    """Load every row of ``sendings`` (one query per outbox table among them): failed first,
    then waiting, then sent, each by address. The rows are a network's, or ``rows`` (a
    queryset of the one table of ``rows_sendings``)."""
    by_model: dict[type[OutboxMessage], dict[tuple, Sending]] = {}
    for sending in sendings:
        by_model.setdefault(sending.model, {})[tuple(sending.key.values())] = sending
    order = {OutboxState.FAILED: 0, OutboxState.PENDING: 1, OutboxState.SENDING: 1}
    for model, wanted in by_model.items():
        condition = functools.reduce(
            operator.or_, (Q(**sending.key) for sending in wanted.values())
        )
        among = rows if rows is not None else _network_rows(model, network_id)
        found = (
            among.filter(condition).select_related(*model.send_related).order_by("created_at", "pk")
        )
        for row in found:
            sending = wanted.get(tuple(_value(row, field) for field in model.sending_fields))
            if sending is not None:
                sending.rows.append(row)
        for sending in wanted.values():
            sending.rows.sort(key=lambda row: (order.get(row.state, 2), row.recipient_email))


def _value(row: OutboxMessage, field: str):
    """A row's value of one of its table's ``sending_fields`` (a foreign key by its id, a
    ``__date`` in the current time zone, as ``values()`` gives them)."""
    if field.endswith("__date"):
        return timezone.localtime(getattr(row, field.removesuffix("__date"))).date()
    concrete = row._meta.get_field(field)
    return getattr(row, concrete.attname)
