"""Pages of an organisation: its people's inventory of networks and themes, and its
coordinators' overview and participation report (reports/organisations.py reads for them)."""

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts import rules as organisation_rules
from accounts.models import ThemeInterest
from accounts.selectors import coordinated_organisations, organisation_queryset_for_user
from accounts.services import theme_interest_register, theme_interest_withdraw
from core.audit import audit_record
from core.downloads import attachment_response, file_name
from core.errors import ApplicationError
from networks.enums import Role
from networks.services import health_snapshot_refresh, invitation_create, network_set_listed
from pages.core.mixins import ScopedPermissionMixin
from pages.reports.views import StoredPdfView
from reports import documents
from reports import organisations as selectors
from reports import services as report_services
from reports.audit import AuditAction

# Translators: a file name: lowercase, hyphens, no spaces or accents.
PARTICIPATION_PDF_NAME = gettext_lazy("participation-%(organisation)s-%(date)s.pdf")
# Translators: a file name: lowercase, hyphens, no spaces or accents.
PARTICIPATION_CSV_NAME = gettext_lazy("participation-%(organisation)s-%(date)s.csv")


class OrganisationPermissionMixin(ScopedPermissionMixin):
    """The organisation in the URL, among the user's own and coordinated ones; 404 for any
    other, and for an organisation the user may not do ``permission_required`` in."""

    permission_required = "accounts.coordinate"
    permission_rules = organisation_rules

    def get_scoped_queryset(self, user):
        return organisation_queryset_for_user(user=user)

    def set_object(self, obj) -> None:
        self.organisation = obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        context["is_coordinator"] = organisation_rules.is_coordinator(
            self.request.user, self.organisation
        )
        return context


class OrganisationsView(LoginRequiredMixin, TemplateView):
    """Where the "Organisation" link leads: the user's own organisation and the ones they
    coordinate, or how to set one."""

    template_name = "reports/organisations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["own"] = user.organisation
        context["coordinated"] = coordinated_organisations(user=user)
        return context


class InterestForm(forms.Form):
    theme = forms.CharField(
        label=gettext_lazy("A theme you would like a learning network on"),
        max_length=100,
        help_text=gettext_lazy("For example: onboarding new colleagues, digital tools in care."),
    )


class InventoryView(OrganisationPermissionMixin, TemplateView):
    """For a person of the organisation: which networks it runs and takes part in, and their
    interest in themes for a next network."""

    permission_required = "accounts.see_inventory"
    template_name = "reports/organisation_inventory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            selectors.inventory(organisation=self.organisation, user=self.request.user),
            form=kwargs.get("form") or InterestForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = InterestForm(request.POST)
        if form.is_valid():
            try:
                theme_interest_register(
                    organisation=self.organisation,
                    theme=form.cleaned_data["theme"],
                    acting_user=request.user,
                )
            except ApplicationError as error:
                form.add_error("theme", error.message)
            else:
                messages.success(
                    request,
                    _("Thank you: the coordinators of %(organisation)s see your interest.")
                    % {"organisation": self.organisation.name},
                )
                return redirect("reports:organisation_inventory", pk=self.organisation.pk)
        return self.render_to_response(self.get_context_data(form=form))


class InterestWithdrawView(OrganisationPermissionMixin, View):
    permission_required = "accounts.see_inventory"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        interest = get_object_or_404(
            ThemeInterest.objects.filter(organisation=self.organisation, user=request.user),
            pk=kwargs["interest_pk"],
        )
        theme_interest_withdraw(interest=interest, acting_user=request.user)
        messages.success(
            request, _("Your interest in “%(theme)s” is withdrawn.") % {"theme": interest.theme}
        )
        return redirect("reports:organisation_inventory", pk=self.organisation.pk)


class FacilitatorForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address of the new facilitator"),
        help_text=gettext_lazy("They get an invitation to facilitate this network."),
    )


class OverviewView(OrganisationPermissionMixin, TemplateView):
    """The coordinators' overview of every network the organisation runs."""

    template_name = "reports/organisation_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overview"] = selectors.organisation_overview(
            organisation=self.organisation, language=translation.get_language()[:2]
        )
        context["facilitator_form"] = kwargs.get("facilitator_form") or FacilitatorForm()
        context["failed_network"] = kwargs.get("failed_network")
        return context


class HealthRefreshView(OrganisationPermissionMixin, View):
    """Measure the health of every network of the organisation now (otherwise the beat task
    does it every hour)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        for network in self.organisation.networks.exclude(status="draft"):
            health_snapshot_refresh(network=network)
        messages.success(request, _("The health of the networks has just been measured."))
        return redirect("reports:organisation_overview", pk=self.organisation.pk)


class AppointFacilitatorView(OrganisationPermissionMixin, View):
    """A coordinator invites a facilitator to one of the organisation's networks (the usual
    invitation: an email with a link only that address can accept)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        network = get_object_or_404(self.organisation.networks.all(), pk=kwargs["network_pk"])
        form = FacilitatorForm(request.POST)
        if form.is_valid():
            try:
                invitation_create(
                    network=network,
                    email=form.cleaned_data["email"],
                    role=Role.FACILITATOR,
                    acting_user=request.user,
                )
            except ApplicationError as error:
                form.add_error("email", error.message)
            else:
                messages.success(
                    request,
                    _("%(email)s is invited to facilitate %(network)s.")
                    % {"email": form.cleaned_data["email"], "network": network.name},
                )
                return redirect("reports:organisation_overview", pk=self.organisation.pk)
        view = OverviewView()
        view.setup(request, *args, **kwargs)
        view.organisation = self.organisation
        return view.render_to_response(
            view.get_context_data(facilitator_form=form, failed_network=network.pk)
        )


class ParticipationView(OrganisationPermissionMixin, TemplateView):
    template_name = "reports/organisation_participation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = selectors.participation_report(organisation=self.organisation)
        return context


def _participation_file_name(pattern, organisation) -> str:
    language = translation.get_language()[:2]
    today = timezone.localdate()
    return file_name(pattern, language=language, organisation=organisation.name, date=str(today))


class ParticipationPdfView(OrganisationPermissionMixin, StoredPdfView):
    """The participation report as a PDF, in the coordinator's language (``StoredPdfView``:
    stored per version of its data and per language, never rendered in the request)."""

    title = gettext_lazy("Participation report")

    def request_report(self, *, retry: bool):
        return report_services.organisation_report_request(
            organisation=self.organisation,
            language=translation.get_language()[:2],
            retry=retry,
        )

    def back_link(self) -> tuple[str, str]:
        return (
            reverse("reports:organisation_participation", kwargs={"pk": self.organisation.pk}),
            self.organisation.name,
        )

    def filename(self) -> str:
        return _participation_file_name(PARTICIPATION_PDF_NAME, self.organisation)

    def record_download(self) -> None:
        audit_record(
            actor=self.request.user,
            action=AuditAction.PARTICIPATION_EXPORTED,
            detail=f"participation organisation {self.organisation.pk}",
        )


class ParticipationCsvView(OrganisationPermissionMixin, View):
    def get(self, request, *args, **kwargs):
        response = attachment_response(
            b"",
            content_type="text/csv; charset=utf-8",
            filename=_participation_file_name(PARTICIPATION_CSV_NAME, self.organisation),
        )
        rows = documents.participation_csv_rows(organisation=self.organisation)
        csv.writer(response).writerows(rows)
        audit_record(
            actor=request.user,
            action=AuditAction.PARTICIPATION_EXPORTED,
            detail=f"participation organisation {self.organisation.pk} csv",
        )
        return response


class NetworkListingView(OrganisationPermissionMixin, View):
    """A coordinator lists one of the organisation's networks in the public directory, or takes
    it out (``listed`` posted as "1" or "")."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        network = get_object_or_404(self.organisation.networks.all(), pk=kwargs["network_pk"])
        listed = request.POST.get("listed") == "1"
        network_set_listed(network=network, listed=listed, acting_user=request.user)
        if listed:
            message = _("%(network)s is listed in the public directory while it is open.")
        else:
            message = _("%(network)s is no longer listed in the public directory.")
        messages.success(request, message % {"network": network.name})
        return redirect("reports:organisation_overview", pk=self.organisation.pk)
