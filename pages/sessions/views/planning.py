"""A network's timeline, and planning a session: plan, see, change, cancel."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from core.errors import ApplicationError
from core.idempotency import IdempotentFormViewMixin
from evaluations.selectors import adopted_goals_by_session
from minutes.selectors import session_ids_with_minutes
from networks.selectors import active_member_names
from pages.core.actions import ask_before_posting, is_confirmed
from pages.core.list_urls import url_for_each
from pages.networks.mixins import NetworkPermissionMixin
from pages.sessions.forms import CancelSessionForm, RsvpForm, SessionForm
from pages.sessions.mixins import SessionPermissionMixin
from pages.sessions.views.base import SessionConfirmView
from sessions import selectors, services
from sessions.enums import SessionKind


def _warn(request, warnings):
    for warning in warnings:
        messages.warning(request, warning)


class TimelineView(NetworkPermissionMixin, TemplateView):
    permission_required = "networks.view_network"
    template_name = "sessions/timeline.html"

    def get_context_data(self, **kwargs):
        timeline = selectors.timeline(network=self.network)
        sessions = timeline["past"] + timeline["upcoming"]
        ids = [session.pk for session in sessions]
        with_minutes = session_ids_with_minutes(ids)
        goals = adopted_goals_by_session(ids)
        # Each row's links, from patterns reversed once for the page.
        session_url = url_for_each("sessions:detail")
        minutes_url = url_for_each("reports:minutes")
        for session in sessions:
            session.url = session_url(session.pk)
            session.minutes_url = minutes_url(session.pk)
            session.has_minutes = session.pk in with_minutes
            session.linked_goals = goals.get(session.pk, [])
        return {
            **super().get_context_data(**kwargs),
            **timeline,
            "evaluations_url": reverse("evaluations:list", kwargs={"pk": self.network.pk}),
        }


class SessionCreateView(NetworkPermissionMixin, IdempotentFormViewMixin, FormView):
    permission_required = "networks.manage_network"
    template_name = "sessions/session_form.html"
    form_class = SessionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "network": self.network}

    def get_initial(self):
        # The checklist's "Plan the kickoff" names the kind (reports/checklist.py).
        kind = self.request.GET.get("kind", "")
        return {"kind": kind} if kind in SessionKind.values else {}

    def form_valid(self, form):
        if self.request.POST.get("edit"):
            return self.form_invalid(form)
        if not is_confirmed(self.request):
            return self._ask(form)
        try:
            session, warnings = services.session_create(
                network=self.network, data=form.session_data(), acting_user=self.request.user
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if session.rsvp_open:
            messages.success(self.request, _("The session has been planned; members get an email."))
        else:
            messages.success(
                self.request,
                _("The session has been added; nobody was emailed, since it has started."),
            )
        _warn(self.request, warnings)
        return redirect(session)

    def _ask(self, form):
        """Planning emails every member (issue 24): say so first; a session that has started
        already is added without any email or RSVP link (sessions.services.session_create)."""
        data = form.session_data()
        when = date_format(localtime(data["starts_at"]), "DATETIME_FORMAT")
        if data["starts_at"] <= timezone.now():
            title = _("This session has already started: add it anyway?")
            consequences = [
                _("It starts on %(when)s, which has passed.") % {"when": when},
                _(
                    "Nobody gets an email and there is nothing to answer: register who came "
                    "on its attendance page."
                ),
                _("Go back to change the date if you meant a session still to come."),
            ]
            recipients = []
            label = _("Yes, add the past session")
        else:
            title = _("Plan this session and email the members?")
            consequences = [
                _("Session “%(title)s” on %(when)s is planned.")
                % {"title": data["title"], "when": when},
                _(
                    "Every member gets an email with the details, a calendar file and one-click "
                    "links to say whether they come."
                ),
            ]
            recipients = active_member_names(network_id=self.network.pk)
            label = _("Yes, plan it and email the members")
        return ask_before_posting(
            self.request,
            title=title,
            consequences=consequences,
            recipients=recipients,
            cancel_url=reverse("sessions:timeline", kwargs={"pk": self.network.pk}),
            confirm_label=label,
            back_label=_("Change the session"),
        )


class SessionDetailView(SessionPermissionMixin, TemplateView):
    template_name = "sessions/session_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        detail = selectors.session_detail(session=self.session, user=self.request.user)
        context.update(detail)
        context["has_minutes"] = bool(session_ids_with_minutes([self.session.pk]))
        context["learning_goals"] = adopted_goals_by_session([self.session.pk]).get(
            self.session.pk, []
        )
        context["rsvp_form"] = kwargs.get("rsvp_form") or RsvpForm(instance=detail["my_rsvp"])
        context["next_step"] = session_next_step(self.session, has_minutes=context["has_minutes"])
        if context["is_facilitator"]:
            # Next to the RSVP contributions: what members who missed the session before sent
            # back after reading its minutes (the catch-up pack).
            context["catch_up_inputs"] = selectors.catch_up_inputs_for(session=self.session)
        return context


def session_next_step(session, *, has_minutes: bool) -> str:
    """The one step of a session's life that is the facilitator's primary button (issue 24):
    see who comes while it is ahead, register who came once it has started, write the minutes
    once it is held, then read the evaluation. No query: the page has what it needs."""
    if session.is_cancelled:
        return ""
    if session.is_planned:
        return "rsvps" if session.starts_at > timezone.now() else "attendance"
    return "evaluation" if has_minutes else "minutes"


class SessionUpdateView(SessionPermissionMixin, FormView):
    permission_required = "sessions.manage_session"
    template_name = "sessions/session_form.html"
    form_class = SessionForm

    def get_initial(self):
        return SessionForm.initial_for(self.session)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "network": self.network}

    def form_valid(self, form):
        try:
            session, warnings = services.session_update(
                session=self.session, data=form.session_data(), acting_user=self.request.user
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The session has been saved."))
        _warn(self.request, warnings)
        return redirect(session)


class SessionCancelView(SessionConfirmView):
    """Cancel the session, with a reason that goes into the members' email. Confirming twice
    is harmless: the second time says it is cancelled already and mails nobody."""

    title = gettext_lazy("Cancel this session?")
    confirm_label = gettext_lazy("Yes, cancel the session and email the members")
    already_done_message = gettext_lazy("This session has already been cancelled.")
    form_class = CancelSessionForm

    def get_target(self):
        return None if self.session.is_cancelled else self.session

    def consequences(self):
        if not self.session.is_planned:
            raise ApplicationError(_("Only a planned session can be cancelled."))
        return [
            _("Session %(number)d, “%(title)s” on %(date)s, is cancelled.")
            % {
                "number": self.session.number,
                "title": self.session.title,
                "date": date_format(localtime(self.session.starts_at), "DATE_FORMAT"),
            },
            _("Every member gets an email with your reason and a calendar file that removes it."),
            _("The session stays in the timeline as cancelled; it cannot be planned again."),
        ]

    def recipients(self):
        return [user.full_name for user in selectors.active_members(network=self.network)]

    def act(self):
        services.session_cancel(
            session=self.session,
            reason=self.form.cleaned_data["reason"],
            acting_user=self.request.user,
        )
        return _("The session has been cancelled; members get an email.")
