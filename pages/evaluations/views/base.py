"""What the facilitator's actions on a network's intake, goals, votes and evaluations share."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from pages.core.actions import ServiceActionView, ask_before_posting, is_confirmed
from pages.networks.mixins import NetworkPermissionMixin


class NetworkActionView(NetworkPermissionMixin, ServiceActionView):
    """A facilitator's POST on a network's intake, goals, votes or evaluations."""

    permission_required = "networks.manage_network"
    form_class: type[forms.Form] | None = None
    success_url_name = "evaluations:goals"

    def get_form(self):
        return self.form_class(self.request.POST, network=self.network)

    def get_success_url(self) -> str:
        return reverse(self.success_url_name, kwargs={"pk": self.network.pk})


class AskFirstActionView(NetworkActionView):
    """A facilitator's POST that emails the members (issue 24): a valid form comes back as the
    confirmation page (``ask()``: title, consequences, recipients, label); its confirm button
    posts the same fields with ``confirmed`` and only then ``act()`` runs."""

    def ask(self, form):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        if not is_confirmed(request):
            form = self.form_class(request.POST)
            if not form.is_valid():
                messages.error(request, first_error(form))
                return HttpResponseRedirect(self.get_success_url())
            title, consequences, recipients, label = self.ask(form)
            return ask_before_posting(
                request,
                title=title,
                consequences=consequences,
                recipients=recipients,
                cancel_url=self.get_success_url(),
                confirm_label=label,
            )
        return super().post(request, *args, **kwargs)


def first_error(form) -> str:
    return next(iter(form.errors.values()))[0]
