"""Reads. A view finds its network by primary key here (``network_by_pk``) and the permission
layer decides on it (``networks.rules``); lists are scoped to the user here."""

import copy
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import OrganisationCoordinator
from core.memo import memoized, remember
from networks.enums import (
    InvitationStatus,
    JoinRequestStatus,
    MembershipStatus,
    NetworkStatus,
    Role,
    Scope,
)
from networks.models import Invitation, JoinRequest, Membership, Network, OrganisationSeats


def _active_memberships(user) -> QuerySet[Membership]:
    return Membership.objects.filter(
        network=OuterRef("pk"), user=user, status=MembershipStatus.ACTIVE
    )


def _with_viewer_role(queryset: QuerySet[Network], user) -> QuerySet[Network]:
    return queryset.annotate(viewer_role=Subquery(_active_memberships(user).values("role")[:1]))


def network_by_pk(*, pk: int) -> Network | None:
    """The network with ``pk`` or None, unscoped: only for ``pages.networks.mixins`` (the views' one
    way to find their object), which then asks the permission layer whether the user may know it
    exists."""
    return Network.objects.filter(pk=pk).first()


def network_by_share_token(*, token: str) -> Network | None:
    """The network whose share link carries ``token``, or None (networks/share_links.py)."""
    if not token:
        return None
    return Network.objects.filter(share_token=token).first()


def has_pending_invitation(*, user, network: Network) -> bool:
    """Whether ``user`` has a pending, unexpired invitation to ``network`` at an address they
    verified (the address an invitation may be accepted with, ``invitation_check_address``).
    One query, asked only for a network that is not listed."""
    if not user.is_authenticated:
        return False
    verified = EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=OuterRef("email")
    )
    return (
        Invitation.objects.filter(
            network=network, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
        )
        .filter(Exists(verified))
        .exists()
    )


def viewer_memberships(*, user) -> dict[int, Membership]:
    """Who ``user`` is in each network where they are active or waitlisted: network id → their
    membership (without the network row). One small query, read once per page (core/memo.py)
    for every permission check of the page (``rules.viewer_role``, ``rules.is_waitlisted``) and
    the task providers of one network's page (``task_scope``)."""
    if not user.is_authenticated:
        return {}
    return memoized(("networks.viewer_memberships", user.pk), lambda: _viewer_memberships(user))


def _viewer_memberships(user) -> dict[int, Membership]:
    memberships = Membership.objects.filter(
        user=user, status__in=[MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED]
    )
    return {membership.network_id: membership for membership in memberships}


def public_networks() -> QuerySet[Network]:
    """The networks anyone may find without signing in: open, external and listed
    (``Network.in_directory``). Drafts, running, closed, internal and unlisted networks never."""
    return Network.objects.filter(status=NetworkStatus.OPEN, scope=Scope.EXTERNAL, listed=True)


def _with_facilitators(queryset: QuerySet[Network]) -> QuerySet[Network]:
    """Each network's active facilitators with their user, as ``network.facilitator_memberships``
    (one query for the whole page): the only person a public page names. Also the member
    invitations still outstanding (``invited_count``, in the same query), which the free seats
    shown count as taken (``Network.seats_open``)."""
    outstanding = Q(
        invitations__status=InvitationStatus.PENDING,
        invitations__expires_at__gt=timezone.now(),
        invitations__role=Role.MEMBER,
    )
    queryset = queryset.annotate(invited_count=Count("invitations", filter=outstanding))
    return queryset.select_related("organisation").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(
                role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
            )
            .select_related("user")
            .order_by("user__full_name", "pk"),
            to_attr="facilitator_memberships",
        )
    )


MAX_SEARCH_WORDS = 8
SEARCH_FIELDS = ("name", "theme", "goal", "participant_role", "organisation__name")


def _search_words(text: str) -> list[str]:
    """The words of a search, each of which must match (the first ``MAX_SEARCH_WORDS``)."""
    return text.split()[:MAX_SEARCH_WORDS]


def network_directory(
    *,
    user,
    theme: str = "",
    province: str = "",
    meeting_format: str = "",
    words: str = "",
) -> QuerySet[Network]:
    """The public directory, filtered: a theme (any case), a province, a format, and words that
    must each appear in the name, theme, goal, audience or the name of the organisation it runs
    under. A signed-in viewer's role, waitlist place and pending request come along (no extra
    query per network), as do the facilitators and the organisation."""
    queryset = public_networks()
    if theme:
        queryset = queryset.filter(theme__iexact=theme)
    if province:
        queryset = queryset.filter(province=province)
    if meeting_format:
        queryset = queryset.filter(meeting_format=meeting_format)
    for word in _search_words(words):
        any_field = Q()
        for field in SEARCH_FIELDS:
            any_field |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(any_field)
    if user.is_authenticated:
        queryset = _with_viewer_role(queryset, user).annotate(
            viewer_waitlisted=Exists(
                Membership.objects.filter(
                    network=OuterRef("pk"), user=user, status=MembershipStatus.WAITLISTED
                )
            ),
            viewer_requested=Exists(
                JoinRequest.objects.filter(
                    network=OuterRef("pk"), user=user, status=JoinRequestStatus.PENDING
                )
            ),
        )
    return _with_facilitators(queryset).order_by("theme", "name", "pk")


def public_network(*, pk: int) -> Network | None:
    """A network of the public directory with its facilitators, or None (never a network that
    is not in the directory: its public page is a 404)."""
    return _with_facilitators(public_networks()).filter(pk=pk).first()


def network_themes() -> list[str]:
    """The themes of the networks in the public directory (for its filter)."""
    return list(public_networks().order_by("theme").values_list("theme", flat=True).distinct())


def dashboard_for_user(*, user) -> dict:
    """Everything on "my networks": where I facilitate, where I am a member, where I wait."""
    memberships = list(
        Membership.objects.filter(
            user=user, status__in=[MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED]
        )
        .select_related("network")
        .annotate(
            waitlist_ahead=Subquery(
                Membership.objects.filter(
                    network=OuterRef("network"),
                    status=MembershipStatus.WAITLISTED,
                    waitlisted_at__lt=OuterRef("waitlisted_at"),
                )
                .values("network")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            )
        )
        .order_by("network__name", "pk")
    )
    for membership in memberships:
        membership.waitlist_position = (membership.waitlist_ahead or 0) + 1
    # The same rows the task providers read on this page (task_scope): no second query.
    remember(
        ("networks.task_scope", user.pk, None),
        _scope_of([m for m in memberships if m.status == MembershipStatus.ACTIVE]),
    )
    return {
        "facilitating": [m for m in memberships if m.is_active and m.role == Role.FACILITATOR],
        "member_of": [m for m in memberships if m.is_active and m.role == Role.MEMBER],
        "waitlisted": [m for m in memberships if m.status == MembershipStatus.WAITLISTED],
        "requests": list(
            JoinRequest.objects.filter(user=user, status=JoinRequestStatus.PENDING)
            .select_related("network")
            .order_by("created_at")
        ),
    }


def active_member_ids(*, network_id: int, include_facilitators: bool = False) -> set[int]:
    """The ids of the users holding a seat in the network (and of its facilitators, if asked)."""
    roles = [Role.MEMBER, Role.FACILITATOR] if include_facilitators else [Role.MEMBER]
    return set(
        Membership.objects.filter(
            network_id=network_id, status=MembershipStatus.ACTIVE, role__in=roles
        ).values_list("user_id", flat=True)
    )


def viewer_waiting_state(*, network: Network, user) -> dict:
    """Whether a non-member has a pending request to join, or waits on the waitlist (and at
    which place)."""
    waiting = Membership.objects.filter(
        network=network, user=user, status=MembershipStatus.WAITLISTED
    ).first()
    return {
        "my_request": JoinRequest.objects.filter(
            network=network, user=user, status=JoinRequestStatus.PENDING
        ).exists(),
        "my_waitlist": waiting is not None,
        "my_waitlist_for_organisation": waiting is not None and waiting.waits_for_organisation_seat,
        "my_waitlist_position": (
            waitlist_position(membership=waiting) if waiting and waiting.waitlisted_at else None
        ),
    }


def member_list(*, network: Network) -> list[Membership]:
    """Active facilitators and members, facilitators first; each with ``is_coordinator``: the
    person coordinates the organisation the network runs under (a facilitator who does can read
    the members' intake answers: the network page says so, ``coordinators_facilitating``)."""
    coordinates = OrganisationCoordinator.objects.filter(
        organisation_id=network.organisation_id, user_id=OuterRef("user_id")
    )
    return list(
        Membership.objects.filter(network=network, status=MembershipStatus.ACTIVE)
        .select_related("user__organisation", "organisation")
        .annotate(is_coordinator=Exists(coordinates))
        .order_by("role", "user__full_name")  # "facilitator" sorts first
    )


COORDINATOR_NOTICE_DAYS = 30


def coordinators_facilitating(members: list[Membership]) -> list[Membership]:
    """Of ``member_list``: the facilitators who coordinate the network's organisation and became
    facilitator in the last ``COORDINATOR_NOTICE_DAYS`` days (a coordinator may appoint
    themselves): the members are told on the network's page, since facilitators read their
    intake answers. The list of members marks them for good."""
    since = timezone.now() - timezone.timedelta(days=COORDINATOR_NOTICE_DAYS)
    return [
        membership
        for membership in members
        if membership.is_facilitator
        and membership.is_coordinator
        and membership.joined_at is not None
        and membership.joined_at >= since
    ]


def waitlist(*, network: Network) -> list[Membership]:
    return list(
        Membership.objects.filter(network=network, status=MembershipStatus.WAITLISTED)
        .select_related("user", "organisation")
        .order_by("waitlisted_at", "pk")
    )


def next_in_line(
    *, network: Network, seats: int, freed_organisation_id: int | None = None
) -> list[Membership]:
    """Who the next ``seats`` free seats would go to: the waitlist in line, skipping whoever
    would break the maximum per organisation (as networks.services promotes).
    ``freed_organisation_id``: the organisation of a member about to leave."""
    if seats <= 0:
        return []
    taken = dict(
        OrganisationSeats.objects.filter(network=network).values_list("organisation_id", "taken")
    )
    if freed_organisation_id in taken:
        taken[freed_organisation_id] -= 1
    limit, chosen = network.max_per_organisation, []
    for membership in waitlist(network=network):
        if len(chosen) >= seats:
            break
        org = membership.organisation_id
        if limit is not None and org is not None and taken.get(org, 0) >= limit:
            continue
        chosen.append(membership)
        if org is not None:
            taken[org] = taken.get(org, 0) + 1
    return chosen


def organisation_seats(*, network: Network) -> list[OrganisationSeats]:
    """The seats each organisation holds in ``network`` (those holding any), most first."""
    return list(
        OrganisationSeats.objects.filter(network=network, taken__gt=0)
        .select_related("organisation")
        .order_by("-taken", "organisation__name_key")
    )


def pending_invitations(*, network: Network) -> list[Invitation]:
    return list(
        Invitation.objects.filter(network=network, status=InvitationStatus.PENDING)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def pending_join_requests(*, network: Network) -> list[JoinRequest]:
    return list(
        JoinRequest.objects.filter(network=network, status=JoinRequestStatus.PENDING)
        .select_related("user__organisation")
        .order_by("created_at")
    )


def waitlist_position(*, membership: Membership) -> int:
    return (
        Membership.objects.filter(
            network_id=membership.network_id,
            status=MembershipStatus.WAITLISTED,
            waitlisted_at__lt=membership.waitlisted_at,
        ).count()
        + 1
    )


def own_membership(*, network: Network, user) -> Membership | None:
    """``user``'s active membership of ``network``, or None."""
    return Membership.objects.filter(
        network=network, user=user, status=MembershipStatus.ACTIVE
    ).first()


def ground_rules_need_acceptance(*, network: Network, membership: Membership | None) -> bool:
    """True when the ground rules changed after ``membership`` (a member's) accepted them: the
    one rule for the ground-rules page and the task that asks to accept them again."""
    if membership is None or membership.role != Role.MEMBER:
        return False
    changed = network.ground_rules_changed_at
    accepted = membership.ground_rules_accepted_at
    return changed is not None and (accepted is None or accepted < changed)


@dataclass
class TaskScope:
    """Where a task provider looks for ``user``'s tasks: their active memberships with their
    network (one query), split by role."""

    memberships: list[Membership]
    member_of: dict[int, Network]  # network id → network, where the user holds a member's seat
    facilitating: dict[int, Network]


def task_scope(*, user, network: Network | None = None) -> TaskScope:
    """``user``'s active memberships (only of ``network`` if given), for core/todo.py
    providers: read once for all of them (core/memo.py)."""
    return memoized(
        ("networks.task_scope", user.pk, network.pk if network is not None else None),
        lambda: _task_scope(user=user, network=network),
    )


def _task_scope(*, user, network: Network | None) -> TaskScope:
    if network is not None:  # one network's page: its membership, read for the permissions
        membership = viewer_memberships(user=user).get(network.pk)
        memberships = []
        if membership is not None and membership.status == MembershipStatus.ACTIVE:
            membership = copy.copy(membership)  # the memo's row stays as it was read
            membership.network = network
            memberships.append(membership)
    else:
        memberships = list(
            Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
            .select_related("network")
            .order_by("network__name", "pk")
        )
    return _scope_of(memberships)


def _scope_of(memberships: list[Membership]) -> TaskScope:
    return TaskScope(
        memberships=memberships,
        member_of={m.network_id: m.network for m in memberships if m.role == Role.MEMBER},
        # A closed network asks nothing more of its facilitators (reopening it brings its tasks
        # back); its members may still read minutes or answer a final evaluation.
        facilitating={
            m.network_id: m.network
            for m in memberships
            if m.is_facilitator and not m.network.is_closed
        },
    )


def active_member_names(*, network_id: int) -> list[str]:
    """The names of the members holding a seat, by name: who gets an email when the group is
    mailed (the confirmation pages say so before, pages/core/actions.py)."""
    return list(
        Membership.objects.filter(
            network_id=network_id, status=MembershipStatus.ACTIVE, role=Role.MEMBER
        )
        .order_by("user__full_name")
        .values_list("user__full_name", flat=True)
    )
