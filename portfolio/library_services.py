"""Writes for the insight library (issue 14.3): its cards rebuilt from a session's latest published
minutes, shared with the networks of the same theme, and the name of a deleted account taken out.
Reads are in portfolio/selectors.py, the search helpers in portfolio/library.py."""

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import translation
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.erasure import ERASED_NAME
from core.errors import ApplicationError
from evaluations.models import LearningGoal
from minutes.models import SECTION_MAX_LENGTH, MinutesVersion
from networks import rules as network_rules
from networks.models import Membership, Network
from portfolio import library
from portfolio.audit import AuditAction
from portfolio.models import InsightCard
from sessions.models import AgendaItem, LearningSession


def _library_names(network: Network, version: MinutesVersion) -> list[str]:
    """The people a shared card must not name: everyone who ever had a place in the network,
    and the names the minutes list (attendance, owners of actions)."""
    names = set(
        Membership.objects.filter(network=network).values_list("user__full_name", flat=True)
    )
    content = version.content or {}
    for people in (content.get("attendance") or {}).values():
        names.update(people)
    names.update(action.get("who", "") for action in content.get("actions") or [])
    return sorted(name for name in names if name)


def _shared_text(card: InsightCard, names: list[str]) -> str:
    with translation.override(card.network.language):
        return library.strip_names(card.text, names, _("[a member]"))


def library_rebuild(*, session: LearningSession) -> list[InsightCard]:
    """The cards of ``session`` from its latest published minutes version: its previous cards
    are replaced (idempotent: building twice gives the same cards). A card whose text is
    unchanged stays shared. Called by ``minutes_publish`` in its transaction."""
    network = session.network
    version = (
        MinutesVersion.objects.filter(minutes__session=session)
        .defer("pdf")
        .order_by("-number")
        .first()
    )
    with transaction.atomic():
        old = InsightCard.objects.filter(session=session)
        was_shared = set(old.filter(shared=True).values_list("kind", "text"))
        old.delete()
        if version is None:
            return []
        content = version.content or {}
        cards = [
            InsightCard(
                network=network,
                session=session,
                version=version,
                kind=kind,
                position=position,
                text=text[:SECTION_MAX_LENGTH],
                shared=(kind, text) in was_shared,
            )
            for kind, field in (
                (InsightCard.INSIGHT, "insights"),
                (InsightCard.AGREEMENT, "agreements"),
            )
            for position, text in enumerate(library.split_cards(content.get(field, "")))
        ]
        if any(card.shared for card in cards):
            names = _library_names(network, version)
            for card in cards:
                if card.shared:
                    card.shared_text = _shared_text(card, names)
        InsightCard.objects.bulk_create(cards)
        goal_ids = list(
            LearningGoal.objects.filter(network=network, sessions=session).values_list(
                "pk", flat=True
            )
        )
        work_form_ids = sorted(
            set(
                AgendaItem.objects.filter(session=session, work_form__isnull=False).values_list(
                    "work_form_id", flat=True
                )
            )
        )
        InsightCard.goals.through.objects.bulk_create(
            InsightCard.goals.through(insightcard_id=card.pk, learninggoal_id=goal_id)
            for card in cards
            for goal_id in goal_ids
        )
        InsightCard.work_forms.through.objects.bulk_create(
            InsightCard.work_forms.through(insightcard_id=card.pk, workform_id=work_form_id)
            for card in cards
            for work_form_id in work_form_ids
        )
        if library.uses_full_text():
            config = library.search_config(network.language)
            built = InsightCard.objects.filter(session=session)
            built.update(search_vector=SearchVector("text", config=config))
            built.filter(shared=True).update(
                shared_search_vector=SearchVector("shared_text", config=config)
            )
    return cards


def insight_card_share(*, card: InsightCard, shared: bool, acting_user) -> InsightCard:
    """A facilitator shares a card with the networks of the same theme (without member names),
    or stops sharing it. Audited."""
    network = card.network
    if not network_rules.is_facilitator(acting_user, network):
        raise ApplicationError(_("Only a facilitator of the network can share its insights."))
    with transaction.atomic():
        locked = InsightCard.objects.select_for_update().select_related("network").get(pk=card.pk)
        if locked.shared == shared:
            return locked
        locked.shared = shared
        locked.shared_text = (
            _shared_text(locked, _library_names(network, locked.version)) if shared else ""
        )
        locked.save(update_fields=["shared", "shared_text"])
        if library.uses_full_text() and shared:
            InsightCard.objects.filter(pk=locked.pk).update(
                shared_search_vector=SearchVector(
                    "shared_text", config=library.search_config(network.language)
                )
            )
        elif not shared:
            InsightCard.objects.filter(pk=locked.pk).update(shared_search_vector=None)
        audit_record(
            actor=acting_user,
            action=AuditAction.INSIGHT_SHARED if shared else AuditAction.INSIGHT_UNSHARED,
            network=network.pk,
            detail=f"session {locked.session.number}, card {locked.pk}",
        )
    return locked


def library_erase_user(*, user, old_email: str, old_name: str) -> None:
    """The insight library's part of deleting ``user``'s account (core/erasure.py): the cards
    copy the minutes' text, so the name leaves them too (as ``minutes_erase_user`` takes it out
    of the minutes)."""
    if not old_name:
        return
    named = InsightCard.objects.filter(text__contains=old_name)
    for network in Network.objects.filter(insight_cards__in=named).distinct():
        cards = InsightCard.objects.filter(network=network, text__contains=old_name)
        cards.update(text=Replace("text", Value(old_name), Value(ERASED_NAME)))
        if library.uses_full_text():
            config = library.search_config(network.language)
            InsightCard.objects.filter(network=network).update(
                search_vector=SearchVector("text", config=config)
            )
