"""Reads about organisations, scoped to the user who asks."""

from django.db.models import Q, QuerySet

from accounts.models import Organisation


def organisation_queryset_for_user(*, user) -> QuerySet[Organisation]:
    """The organisations ``user`` may know about here: their own and the ones they coordinate.
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
