"""HTTP glue for intake, learning goals, votes and evaluations."""

import csv

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.audit import audit_record
from core.datetimes import end_of_day
from core.downloads import attachment_response, download_name
from core.errors import ApplicationError
from core.idempotency import run_once
from core.views import ConfirmActionView, ServiceActionView
from evaluations import selectors, services
from evaluations.audit import AuditAction
from evaluations.forms import (
    AnswerForm,
    BallotForm,
    ClosesForm,
    DeadlineForm,
    GoalForm,
    GoalsAdoptForm,
    GoalSessionsForm,
    IntakeForm,
    QuestionAddForm,
    QuestionForm,
    SpeakerBriefForm,
    VoteForm,
)
from evaluations.mixins import QuestionnairePermissionMixin
from evaluations.models import Intake, IntakeResponse, LearningGoal, Question, Vote
from networks import rules as network_rules
from networks.mixins import NetworkPermissionMixin
from pages.sessions.mixins import SessionPermissionMixin
from sessions import services as session_services
from sessions.enums import SessionStatus

# Translators: file names: lowercase, hyphens, no spaces or accents.
EVALUATION_CSV_NAME = gettext_lazy("evaluation-%(network)s-session-%(number)s.csv")
FINAL_EVALUATION_CSV_NAME = gettext_lazy("final-evaluation-%(network)s.csv")


class IntakeView(NetworkPermissionMixin, TemplateView):
    """Members fill in the intake until the deadline; the facilitator sees every answer."""

    permission_required = "networks.view_network"
    template_name = "evaluations/intake.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        intake = Intake.objects.filter(network=self.network).first()
        mine = (
            IntakeResponse.objects.filter(intake=intake, user=self.request.user).first()
            if intake
            else None
        )
        context.update(
            intake=intake,
            form=kwargs.get("form") or IntakeForm(instance=mine),
            deadline_form=DeadlineForm(),
            overview=selectors.intake_overview(intake=intake)
            if intake and context["is_facilitator"]
            else None,
            is_member_seat=network_rules.can_leave(self.request.user, self.network),
        )
        return context

    def post(self, request, *args, **kwargs):
        intake = Intake.objects.filter(network=self.network).first()
        if intake is None:
            messages.error(request, _("The intake has not been opened yet."))
            return redirect("evaluations:intake", pk=self.network.pk)
        mine = IntakeResponse.objects.filter(intake=intake, user=request.user).first()
        form = IntakeForm(request.POST, instance=mine)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.intake_submit(intake=intake, data=form.cleaned_data, acting_user=request.user)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Thank you, your intake has been saved."))
        return redirect("evaluations:intake", pk=self.network.pk)


class GoalsView(NetworkPermissionMixin, TemplateView):
    permission_required = "networks.view_network"
    template_name = "evaluations/goals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goals = list(self.network.learning_goals.prefetch_related("sessions"))
        adopted = [goal for goal in goals if goal.is_adopted]  # the same rows: no second read
        drafts = [goal for goal in goals if not goal.is_adopted]
        if context["is_facilitator"]:
            GoalSessionsForm.for_goals(
                adopted,
                network=self.network,
                sessions=self.network.sessions.exclude(status=SessionStatus.CANCELLED),
            )
        context.update(
            goals=goals,
            adopt_form=GoalsAdoptForm(network=self.network, drafts=drafts) if drafts else None,
            adopted=adopted,
            votes=selectors.votes_for_network(network=self.network),
            goal_form=GoalForm(),
            personal_goals=selectors.intake_personal_goals(network=self.network)
            if context["is_facilitator"]
            else [],
        )
        return context


class NetworkActionView(NetworkPermissionMixin, ServiceActionView):
    """A facilitator's POST on a network's intake, goals, votes or evaluations."""

    permission_required = "networks.manage_network"
    form_class: type[forms.Form] | None = None
    success_url_name = "evaluations:goals"

    def get_form(self):
        return self.form_class(self.request.POST, network=self.network)

    def get_success_url(self) -> str:
        return reverse(self.success_url_name, kwargs={"pk": self.network.pk})


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


class IntakeDeadlineView(NetworkActionView):
    success_url_name = "evaluations:intake"

    def act(self) -> str:
        form = DeadlineForm(self.request.POST)
        if not form.is_valid():
            raise ApplicationError(_first_error(form))
        services.intake_open(
            network=self.network,
            deadline=end_of_day(form.cleaned_data["deadline"]),
            acting_user=self.request.user,
        )
        return _("The intake is open for the members.")


class GoalAddView(NetworkActionView):
    def post(self, request, *args, **kwargs):
        form = GoalForm(request.POST)
        if not form.is_valid():
            messages.error(request, _first_error(form))
            return HttpResponseRedirect(self.get_success_url())
        return run_once(
            request=request,
            token=form.idempotency_token,
            create=lambda: self._create(form),
        )

    def _create(self, form):
        try:
            services.goal_create(
                network=self.network, acting_user=self.request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, _("The learning goal has been added."))
        return HttpResponseRedirect(self.get_success_url())


class GoalsAdoptView(NetworkActionView):
    form_class = GoalsAdoptForm

    def act(self) -> str:
        form = self.get_form()
        if not form.is_valid():
            raise ApplicationError(_first_error(form))
        adopted = services.goals_adopt(
            network=self.network,
            goal_ids=[goal.pk for goal in form.cleaned_data["goals"]],
            acting_user=self.request.user,
        )
        return _("%(count)d learning goals adopted.") % {"count": len(adopted)}


class GoalLinkView(NetworkActionView):
    form_class = GoalSessionsForm

    def act(self) -> str:
        goal = get_object_or_404(
            LearningGoal.objects.filter(network=self.network), pk=self.kwargs["goal_id"]
        )
        form = self.get_form()
        if not form.is_valid():
            raise ApplicationError(_first_error(form))
        services.goal_link_sessions(
            goal=goal, sessions=list(form.cleaned_data["sessions"]), acting_user=self.request.user
        )
        return _("The sessions have been linked.")


class VoteCloseView(NetworkActionView):
    def act(self) -> str:
        services.vote_close(vote=self._vote(), acting_user=self.request.user)
        return _("The vote is closed; the results are visible.")

    def _vote(self) -> Vote:
        return get_object_or_404(
            Vote.objects.filter(network=self.network), pk=self.kwargs["vote_id"]
        )

    def get_success_url(self) -> str:
        return self._vote().get_absolute_url()


class FinalEvaluationOpenView(NetworkActionView):
    success_url_name = "evaluations:list"

    def act(self) -> str:
        form = ClosesForm(self.request.POST)
        if not form.is_valid():
            raise ApplicationError(_first_error(form))
        self.questionnaire = services.final_evaluation_open(
            network=self.network,
            closes_at=end_of_day(form.cleaned_data["closes"]),
            acting_user=self.request.user,
        )
        return _("The final evaluation is open; members get an email.")

    def get_success_url(self) -> str:
        questionnaire = getattr(self, "questionnaire", None)
        if questionnaire is not None:
            return reverse("evaluations:results", kwargs={"pk": questionnaire.pk})
        return super().get_success_url()


class VoteCreateView(NetworkPermissionMixin, TemplateView):
    permission_required = "networks.manage_network"
    template_name = "evaluations/vote_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or VoteForm()
        return context

    def post(self, request, *args, **kwargs):
        form = VoteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return run_once(
            request=request, token=form.idempotency_token, create=lambda: self._create(form)
        )

    def _create(self, form):
        data = form.cleaned_data
        try:
            vote = services.vote_create(
                network=self.network,
                kind=data["kind"],
                title=data["title"],
                points=data["points"],
                closes_at=end_of_day(data["closes"]),
                options=data["options"].splitlines(),
                acting_user=self.request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, _("The vote is open."))
        return redirect(vote)


class VoteView(NetworkPermissionMixin, TemplateView):
    permission_required = "networks.view_network"
    template_name = "evaluations/vote.html"

    def get_vote(self) -> Vote:
        return get_object_or_404(
            Vote.objects.filter(network=self.network).prefetch_related("options"),
            pk=self.kwargs["vote_id"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vote = self.get_vote()
        mine = selectors.my_allocation(vote=vote, user=self.request.user)
        context.update(
            vote=vote,
            form=kwargs.get("form") or BallotForm(vote=vote, initial_points=mine),
            results=services.vote_results(vote=vote),
            can_vote=network_rules.can_leave(self.request.user, self.network),
        )
        return context

    def post(self, request, *args, **kwargs):
        vote = self.get_vote()
        form = BallotForm(request.POST, vote=vote, initial_points={})
        if form.is_valid():
            try:
                services.vote_cast(
                    vote=vote, allocation=form.allocation(), acting_user=request.user
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your points have been saved."))
                return redirect(vote)
        return self.render_to_response(self.get_context_data(form=form))


class EvaluationsView(NetworkPermissionMixin, TemplateView):
    permission_required = "networks.view_network"
    template_name = "evaluations/evaluations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            questionnaires=selectors.questionnaires_for_network(
                network=self.network, user=self.request.user
            ),
            trend=selectors.overall_trend(network=self.network),
            closes_form=ClosesForm(),
        )
        return context


class AnswerView(QuestionnairePermissionMixin, TemplateView):
    template_name = "evaluations/answer.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questions = list(self.questionnaire.questions.all())
        context.update(
            form=kwargs.get("form") or AnswerForm(questions=questions),
            answered=self.questionnaire.participations.filter(user=self.request.user).exists(),
            eligible=self.request.user.pk
            in services.eligible_user_ids(questionnaire=self.questionnaire),
        )
        return context

    def post(self, request, *args, **kwargs):
        questions = list(self.questionnaire.questions.all())
        form = AnswerForm(request.POST, questions=questions)
        form.is_valid()
        try:
            services.response_submit(
                questionnaire=self.questionnaire, answers=form.answers(), acting_user=request.user
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Thank you for your answers."))
        return redirect("evaluations:list", pk=self.network.pk)


class ResultsView(QuestionnairePermissionMixin, TemplateView):
    permission_required = "evaluations.see_results"
    template_name = "evaluations/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["results"] = selectors.results(questionnaire=self.questionnaire)
        return context


class QuestionsView(QuestionnairePermissionMixin, TemplateView):
    """The questions of a questionnaire, with the form to add one (or edit one: ``editing``)."""

    permission_required = "evaluations.manage"
    template_name = "evaluations/questions.html"
    editing: Question | None = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        editing = self.editing
        initial = None
        if editing is not None:
            initial = {
                "type": editing.type,
                "text": editing.text,
                "choices": "\n".join(editing.choices),
                "low_label": editing.low_label,
                "high_label": editing.high_label,
                "required": editing.required,
                "about_speaker": editing.about_speaker,
            }
        context.update(
            questions=list(self.questionnaire.questions.all()),
            form=kwargs.get("form")
            or (
                QuestionForm(initial=initial, for_session=self._for_session())
                if editing
                else QuestionAddForm(for_session=self._for_session())
            ),
            editing=editing,
            locked=self.questionnaire.questions_locked,
        )
        return context

    def _for_session(self) -> bool:
        return self.questionnaire.session_id is not None

    def _question(self) -> Question:
        return get_object_or_404(
            Question.objects.filter(questionnaire=self.questionnaire), pk=self.kwargs["question_id"]
        )

    def _back(self):
        return redirect("evaluations:questions", pk=self.questionnaire.pk)


class QuestionAddView(QuestionsView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = QuestionAddForm(request.POST, for_session=self._for_session())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return run_once(
            request=request, token=form.idempotency_token, create=lambda: self._add(form)
        )

    def _add(self, form):
        try:
            services.question_add(
                questionnaire=self.questionnaire,
                data=form.question_data(),
                acting_user=self.request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, _("The question has been added."))
        return self._back()


class QuestionEditView(QuestionsView):
    def get(self, request, *args, **kwargs):
        self.editing = self._question()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.editing = self._question()
        form = QuestionForm(request.POST, for_session=self._for_session())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.question_update(
                question=self.editing, data=form.question_data(), acting_user=request.user
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The question has been saved."))
        return self._back()


class QuestionDeleteView(QuestionnairePermissionMixin, ConfirmActionView):
    """Remove a question, after confirmation; a second confirm finds it gone and says so."""

    permission_required = "evaluations.manage"
    title = gettext_lazy("Remove this question?")
    confirm_label = gettext_lazy("Yes, remove the question")
    already_done_message = gettext_lazy("This question has already been removed.")

    def get_target(self):
        return Question.objects.filter(
            questionnaire=self.questionnaire, pk=self.kwargs["question_id"]
        ).first()

    def consequences(self):
        if self.questionnaire.questions_locked:
            raise ApplicationError(_("Questions are locked once the first answer has arrived."))
        return [
            _("“%(question)s” is removed from “%(questionnaire)s”.")
            % {"question": self.target.text, "questionnaire": self.questionnaire.title},
            _("Questions can be changed until the first answer arrives."),
        ]

    def act(self) -> str:
        services.question_delete(question=self.target, acting_user=self.request.user)
        return _("The question has been removed.")

    def get_success_url(self) -> str:
        return reverse("evaluations:questions", kwargs={"pk": self.questionnaire.pk})


class ResultsShareView(QuestionnairePermissionMixin, ServiceActionView):
    """Show the results to the members."""

    permission_required = "evaluations.manage"
    shared = True

    def act(self) -> str:
        services.results_share(
            questionnaire=self.questionnaire, shared=self.shared, acting_user=self.request.user
        )
        return _("Members can now see the results.")

    def get_success_url(self) -> str:
        return reverse("evaluations:results", kwargs={"pk": self.questionnaire.pk})


class ResultsHideView(ResultsShareView):
    """Hide the results from the members again."""

    shared = False

    def act(self) -> str:
        super().act()
        return _("The results are hidden.")


class ResultsCsvView(QuestionnairePermissionMixin, View):
    """Every answer, one row per response. Anonymous: no names, rows in random order."""

    permission_required = "evaluations.manage"

    def get(self, request, *args, **kwargs):
        questionnaire = self.questionnaire
        session = questionnaire.session
        response = attachment_response(
            b"",
            content_type="text/csv; charset=utf-8",
            filename=download_name(
                EVALUATION_CSV_NAME if session else FINAL_EVALUATION_CSV_NAME,
                network=self.network,
                number=session.number if session else "",
            ),
        )
        writer = csv.writer(response)
        header, rows = selectors.results_rows(questionnaire=questionnaire)
        audit_record(
            actor=request.user,
            action=AuditAction.RESULTS_EXPORTED,
            network=self.network,
            detail=f"questionnaire {questionnaire.pk}",
        )
        with translation.override(self.network.language):  # the network's file, its language
            if not header:
                writer.writerow([_("Too few answers to keep them anonymous.")])
                return response
            writer.writerow(header if questionnaire.anonymous else [_("Name"), *header])
            writer.writerows(rows)
        return response


# The speaker's brief and feedback ---------------------------------------------------------------


class SpeakerPermissionMixin(SessionPermissionMixin):
    """A speaker of the session in the URL, for its facilitators only (everyone else: 404)."""

    permission_required = "sessions.manage_session"

    def set_object(self, obj) -> None:
        super().set_object(obj)
        # Looked up in the session only, so another session's speaker is a 404 like any other.
        self.speaker = get_object_or_404(
            selectors.speakers_of_session(session=obj), pk=self.kwargs["speaker_id"]
        )

    def get_success_url(self) -> str:
        return reverse(
            "evaluations:speaker_brief",
            kwargs={"pk": self.session.pk, "speaker_id": self.speaker.pk},
        )


class SpeakerBriefView(SpeakerPermissionMixin, TemplateView):
    """The brief for a speaker: a draft from what the group said, which the facilitator edits
    and saves (``SpeakerBriefSaveView``, saving sends nothing), then sends on a confirmation
    page of its own. After the session: the feedback from the members that may go to the
    speaker."""

    template_name = "evaluations/speaker_brief.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        speaker = self.speaker
        draft = selectors.speaker_brief_draft(speaker=speaker)
        context.update(
            speaker=speaker,
            form=kwargs.get("form") or SpeakerBriefForm(initial={"brief": speaker.brief or draft}),
            is_saved=bool(speaker.brief),
            draft_differs=bool(speaker.brief) and speaker.brief != draft,
            brief_emails=selectors.speaker_emails(speaker=speaker),
            version_sent=session_services.speaker_brief_version_sent(speaker=speaker),
            feedback_sent=selectors.speaker_feedback_row(speaker=speaker),
            threshold=self.network.anonymity_threshold,
        )
        if self.session.is_held:
            feedback = selectors.speaker_feedback(speaker=speaker)
            context["feedback"] = feedback
            if feedback["ready"]:
                context["feedback_text"] = selectors.speaker_feedback_text(
                    speaker=speaker, feedback=feedback
                )
        return context


class SpeakerBriefSaveView(SpeakerBriefView):
    """Save the brief as the facilitator wrote it (saving sends nothing); form errors and a
    refused save show the brief's page again with the message next to the text."""

    http_method_names = ["post"]
    success_message = gettext_lazy("The brief has been saved. Nothing has been sent.")

    def brief_text(self, form) -> str:
        return form.cleaned_data["brief"]

    def post(self, request, *args, **kwargs):
        form = SpeakerBriefForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            session_services.speaker_brief_save(
                speaker=self.speaker, text=self.brief_text(form), acting_user=request.user
            )
        except ApplicationError as error:
            form.add_error("brief", error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class SpeakerBriefRedraftView(SpeakerBriefSaveView):
    """Replace the saved brief with a fresh draft from what the group says now (sends nothing)."""

    success_message = gettext_lazy("A fresh draft replaced the brief. Nothing has been sent.")

    def brief_text(self, form) -> str:
        return selectors.speaker_brief_draft(speaker=self.speaker)


class SpeakerBriefSendView(SpeakerPermissionMixin, ConfirmActionView):
    """Send the saved brief to the speaker, after confirmation (the only way it is sent)."""

    title = gettext_lazy("Send the brief to the speaker?")
    confirm_label = gettext_lazy("Yes, send the brief")
    danger = False
    already_done_message = gettext_lazy(
        "This brief has already been sent. Change it to send a new version."
    )

    def get_target(self):
        if session_services.speaker_brief_version_sent(speaker=self.speaker):
            return None
        return self.speaker

    def consequences(self) -> list[str]:
        speaker = self.speaker
        if not speaker.email:
            raise ApplicationError(
                _("This speaker has no email address. Add it before you send the brief.")
            )
        if not speaker.brief.strip():
            raise ApplicationError(_("Save the brief before you send it."))
        return [
            _(
                "The brief as you saved it goes to %(name)s (%(email)s), in %(language)s, with "
                "a link to confirm that they received it."
            )
            % {
                "name": speaker.name,
                "email": speaker.email,
                "language": self.network.get_language_display(),
            },
            _("A reply reaches the facilitators."),
            _("You can change the brief later and send it again."),
        ]

    def recipients(self) -> list[str]:
        return [self.speaker.name]

    def act(self) -> str:
        session_services.speaker_brief_send(speaker=self.speaker, acting_user=self.request.user)
        return _("The brief is on its way to %(name)s.") % {"name": self.speaker.name}


class SpeakerFeedbackSendView(SpeakerPermissionMixin, ConfirmActionView):
    """Send the members' aggregated answers about the speaker, after confirmation; refused
    below the threshold (selectors.speaker_feedback)."""

    title = gettext_lazy("Send the members' feedback to the speaker?")
    confirm_label = gettext_lazy("Yes, send the feedback")
    danger = False
    already_done_message = gettext_lazy("The feedback has already been sent to this speaker.")

    def get_target(self):
        return None if selectors.speaker_feedback_row(speaker=self.speaker) else self.speaker

    def consequences(self) -> list[str]:
        speaker = self.speaker
        if not speaker.email:
            raise ApplicationError(
                _("This speaker has no email address. Add it before you send the feedback.")
            )
        feedback = selectors.speaker_feedback(speaker=speaker)
        if not feedback["ready"]:
            raise ApplicationError(feedback["reason"])
        return [
            _(
                "%(name)s (%(email)s) receives the totals shown on the brief's page, without "
                "any name, in %(language)s."
            )
            % {
                "name": speaker.name,
                "email": speaker.email,
                "language": self.network.get_language_display(),
            },
            _("The feedback is sent once."),
        ]

    def recipients(self) -> list[str]:
        return [self.speaker.name]

    def act(self) -> str:
        services.speaker_feedback_send(speaker=self.speaker, acting_user=self.request.user)
        return _("The feedback is on its way to %(name)s.") % {"name": self.speaker.name}
