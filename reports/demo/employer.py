"""An employer's coordinator (demo.toml's ``[employer]``): An Peeters also coordinates WZC Ter
Linde, an employer of three care members. Two of them let it see that they take part (its
participation report names them, the third is hidden under the threshold), and each asks for a
next theme. The health of every organisation's network is measured once, as the hourly task
does."""

from accounts import services as account_services
from accounts.models import User
from networks import services
from reports.demo import people
from reports.demo.data import demo


def employer_reports() -> None:
    employer_data = demo()["employer"]
    an = User.objects.get(email=demo()["facilitators"][0][0])
    employer = people.organisation(employer_data["name"])
    account_services.organisation_coordinator_add(organisation=employer, user=an, acting_user=None)
    staff = list(User.objects.filter(organisation=employer).order_by("full_name"))
    for person in staff[: employer_data["visible"]]:
        person.participation_visible_to_organisation = True
        person.save(update_fields=["participation_visible_to_organisation"])
    for person, theme in zip(staff, employer_data["themes"], strict=False):
        account_services.theme_interest_register(
            organisation=employer, theme=theme, acting_user=person
        )
    services.health_snapshots_refresh()
