"""HTTP glue for sessions: permission check, selector, form, service, response.

The timeline and the session page also show what the apps above ``sessions`` know of a session
(its published minutes, its learning goals): as pages they ask those apps' selectors."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from core.downloads import attachment_response
from core.errors import ApplicationError
from core.fragments import WORK_FORM_CATALOGUE, fragment_version
from core.idempotency import IdempotentFormViewMixin, run_once
from core.markdown import render_markdown
from evaluations.selectors import adopted_goals_by_session
from minutes.selectors import session_ids_with_minutes
from pages.core.actions import ConfirmActionView, ServiceActionView, safe_next_url
from pages.core.list_urls import url_for_each
from pages.networks.mixins import (
    NetworkPermissionMixin,
    NetworkScopedMixin,
    network_door,
    passes_network_door,
)
from sessions import calendar, rules, selectors, services
from sessions.enums import (
    PRESENT_STATUSES,
    AgendaRole,
    AnnouncementAudience,
    RsvpAnswer,
    SessionStatus,
)
from sessions.forms import (
    AddToAgendaForm,
    AgendaItemForm,
    AnnouncementForm,
    AttendanceForm,
    CancelSessionForm,
    PracticeQuestionForm,
    RsvpAnswerForm,
    RsvpForm,
    ScheduleQuestionForm,
    SessionForm,
    SessionRolesForm,
    SpeakerForm,
    WorkFormFilterForm,
    WorkFormForm,
)
from sessions.mixins import SessionPermissionMixin
from sessions.models import AgendaItem, LearningSession, PracticeQuestion, Speaker
from sessions.rsvp_links import rsvp_changed_since, rsvp_link_read
from sessions.speaker_links import speaker_confirm_path, speaker_confirm_read


def _warn(request, warnings):
    for warning in warnings:
        messages.warning(request, warning)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    return attachment_response(
        content, content_type="text/calendar; charset=utf-8", filename=filename
    )


# Network-level pages ----------------------------------------------------------------------------


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

    def form_valid(self, form):
        try:
            session, warnings = services.session_create(
                network=self.network, data=form.session_data(), acting_user=self.request.user
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The session has been planned; members get an email."))
        _warn(self.request, warnings)
        return redirect(session)


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


class PracticeQuestionsView(NetworkPermissionMixin, IdempotentFormViewMixin, FormView):
    """Members submit questions from their practice; the facilitator schedules them."""

    permission_required = "networks.view_network"
    template_name = "sessions/questions.html"
    form_class = PracticeQuestionForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questions = selectors.practice_questions(network=self.network)
        ScheduleQuestionForm.for_questions(questions, sessions=self._planned())
        context["questions"] = questions
        return context

    def _planned(self):
        return self.network.sessions.filter(status=SessionStatus.PLANNED).order_by("starts_at")

    def form_valid(self, form):
        services.practice_question_submit(
            network=self.network, data=form.cleaned_data, acting_user=self.request.user
        )
        messages.success(self.request, _("Your question has been added."))
        return redirect("sessions:questions", pk=self.network.pk)


class NetworkActionView(NetworkPermissionMixin, ServiceActionView):
    permission_required = "networks.manage_network"

    def get_success_url(self):
        return reverse("sessions:questions", kwargs={"pk": self.network.pk})

    def question(self) -> PracticeQuestion:
        return get_object_or_404(
            PracticeQuestion.objects.filter(network=self.network), pk=self.kwargs["question_id"]
        )


class PracticeQuestionScheduleView(NetworkActionView):
    def act(self):
        form = ScheduleQuestionForm(
            self.request.POST,
            sessions=self.network.sessions.filter(status=SessionStatus.PLANNED),
        )
        if not form.is_valid():
            raise ApplicationError(_("Choose a planned session of this network."))
        services.practice_question_schedule(
            question=self.question(),
            session=form.cleaned_data["session"],
            acting_user=self.request.user,
        )
        return _("The question is on the agenda.")


class PracticeQuestionDiscussedView(NetworkActionView):
    def act(self):
        services.practice_question_mark_discussed(
            question=self.question(), acting_user=self.request.user
        )
        return _("The question is marked as discussed.")


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


# Session pages ----------------------------------------------------------------------------------


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
        if context["is_facilitator"]:
            # Next to the RSVP contributions: what members who missed the session before sent
            # back after reading its minutes (the catch-up pack).
            context["catch_up_inputs"] = selectors.catch_up_inputs_for(session=self.session)
        return context


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


class SessionActionView(SessionPermissionMixin, ServiceActionView):
    permission_required = "sessions.manage_session"

    def get_success_url(self):
        return self.session.get_absolute_url()

    def agenda_item(self) -> AgendaItem:
        return get_object_or_404(
            AgendaItem.objects.filter(session=self.session), pk=self.kwargs["item_id"]
        )


class SessionConfirmView(SessionPermissionMixin, ConfirmActionView):
    """A facilitator's action on a session that asks first (templates/confirm.html)."""

    permission_required = "sessions.manage_session"

    def get_success_url(self):
        return self.session.get_absolute_url()


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


class SpeakerDeleteView(SessionActionView):
    def act(self):
        speaker = get_object_or_404(
            Speaker.objects.filter(session=self.session), pk=self.kwargs["speaker_id"]
        )
        services.speaker_remove(speaker=speaker, acting_user=self.request.user)
        return _("The speaker has been removed.")


class SpeakerEmailView(SessionActionView):
    def act(self):
        speaker = get_object_or_404(
            Speaker.objects.filter(session=self.session), pk=self.kwargs["speaker_id"]
        )
        services.speaker_email(speaker=speaker, acting_user=self.request.user)
        return _("The details are on their way to %(name)s.") % {"name": speaker.name}


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


class SpeakerCreateView(SessionPermissionMixin, IdempotentFormViewMixin, FormView):
    permission_required = "sessions.manage_session"
    template_name = "sessions/speaker_form.html"
    form_class = SpeakerForm

    def form_valid(self, form):
        data = {field: form.cleaned_data[field] for field in SpeakerForm.Meta.fields}
        services.speaker_add(
            session=self.session,
            data=data,
            send_email=form.cleaned_data["send_email"],
            acting_user=self.request.user,
        )
        messages.success(self.request, _("The speaker has been added."))
        return redirect(self.session)


class RsvpView(SessionPermissionMixin, View):
    permission_required = "sessions.rsvp"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        instance = self.session.rsvps.filter(user=request.user).first()
        form = RsvpForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                services.rsvp_set(
                    session=self.session, data=form.cleaned_data, acting_user=request.user
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you, your answer has been saved."))
            return redirect(self.session)
        view = SessionDetailView()
        view.setup(request, *args, **kwargs)
        view.session, view.network = self.session, self.network
        return view.render_to_response(view.get_context_data(rsvp_form=form))


class RsvpAnswerView(SessionPermissionMixin, ServiceActionView):
    """One click on a home's answer button: records the answer, keeps the rest of the RSVP."""

    permission_required = "sessions.rsvp"

    def act(self) -> str:
        form = RsvpAnswerForm(self.request.POST)
        if not form.is_valid():
            raise ApplicationError(_("Choose one of the answers."))
        services.rsvp_set(
            session=self.session,
            data={"answer": form.cleaned_data["answer"]},
            acting_user=self.request.user,
        )
        return _("Thank you, your answer has been saved.")

    def get_success_url(self) -> str:
        return safe_next_url(self.request, self.session.get_absolute_url())


class RsvpLinkView(View):
    """The one-click answer from a session email: GET shows the session and the answer with a
    confirm button (it writes nothing: mail scanners open links), POST records it as the member
    the link was sent to, no password needed (sessions/rsvp_links.py). The answer in the link
    only pre-fills the form: the member may pick another, and add an apology or a contribution,
    as on the session page. A link that is forged,
    for another session, for another signed-in person or too late gets a page saying so, with
    the status to match, and nothing is recorded. A stale link (the member changed their answer
    to another one after the email) asks first: "You changed your answer to X on <date>; change
    it to Y?"; its POST without the version that page showed answers 409 with the same
    question, nothing written (``services.rsvp_set`` with ``seen_version``)."""

    template_name = "sessions/rsvp_link.html"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, pk, token, **kwargs):
        link = rsvp_link_read(token)
        if link is None:
            return self.refuse(_("This link is not valid. Was it copied completely?"), 400)
        session, member = selectors.rsvp_link_target(
            session_id=link.session_id, user_id=link.user_id
        )
        # The one permission rule: only a member's seat answers (a member made facilitator
        # since the email went out can no longer answer through it).
        if link.session_id != pk or session is None or not rules.can_rsvp(member, session):
            return self.refuse(_("This link does not belong to a session of yours."), 404)
        if request.user.is_authenticated and request.user.pk != member.pk:
            return self.refuse(
                _(
                    "This link was sent to another member. Sign out first, or answer with the "
                    "link in your own email."
                ),
                403,
            )
        # Signed in, the page speaks the user's language; otherwise the member's.
        language = translation.get_language() if request.user.is_authenticated else member.language
        with translation.override(language):
            if not session.rsvp_open:
                return self.refuse(
                    _("You can no longer answer: this session has started or ended."), 400
                )
            self.link, self.session, self.member = link, session, member
            return super().dispatch(request, *args, pk=pk, token=token, **kwargs)

    def refuse(self, message: str, status: int):
        return render(
            self.request, "sessions/rsvp_link_invalid.html", {"message": message}, status=status
        )

    def current(self):
        return self.session.rsvps.filter(user=self.member).first()

    def show(self, form, current, *, answer: str = "", status: int = 200):
        """The page; with ``answer`` (what the link or the POST asked for), a member whose
        answer changed to another one since this link's email (or, answering 409, since the
        page that posted) is asked first."""
        changed = status == 409 or (
            bool(answer) and rsvp_changed_since(current, version=self.link.version, answer=answer)
        )
        context = {
            "session": self.session,
            "member": self.member,
            "form": form,
            "rsvp": current,
            # The version this page shows: its POST overrides only that one.
            "version": current.version if current else 0,
            "changed": changed,
            "asked_answer": RsvpAnswer(answer).label if answer else "",
            "refused": status == 409,
        }
        return render(self.request, self.template_name, context, status=status)

    def seen_version(self) -> int:
        """The version the page that posted was made against (its hidden field), or else the
        link's. Anything but a number counts as the link's: a stale one is then asked about."""
        posted = self.request.POST.get("version", "")
        return int(posted) if posted.isascii() and posted.isdigit() else self.link.version

    def get(self, request, *args, **kwargs):
        current = self.current()
        form = RsvpForm(instance=current, initial={"answer": self.link.answer})
        return self.show(form, current, answer=self.link.answer)

    def post(self, request, *args, **kwargs):
        current = self.current()
        form = RsvpForm(request.POST, instance=current)
        if not form.is_valid():
            return self.show(form, current)
        try:
            services.rsvp_set(
                session=self.session,
                data=form.cleaned_data,
                acting_user=self.member,
                seen_version=self.seen_version(),
            )
        except services.RsvpChangedError as changed:
            # Nothing written: the page again, against the answer as it is now, asking.
            asked = form.cleaned_data
            form = RsvpForm(instance=changed.rsvp, initial=asked)
            return self.show(form, changed.rsvp, answer=asked["answer"], status=409)
        except ApplicationError as error:
            return self.refuse(error.message, 400)
        messages.success(request, _("Thank you, your answer has been saved."))
        return redirect(request.path)


class SpeakerConfirmView(View):
    """The speaker confirms the brief through the signed link in its email, without an account.
    The link names one version of the brief. GET shows the session and a button (it writes
    nothing: mail scanners open links); POST records the confirmation of that version once, a
    second one says it was already confirmed. The link of an older version, once a newer one
    was sent, confirms nothing: its page says a newer version exists and links to that
    version's page (a POST answers 409, nothing written). A forged or changed token, another
    speaker's, or a version never sent is a 404 (sessions/speaker_links.py). The page speaks
    the network's language, as the email did."""

    template_name = "sessions/speaker_confirm.html"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, speaker_id, token, **kwargs):
        link = speaker_confirm_read(token)
        if link is None or link.speaker_id != speaker_id:
            raise Http404
        speaker = selectors.speaker_for_confirmation(speaker_id=speaker_id)
        if speaker is None or link.version > speaker.brief_sent_version:
            raise Http404
        self.speaker, self.version = speaker, link.version
        with translation.override(speaker.session.network.language):
            return super().dispatch(request, *args, speaker_id=speaker_id, token=token, **kwargs)

    def show(self, *, status: int = 200, refused: bool = False):
        speaker = self.speaker
        context = {
            "speaker": speaker,
            "session": speaker.session,
            "network": speaker.session.network,
            "version": self.version,
            "confirmed": speaker.confirmed_version == self.version,
        }
        if self.version < speaker.brief_sent_version:
            context.update(
                newer=selectors.speaker_brief_email(
                    speaker=speaker, version=speaker.brief_sent_version
                ),
                newer_version=speaker.brief_sent_version,
                newer_url=speaker_confirm_path(
                    speaker_id=speaker.pk, version=speaker.brief_sent_version
                ),
                refused=refused,
            )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.show()

    def post(self, request, *args, **kwargs):
        try:
            speaker, outcome = services.speaker_confirm(
                speaker_id=self.speaker.pk, version=self.version
            )
        except Speaker.DoesNotExist as error:  # removed between the two queries
            raise Http404 from error
        if outcome == services.SpeakerConfirmOutcome.SUPERSEDED:
            self.speaker = speaker
            return self.show(status=409, refused=True)
        if outcome == services.SpeakerConfirmOutcome.RECORDED:
            messages.success(request, _("Thank you: the facilitator sees that you confirmed."))
        else:
            messages.info(
                request,
                _("You had already confirmed, on %(date)s. Nothing has changed.")
                % {"date": date_format(localtime(speaker.confirmed_at), "DATE_FORMAT")},
            )
        return redirect(request.path)


class AttendanceView(SessionPermissionMixin, FormView):
    """GET: the attendance form. POST: save the attendance (the "Save" button)."""

    permission_required = "sessions.manage_session"
    template_name = "sessions/attendance.html"
    mark_held = False

    def get_form(self, form_class=None):
        members = selectors.active_members(network=self.network)
        initial = services.attendance_initial(session=self.session, members=members)
        data = self.request.POST if self.request.method == "POST" else None
        return AttendanceForm(data, members=members, initial_marks=initial)

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
        if self.mark_held:
            messages.success(self.request, _("Attendance saved; the session is marked as held."))
        else:
            messages.success(self.request, _("Attendance saved."))
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


class SessionIcsView(SessionPermissionMixin, View):
    def get(self, request, *args, **kwargs):
        return _ics_response(calendar.session_ics(self.session), f"session-{self.session.pk}.ics")


# Work form catalogue and calendar feed ----------------------------------------------------------


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


class CalendarSettingsView(LoginRequiredMixin, TemplateView):
    """GET only: the user's private link, with a button per action (each its own POST view)."""

    template_name = "sessions/calendar_settings.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feed = selectors.active_feed(user=self.request.user)
        context["feed_url"] = (
            self.request.build_absolute_uri(
                reverse("sessions:calendar_feed", kwargs={"token": feed.token})
            )
            if feed
            else None
        )
        return context


class CalendarFeedActionView(LoginRequiredMixin, ServiceActionView):
    """One button on the calendar page. Every signed-in user acts on their own feed only (the
    feed is found through ``request.user``), so signing in is the whole permission."""

    def get_success_url(self) -> str:
        return reverse("sessions:calendar_settings")


class CalendarFeedCreateView(CalendarFeedActionView):
    def act(self):
        services.calendar_feed_get_or_create(acting_user=self.request.user)
        return _("Your private calendar link is ready.")


class CalendarFeedResetView(CalendarFeedActionView):
    def act(self):
        services.calendar_feed_reset(acting_user=self.request.user)
        return _("You have a new calendar link; the old one stopped.")


class CalendarFeedRevokeView(CalendarFeedActionView):
    def act(self):
        services.calendar_feed_revoke(acting_user=self.request.user)
        return _("Your calendar link no longer works.")


class CalendarFeedView(View):
    """The private subscription feed: the token is the only key. Unknown or revoked: 404."""

    def get(self, request, token):
        feed = selectors.feed_by_token(token=token)
        if feed is None:
            raise Http404
        sessions = selectors.sessions_for_feed(user=feed.user)
        return _ics_response(calendar.calendar_bytes(sessions), "leernet.ics")


# Announcements: a word to the group -------------------------------------------------------------


class AnnouncementCreateView(NetworkPermissionMixin, IdempotentFormViewMixin, FormView):
    """A facilitator writes to the group. The valid form comes back as a confirmation page
    (templates/confirm.html) that says who gets an email and who does not (they turned
    announcement emails off), with a preview; it carries the message in hidden fields, and its
    confirm button posts them again with ``confirmed``: then the announcement is kept and its
    emails are queued, once per idempotency token. "Change the message" brings the form back
    with the text. A session of another network in the form or the link: 404."""

    permission_required = "networks.manage_network"
    template_name = "sessions/announcement_form.html"
    form_class = AnnouncementForm

    def _session_param(self) -> str:
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        return data.get("session", "")

    def get(self, request, *args, **kwargs):
        self._check_session(self._session_param())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check_session(self._session_param())
        return super().post(request, *args, **kwargs)

    def _check_session(self, value: str) -> None:
        """Only this network's sessions exist here: any other id, as for a page, is a 404."""
        if not value:
            return
        if (
            not value.isdigit()
            or not LearningSession.objects.filter(network=self.network, pk=int(value)).exists()
        ):
            raise Http404

    def get_initial(self):
        initial = super().get_initial()
        audience = self.request.GET.get("audience", "")
        if audience in AnnouncementAudience.values:
            initial["audience"] = audience
        if self.request.GET.get("session"):
            initial["session"] = self.request.GET["session"]
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["sessions"] = selectors.announcement_sessions(network=self.network)
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        arguments = {
            "network": self.network,
            "audience": data["audience"],
            "session": data["session"],
            "acting_user": self.request.user,
        }
        if self.request.POST.get("edit"):
            return self.render_to_response(self.get_context_data(form=form))
        try:
            if self.request.POST.get("confirmed") != "1":
                recipients = services.announcement_recipients(**arguments)
                return self.render_confirmation(form, recipients)
            announcement = services.announcement_send(
                subject=data["subject"], body=data["body"], **arguments
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "Your message is on the network's page and goes out to %(count)d person by email.",
                "Your message is on the network's page and goes out to %(count)d people by email.",
                announcement.emailed_count,
            )
            % {"count": announcement.emailed_count},
        )
        return redirect(announcement.get_absolute_url())

    def _audience_sentence(self, data, count: int) -> str:
        session = data["session"]
        if data["audience"] == AnnouncementAudience.PRESENT:
            return ngettext(
                "It is for the %(count)d member who was present at session %(number)d (%(title)s).",
                "It is for the %(count)d members who were present at session %(number)d "
                "(%(title)s).",
                count,
            ) % {"count": count, "number": session.number, "title": session.title}
        if data["audience"] == AnnouncementAudience.ABSENT:
            return ngettext(
                "It is for the %(count)d member who was absent from session %(number)d "
                "(%(title)s).",
                "It is for the %(count)d members who were absent from session %(number)d "
                "(%(title)s).",
                count,
            ) % {"count": count, "number": session.number, "title": session.title}
        return ngettext(
            "It is for the %(count)d member of the network.",
            "It is for all %(count)d members of the network.",
            count,
        ) % {"count": count}

    def render_confirmation(self, form, recipients):
        data = form.cleaned_data
        emailed = [m.user.full_name for m in recipients if m.announcement_emails]
        not_emailed = [m.user.full_name for m in recipients if not m.announcement_emails]
        carried = [
            (name, value)
            for name, value in self.request.POST.items()
            if name not in ("csrfmiddlewaretoken", "confirmed", "edit")
        ]
        context = {
            "title": _("Send this message?"),
            "consequences": [
                self._audience_sentence(data, len(recipients)),
                _(
                    "It is kept on the network's page, where its members and facilitators read "
                    "it. It cannot be taken back."
                ),
                _(
                    "Each person gets the email in the language they chose, with the network's "
                    "name in the subject; replies go to you (%(email)s)."
                )
                % {"email": self.request.user.email},
            ],
            "recipients": emailed,
            "not_emailed": not_emailed,
            "preview_title": data["subject"],
            "preview": render_markdown(data["body"]),
            "carried": [*carried, ("confirmed", "1")],
            "action_url": self.request.path,
            "cancel_url": self.network.get_absolute_url(),
            "back_label": _("Change the message"),
            "confirm_label": (
                ngettext(
                    "Yes, send it to %(count)d person",
                    "Yes, send it to %(count)d people",
                    len(emailed),
                )
                % {"count": len(emailed)}
                if emailed
                else _("Yes, put it on the network's page")
            ),
            "danger": False,
        }
        return render(self.request, "confirm.html", context)


class AnnouncementListView(NetworkPermissionMixin, TemplateView):
    """Every announcement of the network, newest first, for its members and facilitators."""

    template_name = "sessions/announcement_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.announcements(network=self.network), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        context.update(page=page, announcements=page.object_list)
        return context
