"""HTTP glue for trajectory blueprints (evaluations.blueprints)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from core.errors import ApplicationError
from core.idempotency import IdempotentFormViewMixin
from evaluations import blueprints
from evaluations.models import Blueprint
from pages.core.actions import ConfirmActionView
from pages.evaluations.forms import BlueprintSaveForm, BlueprintStartForm
from pages.networks.mixins import NetworkPermissionMixin
from sessions.enums import SessionKind
from sessions.models import WorkForm


class BlueprintMixin(LoginRequiredMixin):
    """The blueprint in the URL, among those the user may use (404 for any other)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.blueprint = get_object_or_404(
            blueprints.blueprints_for_user(user=request.user), pk=kwargs["blueprint_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "blueprint": self.blueprint}


class BlueprintListView(LoginRequiredMixin, TemplateView):
    template_name = "evaluations/blueprints.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blueprints"] = list(blueprints.blueprints_for_user(user=self.request.user))
        return context


def _plan(blueprint: Blueprint) -> list[dict]:
    """The sessions with their agendas, work forms named in the reader's language."""
    slugs = {
        item.get("work_form")
        for session in blueprint.sessions
        for item in session.get("agenda", [])
        if item.get("work_form")
    }
    names = {form.slug: form.name for form in WorkForm.objects.filter(network=None, slug__in=slugs)}
    kinds = dict(SessionKind.choices)
    return [
        {
            **session,
            "number": index,
            "kind_label": kinds.get(session.get("kind"), ""),
            "agenda": [
                {**item, "work_form_name": names.get(item.get("work_form") or "", "")}
                for item in session.get("agenda", [])
            ],
        }
        for index, session in enumerate(blueprint.sessions, start=1)
    ]


class BlueprintDetailView(BlueprintMixin, TemplateView):
    template_name = "evaluations/blueprint_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = _plan(self.blueprint)
        context["questionnaires"] = self.blueprint.payload.get("questionnaires", [])
        context["intake"] = self.blueprint.payload.get("intake")
        context["network_fields"] = self.blueprint.payload.get("network", {})
        context["is_own"] = self.blueprint.created_by_id == self.request.user.pk
        return context


class BlueprintStartView(BlueprintMixin, IdempotentFormViewMixin, FormView):
    template_name = "evaluations/blueprint_start.html"
    form_class = BlueprintStartForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            network = blueprints.network_from_blueprint(
                blueprint=self.blueprint,
                name=data["name"],
                start_date=data["start_date"],
                rhythm=data["rhythm"],
                weeks=data.get("weeks") or 4,
                acting_user=self.request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "The network has been created as a draft with the blueprint's sessions. Check "
                "them, then open the network when you are ready for members."
            ),
        )
        return redirect(network)


class BlueprintSaveView(NetworkPermissionMixin, FormView):
    """A facilitator saves their network as a blueprint. It emails nobody and can be deleted, so
    it asks only for a name."""

    permission_required = "networks.manage_network"
    template_name = "evaluations/blueprint_save.html"
    form_class = BlueprintSaveForm

    def get_initial(self):
        return {"name": self.network.name}

    def form_valid(self, form):
        try:
            blueprint = blueprints.blueprint_save(
                network=self.network, acting_user=self.request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The network has been saved as a blueprint."))
        return redirect(blueprint)


class BlueprintDeleteView(LoginRequiredMixin, ConfirmActionView):
    title = gettext_lazy("Delete this blueprint?")
    confirm_label = gettext_lazy("Delete the blueprint")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.blueprint = get_object_or_404(
            Blueprint, pk=kwargs["blueprint_id"], created_by=request.user
        )
        return super().dispatch(request, *args, **kwargs)

    def consequences(self) -> list[str]:
        return [
            _("The blueprint “%(name)s” is deleted; nobody can start a network from it any more.")
            % {"name": self.blueprint.name},
            _("Networks started from it keep their sessions."),
        ]

    def act(self) -> str:
        blueprints.blueprint_delete(blueprint=self.blueprint, acting_user=self.request.user)
        return _("The blueprint has been deleted.")

    def get_success_url(self) -> str:
        return reverse("evaluations:blueprints")

    def get_cancel_url(self) -> str:
        return self.blueprint.get_absolute_url()
