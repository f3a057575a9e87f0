"""HTTP glue for intake, learning goals, votes and evaluations."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from config.errors import ApplicationError
from evaluations import selectors, services
from evaluations.forms import (
    AnswerForm,
    BallotForm,
    ClosesForm,
    DeadlineForm,
    GoalForm,
    IntakeForm,
    QuestionForm,
    VoteForm,
    end_of_day,
)
from evaluations.mixins import QuestionnairePermissionMixin
from evaluations.models import Intake, IntakeResponse, LearningGoal, Question, Vote
from networks import rules as network_rules
from networks.mixins import NetworkPermissionMixin
from sessions.enums import SessionStatus


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
        if request.POST.get("action") == "deadline":
            if not network_rules.is_facilitator(request.user, self.network):
                return redirect("evaluations:intake", pk=self.network.pk)
            form = DeadlineForm(request.POST)
            try:
                if not form.is_valid():
                    raise ApplicationError(_("Choose a valid date."))
                services.intake_open(
                    network=self.network, deadline=end_of_day(form.cleaned_data["deadline"])
                )
                messages.success(request, _("The intake is open for the members."))
            except ApplicationError as error:
                messages.error(request, error.message)
            return redirect("evaluations:intake", pk=self.network.pk)
        if intake is None:
            messages.error(request, _("The intake has not been opened yet."))
            return redirect("evaluations:intake", pk=self.network.pk)
        mine = IntakeResponse.objects.filter(intake=intake, user=request.user).first()
        form = IntakeForm(request.POST, instance=mine)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.intake_submit(intake=intake, user=request.user, data=form.cleaned_data)
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
        intake = Intake.objects.filter(network=self.network).first()
        context.update(
            goals=list(self.network.learning_goals.prefetch_related("sessions")),
            adopted=selectors.adopted_goals(network=self.network),
            votes=selectors.votes_for_network(network=self.network),
            goal_form=GoalForm(),
            personal_goals=selectors.intake_overview(intake=intake)["personal_goals"]
            if intake and context["is_facilitator"]
            else [],
            sessions=list(self.network.sessions.exclude(status=SessionStatus.CANCELLED)),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not network_rules.is_facilitator(request.user, self.network):
            return redirect("evaluations:goals", pk=self.network.pk)
        action = request.POST.get("action")
        try:
            if action == "add_goal":
                form = GoalForm(request.POST)
                if not form.is_valid():
                    raise ApplicationError(_("Give the learning goal a title."))
                services.goal_create(network=self.network, **form.cleaned_data)
                messages.success(request, _("The learning goal has been added."))
            elif action == "adopt":
                ids = [int(pk) for pk in request.POST.getlist("goals") if pk.isdigit()]
                adopted = services.goals_adopt(network=self.network, goal_ids=ids)
                messages.success(
                    request,
                    _("%(count)d learning goals adopted.") % {"count": len(adopted)},
                )
            elif action == "link":
                goal = get_object_or_404(
                    LearningGoal.objects.filter(network=self.network),
                    pk=request.POST.get("goal") or 0,
                )
                ids = [int(pk) for pk in request.POST.getlist("sessions") if pk.isdigit()]
                sessions = list(self.network.sessions.filter(pk__in=ids))
                services.goal_link_sessions(goal=goal, sessions=sessions)
                messages.success(request, _("The sessions have been linked."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("evaluations:goals", pk=self.network.pk)


class VoteCreateView(NetworkPermissionMixin, TemplateView):
    permission_required = "networks.manage_network"
    template_name = "evaluations/vote_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or VoteForm()
        return context

    def post(self, request, *args, **kwargs):
        form = VoteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                vote = services.vote_create(
                    network=self.network,
                    kind=data["kind"],
                    title=data["title"],
                    points=data["points"],
                    closes_at=end_of_day(data["closes"]),
                    options=data["options"].splitlines(),
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The vote is open."))
                return redirect(vote)
        return self.render_to_response(self.get_context_data(form=form))


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
        if request.POST.get("action") == "close":
            if network_rules.is_facilitator(request.user, self.network):
                try:
                    services.vote_close(vote=vote)
                    messages.success(request, _("The vote is closed; the results are visible."))
                except ApplicationError as error:
                    messages.error(request, error.message)
            return redirect(vote)
        form = BallotForm(request.POST, vote=vote, initial_points={})
        if form.is_valid():
            try:
                services.vote_cast(vote=vote, user=request.user, allocation=form.allocation())
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

    def post(self, request, *args, **kwargs):
        if not network_rules.is_facilitator(request.user, self.network):
            return redirect("evaluations:list", pk=self.network.pk)
        form = ClosesForm(request.POST)
        try:
            if not form.is_valid():
                raise ApplicationError(_("Choose a valid date."))
            questionnaire = services.final_evaluation_open(
                network=self.network, closes_at=end_of_day(form.cleaned_data["closes"])
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("evaluations:list", pk=self.network.pk)
        messages.success(request, _("The final evaluation is open; members get an email."))
        return redirect("evaluations:results", pk=questionnaire.pk)


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
                questionnaire=self.questionnaire, user=request.user, answers=form.answers()
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
    permission_required = "evaluations.manage"
    template_name = "evaluations/questions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        editing = (
            self._question(self.request.GET.get("edit")) if "edit" in self.request.GET else None
        )
        initial = None
        if editing is not None:
            initial = {
                "type": editing.type,
                "text": editing.text,
                "choices": "\n".join(editing.choices),
                "low_label": editing.low_label,
                "high_label": editing.high_label,
                "required": editing.required,
            }
        context.update(
            questions=list(self.questionnaire.questions.all()),
            form=kwargs.get("form") or QuestionForm(initial=initial),
            editing=kwargs.get("editing", editing),
            locked=self.questionnaire.participations.exists(),
        )
        return context

    def _question(self, pk) -> Question:
        return get_object_or_404(
            Question.objects.filter(questionnaire=self.questionnaire), pk=pk or 0
        )

    def post(self, request, *args, **kwargs):
        try:
            if request.POST.get("action") == "delete":
                question = self._question(request.POST.get("question"))
                services.question_delete(question=question)
                messages.success(request, _("The question has been removed."))
                return redirect("evaluations:questions", pk=self.questionnaire.pk)
            editing = None
            if request.POST.get("action") == "edit":
                editing = self._question(request.POST.get("question"))
            form = QuestionForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form, editing=editing))
            if editing is not None:
                services.question_update(question=editing, data=form.question_data())
                messages.success(request, _("The question has been saved."))
            else:
                services.question_add(questionnaire=self.questionnaire, data=form.question_data())
                messages.success(request, _("The question has been added."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("evaluations:questions", pk=self.questionnaire.pk)


class ShareView(QuestionnairePermissionMixin, View):
    permission_required = "evaluations.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        shared = request.POST.get("shared") == "1"
        services.results_share(questionnaire=self.questionnaire, shared=shared)
        messages.success(
            request,
            _("Members can now see the results.") if shared else _("The results are hidden."),
        )
        return redirect("evaluations:results", pk=self.questionnaire.pk)


class ResultsCsvView(QuestionnairePermissionMixin, View):
    """Every answer, one row per response. Anonymous: no names, rows in random order."""

    permission_required = "evaluations.manage"

    def get(self, request, *args, **kwargs):
        questionnaire = self.questionnaire
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="evaluatie-{questionnaire.pk}.csv"'
        writer = csv.writer(response)
        header, rows = selectors.results_rows(questionnaire=questionnaire)
        if not header:
            writer.writerow([_("Too few answers to keep them anonymous.")])
            return response
        writer.writerow(header if questionnaire.anonymous else [_("Name"), *header])
        writer.writerows(rows)
        return response
