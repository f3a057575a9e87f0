"""A session's agenda (items, order, the kickoff template) and its roles."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from core.errors import ApplicationError
from core.idempotency import IdempotentFormViewMixin
from pages.sessions.forms import AgendaItemForm, SessionRolesForm
from pages.sessions.mixins import SessionPermissionMixin
from pages.sessions.views.base import SessionActionView, SessionConfirmView
from sessions import selectors, services
from sessions.enums import AgendaRole
from sessions.models import AgendaItem


class AgendaItemFormView(SessionPermissionMixin, IdempotentFormViewMixin, FormView):
    permission_required = "sessions.manage_session"
    template_name = "sessions/agenda_item_form.html"
    form_class = AgendaItemForm

    def get_item(self):
        if "item_id" not in self.kwargs:
            return None
        return get_object_or_404(
            AgendaItem.objects.filter(session=self.session).prefetch_related("roles"),
            pk=self.kwargs["item_id"],
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_item() or AgendaItem(session=self.session)
        kwargs["work_forms"] = selectors.work_forms_for_network(network=self.network)
        kwargs["members"] = selectors.active_members(
            network=self.network, include_facilitators=True
        )
        return kwargs

    def form_valid(self, form):
        try:
            if form.instance.pk:
                services.agenda_item_update(
                    item=form.instance,
                    data=form.item_data(),
                    roles=form.roles(),
                    acting_user=self.request.user,
                )
            else:
                services.agenda_item_add(
                    session=self.session,
                    data=form.item_data(),
                    roles=form.roles(),
                    acting_user=self.request.user,
                )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        detail = selectors.session_detail(session=self.session, user=self.request.user)
        if detail["agenda_too_long"]:
            messages.warning(
                self.request,
                _("The agenda takes %(agenda)d minutes; the session lasts %(session)d.")
                % {"agenda": detail["agenda_minutes"], "session": self.session.duration_minutes},
            )
        messages.success(self.request, _("The agenda has been saved."))
        return redirect(self.session)


class AgendaItemDeleteView(SessionConfirmView):
    title = gettext_lazy("Remove this agenda item?")
    confirm_label = gettext_lazy("Yes, remove the item")
    already_done_message = gettext_lazy("This agenda item has already been removed.")

    def get_target(self):
        return (
            AgendaItem.objects.filter(session=self.session, pk=self.kwargs["item_id"])
            .select_related("question")
            .first()
        )

    def consequences(self):
        lines = [
            _("“%(title)s” (%(minutes)d min) is removed from the agenda of session %(number)d.")
            % {
                "title": self.target.title,
                "minutes": self.target.duration_minutes,
                "number": self.session.number,
            },
            _("The roles on this item go with it."),
        ]
        if getattr(self.target, "question", None) is not None:
            lines.append(_("Its practice question goes back to the open questions."))
        return lines

    def act(self):
        services.agenda_item_delete(item=self.target, acting_user=self.request.user)
        return _("The agenda item has been removed.")


class AgendaItemMoveView(SessionActionView):
    def act(self):
        services.agenda_item_move(
            item=self.agenda_item(),
            up=self.request.POST.get("to") == "up",
            acting_user=self.request.user,
        )
        return _("The agenda has been reordered.")


class KickoffAgendaView(SessionActionView):
    def act(self):
        services.agenda_apply_kickoff_template(session=self.session, acting_user=self.request.user)
        return _("The suggested kickoff agenda has been added.")


class SessionRolesView(SessionPermissionMixin, FormView):
    """Who takes chair, note-taker, timekeeper and case owner: the fair suggestion, accepted
    with one click or changed role by role, then saved (the same POST either way)."""

    permission_required = "sessions.manage_session"
    template_name = "sessions/roles.html"

    def roles_data(self) -> dict:
        if not hasattr(self, "_roles_data"):
            self._roles_data = selectors.session_roles(session=self.session)
        return self._roles_data

    def get_form(self, form_class=None):
        data = self.roles_data()
        return SessionRolesForm(
            self.request.POST if self.request.method == "POST" else None,
            people=data["people"],
            roles=data["roles"],
            initial_people=data["current"] or data["suggestion"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.roles_data()
        context.update(data)
        context["suggested"] = [
            (role, AgendaRole(role).label, data["suggestion"].get(role), data["current"].get(role))
            for role in data["roles"]
        ]
        context["suggestion_is_current"] = all(
            data["suggestion"].get(role) == data["current"].get(role) for role in data["roles"]
        )
        return context

    def form_valid(self, form):
        try:
            changed = services.session_roles_set(
                session=self.session, roles=form.roles(), acting_user=self.request.user
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if changed:
            messages.success(self.request, _("The roles have been saved."))
        else:
            messages.info(self.request, _("Nothing changed: these were the roles already."))
        return redirect("sessions:roles", pk=self.session.pk)
