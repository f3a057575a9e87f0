"""Attendance: a session's register (and marking it held), the network's overview and the
facilitator's follow-up of an absent member."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.errors import ApplicationError
from pages.core.actions import ServiceActionView
from pages.networks.mixins import NetworkPermissionMixin
from pages.sessions.forms import AttendanceForm
from pages.sessions.mixins import SessionPermissionMixin
from sessions import selectors, services
from sessions.enums import PRESENT_STATUSES


class AttendanceView(SessionPermissionMixin, FormView):
    """GET: the attendance form. POST: save the attendance: the "Save" button, or one of
    "Everyone present" / "The rest absent" (``rest``), which fill in every unmarked member and
    come back to this page so the facilitator can change the few who differ. With JavaScript
    (static/js/attendance.js) each change is posted as it is tapped (``X-Attendance-Autosave``)
    and answered with one line of JSON instead of a page, so a change is one tap."""

    permission_required = "sessions.manage_session"
    template_name = "sessions/attendance.html"
    mark_held = False

    def get_form(self, form_class=None):
        members = selectors.active_members(network=self.network)
        initial = services.attendance_initial(session=self.session, members=members)
        data = self.request.POST if self.request.method == "POST" else None
        rest = self.request.POST.get("rest", "") if data is not None else ""
        return AttendanceForm(data, members=members, initial_marks=initial, rest=rest)

    @property
    def autosave(self) -> bool:
        return self.request.headers.get("X-Attendance-Autosave") == "1" and not self.mark_held

    def form_invalid(self, form):
        if self.autosave:
            return JsonResponse({"saved": False, "message": " ".join(form.non_field_errors())})
        return super().form_invalid(form)

    def form_valid(self, form):
        try:
            services.session_record_attendance(
                session=self.session,
                entries=form.entries(),
                mark_held=self.mark_held,
                acting_user=self.request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        saved = _("Attendance saved: %(counts)s.") % {"counts": form.counts()}
        if self.autosave:
            return JsonResponse({"saved": True, "message": saved})
        if self.mark_held:
            messages.success(self.request, _("Attendance saved; the session is marked as held."))
            return redirect(self.session)
        messages.success(self.request, saved)
        if self.request.POST.get("rest"):
            return redirect("sessions:attendance", pk=self.session.pk)
        return redirect(self.session)


class AttendanceHeldView(AttendanceView):
    """The "Save and mark the session as held…" button. Marking it held cannot be undone and
    emails the evaluation to the members present, so it asks first: the valid form comes back
    as a confirmation page (templates/confirm.html) that names them and carries the attendance
    in hidden fields; its confirm button posts them again with ``confirmed`` and the attendance
    is saved and the session marked held in one transaction."""

    http_method_names = ["post"]
    mark_held = True

    def form_valid(self, form):
        if self.request.POST.get("confirmed") == "1":
            return super().form_valid(form)
        try:
            services.session_check_can_be_held(session=self.session, acting_user=self.request.user)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        present = {
            member_id
            for member_id, entry in form.entries().items()
            if entry["status"] in PRESENT_STATUSES
        }
        carried = [
            (name, value)
            for name, value in self.request.POST.items()
            if name not in ("csrfmiddlewaretoken", "confirmed")
        ]
        context = {
            "title": _("Mark session %(number)d as held?") % {"number": self.session.number},
            "consequences": [
                _(
                    "The attendance is saved and the session is marked as held: this cannot "
                    "be undone."
                ),
                _("Its evaluation opens for the members who were present (or late)."),
                _("Excused and absent members get the minutes once you publish them."),
            ],
            "recipients": [m.full_name for m in form.members if m.pk in present],
            "carried": [*carried, ("confirmed", "1")],
            "action_url": self.request.path,
            "cancel_url": reverse("sessions:attendance", kwargs={"pk": self.session.pk}),
            "confirm_label": _("Yes, mark it as held"),
            "danger": False,
        }
        return render(self.request, "confirm.html", context)


class AttendanceOverviewView(NetworkPermissionMixin, TemplateView):
    permission_required = "networks.manage_network"
    template_name = "sessions/attendance_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        overview = selectors.attendance_overview(network=self.network)
        followed = selectors.absence_follow_ups(network_ids=[self.network.pk])
        for row in overview["rows"]:
            # Absent at the latest held sessions: the facilitator gets in touch.
            row["to_contact"] = row["absent_in_a_row"] >= selectors.REPEATED_ABSENCE
            row["contacted"] = (self.network.pk, row["member"].pk) in followed
        context.update(overview)
        return context


class AbsenceFollowUpView(NetworkPermissionMixin, ServiceActionView):
    """ "I got in touch": ends the facilitator's task about a member absent several times."""

    permission_required = "networks.manage_network"

    def act(self) -> str:
        services.absence_follow_up_record(
            network=self.network,
            member_id=self.kwargs["user_id"],
            acting_user=self.request.user,
        )
        return _("Noted: you got in touch.")

    def get_success_url(self):
        return reverse("sessions:attendance_overview", kwargs={"pk": self.network.pk})
