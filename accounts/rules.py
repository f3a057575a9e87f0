"""Who may see and do what with an organisation (the permission layer's organisation part)."""

from collections.abc import Callable

from accounts.models import Organisation, OrganisationCoordinator


def is_coordinator(user, organisation: Organisation) -> bool:
    """``user`` coordinates ``organisation``: sees across its networks (never their members'
    content), runs networks under its name, appoints facilitators, downloads the participation
    report of the people who allowed it."""
    if not user.is_authenticated or organisation is None:
        return False
    return OrganisationCoordinator.objects.filter(
        organisation_id=organisation.pk, user_id=user.pk
    ).exists()


def belongs_to(user, organisation: Organisation) -> bool:
    """``user`` works for ``organisation`` (their profile says so) or coordinates it."""
    if not user.is_authenticated or organisation is None:
        return False
    return user.organisation_id == organisation.pk or is_coordinator(user, organisation)


PERMISSIONS: dict[str, Callable[[object, Organisation], bool]] = {
    "accounts.coordinate": is_coordinator,
    "accounts.see_inventory": belongs_to,
}


def has_perm(user, permission: str, organisation: Organisation) -> bool:
    return PERMISSIONS[permission](user, organisation)
