"""``manage.py api_client --organisation <id or name> --name <name> --scope participation:read``:
a client-credentials client for an organisation's integration (``accounts.oauth``), printed as
its id and secret (the secret is shown this once). For scripts and tests; coordinators make
theirs on the organisation's integrations page."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from accounts.oauth import INTEGRATION_SCOPES, api_client_create
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Create a client-credentials API client for an organisation; print its id and secret."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="The organisation's id or name.")
        parser.add_argument("--name", required=True, help="What the integration is, e.g. 'HR'.")
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            required=True,
            help=f"Repeat for each scope; one of: {', '.join(INTEGRATION_SCOPES)}.",
        )

    def handle(self, *args, **options):
        given = options["organisation"]
        organisations = Organisation.objects.filter(name__iexact=given)
        if given.isdigit():
            organisations = Organisation.objects.filter(pk=int(given))
        organisation = organisations.first()
        if organisation is None:
            raise CommandError(f"No organisation {given!r}.")
        try:
            integration, secret = api_client_create(
                organisation=organisation,
                name=options["name"],
                scopes=options["scopes"],
                acting_user=None,
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"client_id={integration.client_id}")
        self.stdout.write(f"client_secret={secret}")
