"""Seed the test provider: its people (IDP_USERS) and one confidential client for Leernet."""

from allauth.account.models import EmailAddress
from allauth.idp.oidc.models import Client
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", action="append", required=True)

    def handle(self, *args, **options):
        users = get_user_model()
        for email, person in settings.IDP_USERS.items():
            user = users.objects.create_user(
                username=email.split("@")[0],
                email=email,
                password=person["password"],
                first_name=person.get("first_name", ""),
                last_name=person.get("last_name", ""),
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        client = Client(
            id=options["client_id"],
            name="Leernet",
            scopes="openid\nprofile\nemail",
            skip_consent=True,
            type=Client.Type.CONFIDENTIAL,
        )
        client.set_secret(options["client_secret"])
        client.set_redirect_uris(options["redirect_uri"])
        client.save()
