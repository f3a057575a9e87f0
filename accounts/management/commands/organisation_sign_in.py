"""Connect an organisation to its OpenID Connect provider from a script (issue 26): the same
service as the coordinators' page (accounts.sso.identity_provider_save), audited with no actor.

    python manage.py organisation_sign_in "WZC Ter Linde" \\
        --issuer https://login.microsoftonline.com/<tenant>/v2.0 --client-id <id> \\
        --client-secret-env TERLINDE_SECRET --domain terlinde.be --trusted [--required]

    python manage.py organisation_sign_in "Stad Gent" \\
        --saml-metadata-url https://idp.example/metadata.xml --domain stad.gent --trusted

connects a SAML identity provider instead. ``--disconnect`` removes it (people keep their
accounts; they set a password through "Forgot your password?"). The secret is read from an
environment variable or standard input, never from the command line (where it would stay in
the shell's history and the process list), and never printed.
"""

import os
import sys

from django.core.management.base import BaseCommand, CommandError

from accounts import sso
from accounts.models import Organisation
from accounts.organisations import name_key
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Connect an organisation to its OpenID Connect or SAML identity provider (no secret)."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's name, as listed.")
        parser.add_argument(
            "--disconnect", action="store_true", help="Remove the organisation's sign-in."
        )
        parser.add_argument("--issuer", help="Issuer or discovery URL.")
        parser.add_argument("--saml-metadata-url", help="SAML: the IdP's metadata URL.")
        parser.add_argument("--saml-entity-id", default="", help="SAML: the IdP's entity id.")
        parser.add_argument("--client-id")
        parser.add_argument(
            "--client-secret-env",
            help="Name of the environment variable holding the secret (else read from stdin; "
            "empty keeps the stored secret).",
        )
        parser.add_argument("--domain", action="append", dest="domains")
        parser.add_argument("--scopes", default="openid profile email")
        parser.add_argument("--trusted", action="store_true")
        parser.add_argument("--required", action="store_true", help="SSO required.")
        parser.add_argument("--mfa-acr", default="", help="acr values that mean two-factor.")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(
            name_key=name_key(options["organisation"])
        ).first()
        if organisation is None:
            raise CommandError(f"No organisation named {options['organisation']!r}.")
        if options["disconnect"]:
            sso.identity_provider_disconnect(organisation=organisation, acting_user=None)
            self.stdout.write(f"{organisation.name}: sign-in disconnected.")
            return
        saml = bool(options["saml_metadata_url"])
        if not options["domains"] or not (saml or (options["issuer"] and options["client_id"])):
            raise CommandError(
                "--issuer and --client-id (or --saml-metadata-url) and at least one --domain "
                "are required."
            )
        if saml:
            secret = ""
        elif options["client_secret_env"]:
            secret = os.environ.get(options["client_secret_env"], "")
            if not secret:
                raise CommandError(f"${options['client_secret_env']} is empty or not set.")
        else:
            secret = "" if sys.stdin.isatty() else sys.stdin.read().strip()
        try:
            provider = sso.identity_provider_save(
                organisation=organisation,
                protocol="saml" if saml else "oidc",
                saml_metadata_url=options["saml_metadata_url"] or "",
                saml_entity_id=options["saml_entity_id"],
                issuer_url=options["issuer"] or "",
                client_id=options["client_id"] or "",
                client_secret=secret,
                scopes=options["scopes"],
                domains=options["domains"],
                trusted=options["trusted"],
                sso_required=options["required"],
                mfa_acr_values=options["mfa_acr"],
                acting_user=None,
            )
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        where = provider.issuer_url or provider.saml_metadata_url
        register = (
            f"SAML entity id: <SITE_URL>/accounts/saml/{provider.provider_id}/metadata/, ACS: "
            f"<SITE_URL>/accounts/saml/{provider.provider_id}/acs/"
            if saml
            else f"Redirect URI: <SITE_URL>/accounts/oidc/{provider.provider_id}/login/callback/"
        )
        self.stdout.write(
            f"{organisation.name}: sign-in {provider.provider_id} at {where} for "
            f"{', '.join(sso.provider_domains(provider))}; trusted={provider.trusted}, "
            f"required={provider.sso_required}. {register}"
        )
