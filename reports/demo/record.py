"""The care network's record (demo.toml): the kickoff's published minutes (the insight library
builds its cards; one is shared), Sara's catch-up, the second session's draft and its try-out
actions."""

from minutes import services as minutes_services
from minutes.enums import ActionStatus, ReadVia
from portfolio import library_services
from portfolio.models import InsightCard
from reports.demo.data import cast, day, demo
from sessions import selectors as session_selectors
from sessions import services as session_services

SECTIONS = ("summary", "insights", "agreements", "questions_next", "next_session")


def kickoff_minutes(kickoff, facilitator) -> None:
    """Published minutes of the kickoff, so its absentees have something to read. The try-out
    actions of members who missed it: each finds their own in the catch-up pack (the minutes
    email to an absent member)."""
    spec = demo()["minutes"]
    members = session_selectors.active_members(network=kickoff.network)
    by_name = {member.full_name: member for member in members}
    minutes = minutes_services.minutes_get_or_create(session=kickoff, acting_user=facilitator)
    agenda = list(kickoff.agenda.all())
    minutes_services.minutes_save_draft(
        minutes=minutes,
        data={section: spec[section] for section in SECTIONS},
        item_notes={agenda[0].pk: spec["first_item_notes"]} if agenda else {},
        actions=[_kickoff_action(action, by_name, facilitator) for action in spec["actions"]],
        acting_user=facilitator,
    )
    minutes_services.minutes_publish(minutes=minutes, acting_user=facilitator)
    # The insight library: its cards are built on publishing; the facilitator shares one
    # with the networks of the same theme (issue 14.3).
    card = InsightCard.objects.filter(session=kickoff, kind=InsightCard.INSIGHT).first()
    library_services.insight_card_share(card=card, shared=True, acting_user=facilitator)


def _kickoff_action(spec: dict, by_name: dict, facilitator) -> dict:
    action = {"what": spec["what"], "due": day(spec["due"]) if "due" in spec else None}
    if "owner" in spec:
        action.update(who=spec["owner"], owner_id=by_name[spec["owner"]].pk)
    elif spec["who"] == "facilitator":
        action["who"] = facilitator.full_name
    else:
        action["who"] = spec["who"]
    return action


def catch_up(kickoff, by_name: dict) -> None:
    """Sara, excused at the kickoff, read her catch-up pack (the link in its email) and sent
    input: An sees it on the next session's page, and on the kickoff's delivery page."""
    sara = by_name[cast("excused")]
    minutes_services.minutes_mark_read(minutes=kickoff.minutes, acting_user=sara, via=ReadVia.LINK)
    session_services.catch_up_input_give(
        session=kickoff, text=demo()["catch_up"]["input"], acting_user=sara
    )


def draft_minutes(session, facilitator) -> None:
    """A first draft of the second session's minutes, not published yet."""
    minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
    minutes_services.minutes_save_draft(
        minutes=minutes,
        data={"summary": demo()["draft_minutes"]["summary"]},
        item_notes={},
        actions=[],
        acting_user=facilitator,
    )


def tryouts(network, session, members, facilitator) -> None:
    """Try-out actions in the second session's draft: Lotte's is still open (her home asks
    how it went), another member's is answered, one is for someone outside; two are on an
    adopted learning goal. The next session's agenda gets the feedback item."""
    spec = demo()["tryouts"]
    goals = list(network.learning_goals.filter(status="adopted").order_by("position", "pk"))
    owners = {
        "every_task": next(m for m in members if m.full_name == cast("every_task")),
        "other": next(m for m in members if m.full_name != cast("every_task")),
    }
    minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
    minutes_services.minutes_save_draft(
        minutes=minutes,
        data={"summary": minutes.summary},
        item_notes={},
        actions=[_tryout(action, owners, goals) for action in spec["actions"]],
        acting_user=facilitator,
    )
    minutes_services.action_answer(
        action=minutes.actions.get(owner=owners["other"]),
        status=ActionStatus(spec["answer"]["status"]),
        outcome=spec["answer"]["outcome"],
        acting_user=owners["other"],
    )


def _tryout(spec: dict, owners: dict, goals: list) -> dict:
    action = {"what": spec["what"]}
    if "owner" in spec:
        action["owner_id"] = owners[spec["owner"]].pk
    if "who" in spec:
        action["who"] = spec["who"]
    if "due" in spec:
        action["due"] = day(spec["due"])
    if "goal" in spec:
        action["goal_id"] = goals[spec["goal"]].pk
    return action
