"""Work forms: the catalogue, one work form (added to an agenda from there), a network's own."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.errors import ApplicationError
from core.fragments import WORK_FORM_CATALOGUE, fragment_version
from core.idempotency import IdempotentFormViewMixin, run_once
from pages.networks.mixins import (
    NetworkPermissionMixin,
    NetworkScopedMixin,
    network_door,
    passes_network_door,
)
from pages.sessions.forms import AddToAgendaForm, WorkFormFilterForm, WorkFormForm
from sessions import rules, selectors, services


def _open_network_ids(request) -> list[int]:
    """The user's networks whose door this session passes (the second factor included): only
    their own work forms are listed."""
    return [
        network.pk
        for network in selectors.active_networks(user=request.user)
        if passes_network_door(request, network)
    ]


class WorkFormListView(LoginRequiredMixin, TemplateView):
    """The catalogue, and the custom methods of the user's networks whose door this session
    passes (a network asking its facilitators for two-factor sign-in lists its own once they gave
    it in this browser). No network's object is in the URL."""

    template_name = "sessions/workform_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = WorkFormFilterForm(self.request.GET or None)
        network_ids = _open_network_ids(self.request)
        work_forms = selectors.work_forms_of(network_ids=network_ids).select_related("network")
        if form.is_valid():
            data = form.cleaned_data
            if data["q"]:
                work_forms = work_forms.filter(
                    Q(name_nl__icontains=data["q"])
                    | Q(name_en__icontains=data["q"])
                    | Q(purpose_nl__icontains=data["q"])
                    | Q(purpose_en__icontains=data["q"])
                )
            if data["group_size"]:
                work_forms = work_forms.filter(
                    min_group__lte=data["group_size"], max_group__gte=data["group_size"]
                )
            if data["max_minutes"]:
                work_forms = work_forms.filter(duration_minutes__lte=data["max_minutes"])
        if form.is_bound:
            context.update(form=form, work_forms=sorted(work_forms, key=lambda w: w.name.lower()))
            return context
        # The whole catalogue changes only on writes (sessions.services and networks.services
        # bump its version): the page caches it per language and set of the viewer's open
        # networks (whose own work forms it includes), and reads the work forms only when it
        # renders.
        context.update(
            form=form,
            work_forms=SimpleLazyObject(lambda: sorted(work_forms, key=lambda w: w.name.lower())),
            catalogue_version=fragment_version(WORK_FORM_CATALOGUE),
            catalogue_networks=",".join(str(pk) for pk in network_ids),
        )
        return context


class WorkFormDetailView(NetworkScopedMixin, TemplateView):
    """A work form, with "add to the agenda of" one of the facilitator's upcoming sessions.

    Through the network door: a network's own work form opens for its members, in a session
    that gave the second factor where the network asks it of its facilitators; a catalogue work
    form belongs to no network and opens for everyone signed in. The sessions offered are only
    those of networks whose door this session passes."""

    template_name = "sessions/workform_detail.html"
    permission_required = "sessions.view_work_form"
    permission_rules = rules

    def lookup(self, pk):
        return selectors.work_form_by_pk(pk=pk)

    def set_object(self, obj) -> None:
        self.work_form = obj
        self.network = obj.network

    def sessions_offered(self):
        """The facilitator's upcoming sessions that may use this work form, of the networks
        whose door (``passes_network_door``: managing it, the second factor) opens here."""
        sessions = selectors.upcoming_sessions_facilitated(
            user=self.request.user, work_form=self.work_form
        )
        open_pks = [
            session.pk
            for session in sessions
            if passes_network_door(self.request, session.network, "networks.manage_network")
        ]
        self.sessions_ask_second_factor = len(open_pks) < len(sessions)
        return sessions.filter(pk__in=open_pks)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        add_form = kwargs.get("add_form") or AddToAgendaForm(sessions=self.sessions_offered())
        context.update(
            work_form=self.work_form,
            add_form=add_form,
            has_sessions=bool(add_form.fields["session"].queryset),
            sessions_ask_second_factor=getattr(self, "sessions_ask_second_factor", False),
        )
        return context


class WorkFormAddToAgendaView(WorkFormDetailView):
    """POST: the work form becomes the last item of the chosen session's agenda (the agenda-add
    service, which checks the facilitator rule again). The chosen session's network is asked
    through its door first (``network_door``: a facilitator who has not given the second factor
    in this browser is sent to do so, nothing added). A double click adds it once."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        sessions = selectors.upcoming_sessions_facilitated(
            user=request.user, work_form=self.work_form
        )
        form = AddToAgendaForm(request.POST, sessions=sessions)
        if not form.is_valid():
            form.fields["session"].queryset = self.sessions_offered()
            return self.render_to_response(self.get_context_data(add_form=form))
        session = form.cleaned_data["session"]
        step = network_door(request, session.network, "networks.manage_network")
        if step is not None:
            return step
        return run_once(
            request=request,
            token=form.idempotency_token,
            create=lambda: self._add(self.work_form, session),
        )

    def _add(self, work_form, session):
        try:
            services.agenda_item_add(
                session=session,
                data={
                    "title": work_form.name,
                    "duration_minutes": work_form.duration_minutes,
                    "work_form": work_form,
                },
                roles={},
                acting_user=self.request.user,
            )
        except ApplicationError as error:
            messages.error(self.request, error.message)
            return redirect(work_form)
        messages.success(
            self.request,
            _("“%(work_form)s” is on the agenda of session %(number)d.")
            % {"work_form": work_form.name, "number": session.number},
        )
        return redirect(session)


class WorkFormCreateView(NetworkPermissionMixin, IdempotentFormViewMixin, FormView):
    permission_required = "networks.manage_network"
    template_name = "sessions/workform_form.html"
    form_class = WorkFormForm

    def form_valid(self, form):
        work_form = services.work_form_create(
            network=self.network, data=form.cleaned_data, acting_user=self.request.user
        )
        messages.success(self.request, _("Your work form has been added for this network."))
        return redirect(work_form)
