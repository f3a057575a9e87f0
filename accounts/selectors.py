"""Reads about organisations (issue 13)."""

from django.db.models import Q, QuerySet

from accounts.models import Organisation, OrganisationProposal


def organisation_list() -> QuerySet[Organisation]:
    """Every organisation, by name: the list people choose theirs from."""
    return Organisation.objects.order_by("name_key")


def organisations_to_run_networks_under(*, user, current_id: int | None = None):
    """The organisations ``user`` may name as the one a network runs under: their own and the
    ones they coordinate (staff: all), plus ``current_id`` (what the network already says)."""
    if user.is_staff:
        return organisation_list()
    allowed = Q(coordinator_appointments__user=user)
    if user.organisation_id:
        allowed |= Q(pk=user.organisation_id)
    if current_id:
        allowed |= Q(pk=current_id)
    return organisation_list().filter(allowed).distinct()


def pending_proposal_queryset() -> QuerySet[OrganisationProposal]:
    """Names waiting for a decision; a decided one is no longer there to decide."""
    return OrganisationProposal.objects.filter(decided_at__isnull=True)


def pending_proposals() -> list[OrganisationProposal]:
    """Names waiting for a decision, oldest first, with the people who gave them."""
    return list(pending_proposal_queryset().prefetch_related("users").order_by("created_at", "pk"))


def pending_proposal_for(*, user) -> OrganisationProposal | None:
    """The name ``user`` asked to add that nobody decided on yet."""
    return (
        OrganisationProposal.objects.filter(decided_at__isnull=True, users=user)
        .order_by("-created_at")
        .first()
    )


def organisation_queryset_for_user(*, user) -> QuerySet[Organisation]:
    """The organisations ``user`` may open pages of: their own and the ones they coordinate.
    Any other organisation's pages answer 404."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        Q(pk=user.organisation_id) | Q(coordinator_appointments__user=user)
    ).distinct()


def coordinated_organisations(*, user) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(coordinator_appointments__user=user).order_by("name"))
