"""The demo's people and the organisations on the list (demo.toml)."""

from allauth.account.models import EmailAddress

from accounts import services as account_services
from accounts.enums import OrganisationKind
from accounts.models import Organisation, User
from accounts.organisations import name_key
from reports.demo.data import demo


def email_for(full_name: str) -> str:
    local = full_name.lower().replace(" ", ".").replace("-", "")
    return f"{local}@leernet.demo"


def organisation(name: str) -> Organisation | None:
    """The listed organisation ``name`` (added the first time), or None for one not listed."""
    listed = demo()["organisations"]
    if name not in listed:
        return None
    found = Organisation.objects.filter(name_key=name_key(name)).first()
    if found is None:
        kind, sector = listed[name]
        found = account_services.organisation_create(
            name=name, kind=OrganisationKind(kind), sector=sector
        )
    return found


def user(email: str, full_name: str, organisation_name: str, job_function: str) -> User:
    """The demo user with this email, made the first time (verified, with the demo password),
    in the listed organisation or proposing the one that is not listed."""
    found = User.objects.filter(email=email).first()
    if found is None:
        found = User.objects.create_user(
            email=email,
            password=demo()["password"],
            full_name=full_name,
            job_function=job_function,
        )
        EmailAddress.objects.create(user=found, email=email, verified=True, primary=True)
        listed = organisation(organisation_name)
        account_services.user_set_organisation(
            acting_user=found,
            organisation=listed,
            proposed_name="" if listed else organisation_name,
        )
    return found


def person(full_name: str, organisation_name: str, job_function: str) -> User:
    """A member (email firstname.lastname@leernet.demo)."""
    return user(email_for(full_name), full_name, organisation_name, job_function)


def facilitator(index: int) -> User:
    return user(*demo()["facilitators"][index])
