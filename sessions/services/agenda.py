"""A session's agenda: items with their roles and work forms, order, the kickoff template."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from networks.selectors import active_member_ids
from sessions.catalogue import KICKOFF_AGENDA
from sessions.enums import AgendaRole, QuestionStatus
from sessions.models import (
    AgendaItem,
    AgendaRoleAssignment,
    LearningSession,
    PracticeQuestion,
    WorkForm,
)
from sessions.services.common import _require_facilitator


def _assign_roles(session: LearningSession, item: AgendaItem | None, roles: dict) -> list[str]:
    """The one way roles are written, for the whole session (``item`` None) or one agenda item:
    ``roles`` maps each role to a user or None (nobody). Only the network's members and
    facilitators can hold a role. Returns the roles that changed."""
    members = active_member_ids(network_id=session.network_id, include_facilitators=True)
    for role in AgendaRole.values:
        user = roles.get(role)
        if user is not None and user.pk not in members:
            raise ApplicationError(
                _("%(name)s is not a member of this network.") % {"name": user.full_name}
            )
    current = {
        row.role: row
        for row in AgendaRoleAssignment.objects.select_for_update().filter(
            session=session, item=item
        )
    }
    changed = []
    for role in AgendaRole.values:
        user, row = roles.get(role), current.get(role)
        if row is not None and (user is None or row.user_id != user.pk):
            row.delete()
        if user is not None and (row is None or row.user_id != user.pk):
            AgendaRoleAssignment.objects.create(session=session, item=item, role=role, user=user)
        if (row.user_id if row else None) != (user.pk if user else None):
            changed.append(role)
    return changed


def _set_roles(item: AgendaItem, roles: dict) -> None:
    _assign_roles(item.session, item, roles)


def _check_work_form(session: LearningSession, work_form: WorkForm | None) -> None:
    if work_form is not None and work_form.network_id not in (None, session.network_id):
        raise ApplicationError(_("This work form belongs to another network."))


@transaction.atomic
def agenda_item_add(
    *, session: LearningSession, data: dict, roles: dict, acting_user
) -> AgendaItem:
    _require_facilitator(acting_user, session.network)
    _check_work_form(session, data.get("work_form"))
    position = (session.agenda.aggregate(p=Max("position"))["p"] or 0) + 1
    item = AgendaItem(session=session, position=position, **data)
    item.full_clean()
    item.save()
    _set_roles(item, roles)
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict, roles: dict, acting_user) -> AgendaItem:
    _require_facilitator(acting_user, item.session.network)
    _check_work_form(item.session, data.get("work_form"))
    for field, value in data.items():
        setattr(item, field, value)
    item.full_clean()
    item.save()
    _set_roles(item, roles)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, acting_user) -> None:
    _require_facilitator(acting_user, item.session.network)
    PracticeQuestion.objects.filter(agenda_item=item).update(status=QuestionStatus.OPEN)
    item.delete()


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, acting_user) -> None:
    """Swap the item with its neighbour above or below."""
    _require_facilitator(acting_user, item.session.network)
    items = list(AgendaItem.objects.select_for_update().filter(session_id=item.session_id))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


def fit_durations(minutes: list[int], total: int) -> list[int]:
    """Scale ``minutes`` so they add up to exactly ``total``, keeping their proportions: in steps
    of five minutes when the total allows it (largest remainders get the spare steps), the
    minutes that do not fill a step go to the longest item. Every item keeps at least one step."""
    if not minutes or total <= 0:
        return list(minutes)
    step = 5 if total >= 5 * len(minutes) else 1
    steps, spare = divmod(total, step)
    weight = sum(minutes)
    exact = [m * steps / weight for m in minutes]
    fitted = [max(int(x), 1) for x in exact]
    by_remainder = sorted(range(len(minutes)), key=lambda i: (fitted[i] - exact[i], i))
    index = 0
    while sum(fitted) < steps:
        fitted[by_remainder[index % len(minutes)]] += 1
        index += 1
    while sum(fitted) > steps:  # only when the one-step minimum pushed the sum over
        largest = max(range(len(fitted)), key=lambda i: fitted[i])
        fitted[largest] -= 1
    result = [f * step for f in fitted]
    result[max(range(len(result)), key=lambda i: result[i])] += spare
    return result


def agenda_apply_kickoff_template(*, session: LearningSession, acting_user) -> list[AgendaItem]:
    """Add the suggested kickoff agenda, in the network's language, fitted to the session's
    length. Only for an empty agenda: a second click (or an agenda someone already started) is
    refused with a message, so the agenda never holds the suggestion twice."""
    _require_facilitator(acting_user, session.network)
    with transaction.atomic():
        locked = LearningSession.objects.select_for_update().get(pk=session.pk)
        if locked.agenda.exists():
            raise ApplicationError(
                _(
                    "The agenda already has items: the suggested kickoff agenda is only added "
                    "to an empty agenda."
                )
            )
        forms = {form.slug: form for form in WorkForm.objects.filter(network__isnull=True)}
        english = session.network.language == "en"
        durations = fit_durations(
            [minutes for _nl, _en, minutes, _slug in KICKOFF_AGENDA], locked.duration_minutes
        )
        items = [
            AgendaItem(
                session=locked,
                position=position,
                title=title_en if english else title_nl,
                duration_minutes=minutes,
                work_form=forms.get(slug) if slug else None,
            )
            for position, ((title_nl, title_en, _default, slug), minutes) in enumerate(
                zip(KICKOFF_AGENDA, durations, strict=True), start=1
            )
        ]
        return AgendaItem.objects.bulk_create(items)
