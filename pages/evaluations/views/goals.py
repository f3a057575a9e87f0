"""HTTP glue for the intake, learning goals and votes of a network."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from core.datetimes import end_of_day
from core.errors import ApplicationError
from core.idempotency import run_once
from evaluations import goal_selectors, selectors, services
from evaluations.enums import VoteKind
from evaluations.mailing import intake_uninvited_names
from evaluations.models import Intake, IntakeResponse, LearningGoal, Vote
from networks import rules as network_rules
from networks.selectors import active_member_names
from pages.core.actions import ask_before_posting, is_confirmed
from pages.evaluations.forms import (
    BallotForm,
    DeadlineForm,
    GoalForm,
    GoalsAdoptForm,
    GoalSessionsForm,
    IntakeForm,
    VoteForm,
)
from pages.evaluations.views.base import AskFirstActionView, NetworkActionView, first_error
from pages.networks.mixins import NetworkPermissionMixin
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
            # What the members will be asked, for the facilitator before opening (issue 24).
            preview=[
                field.label
                for field in IntakeForm()
                if not isinstance(field.field, forms.BooleanField)  # choices, not questions
            ],
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
        votes = goal_selectors.votes_with_turnout(network=self.network)
        points_vote, points = goal_selectors.latest_goal_points(votes=votes)
        context.update(
            goals=goals,
            adopt_form=GoalsAdoptForm(
                network=self.network, drafts=drafts, points=points if points_vote else None
            )
            if drafts
            else None,
            points_vote=points_vote,
            adopted=adopted,
            votes=votes,
            members_count=self.network.member_count,
            goal_form=GoalForm(),
            suggestions=goal_selectors.personal_goal_suggestions(network=self.network, goals=goals)
            if context["is_facilitator"]
            else [],
        )
        return context


class GoalsFromIntakeView(NetworkActionView):
    """The ticked personal goals of the intake become draft goals, in the members' words."""

    def act(self) -> str:
        made, skipped = services.goals_from_intake(
            network=self.network,
            texts=self.request.POST.getlist("texts"),
            acting_user=self.request.user,
        )
        message = ngettext(
            "%(count)d draft goal added in the members' words.",
            "%(count)d draft goals added in the members' words.",
            made,
        ) % {"count": made}
        if skipped:
            message += " " + ngettext(
                "%(count)d was a goal already.", "%(count)d were goals already.", skipped
            ) % {"count": skipped}
        return message


class IntakeDeadlineView(AskFirstActionView):
    """Open the intake or move its deadline, after the confirmation page: who gets the
    invitation (the members not invited yet) and until when."""

    success_url_name = "evaluations:intake"
    form_class = DeadlineForm

    def ask(self, form):
        day = date_format(form.cleaned_data["deadline"], "DATE_FORMAT")
        opened = Intake.objects.filter(network=self.network).exists()
        consequences = [
            _(
                "Members answer the intake until the end of %(date)s and can change their "
                "answers until then."
            )
            % {"date": day},
            _(
                "The members not invited yet get an email with the link; the others are not "
                "emailed again."
            ),
        ]
        return (
            _("Move the intake's deadline?")
            if opened
            else _("Open the intake and email the members?"),
            consequences,
            intake_uninvited_names(network=self.network),
            _("Yes, move the deadline") if opened else _("Yes, open the intake"),
        )

    def act(self) -> str:
        form = DeadlineForm(self.request.POST)
        if not form.is_valid():
            raise ApplicationError(first_error(form))
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
            messages.error(request, first_error(form))
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
            raise ApplicationError(first_error(form))
        adopted = services.goals_adopt(
            network=self.network,
            goal_ids=[goal.pk for goal in form.cleaned_data["goals"]],
            acting_user=self.request.user,
        )
        return ngettext(
            "%(count)d learning goal adopted.", "%(count)d learning goals adopted.", len(adopted)
        ) % {"count": len(adopted)}


class GoalLinkView(NetworkActionView):
    form_class = GoalSessionsForm

    def act(self) -> str:
        goal = get_object_or_404(
            LearningGoal.objects.filter(network=self.network), pk=self.kwargs["goal_id"]
        )
        form = self.get_form()
        if not form.is_valid():
            raise ApplicationError(first_error(form))
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


class VoteCreateView(NetworkPermissionMixin, TemplateView):
    permission_required = "networks.manage_network"
    template_name = "evaluations/vote_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or VoteForm()
        return context

    def post(self, request, *args, **kwargs):
        form = VoteForm(request.POST)
        if not form.is_valid() or request.POST.get("edit"):
            return self.render_to_response(self.get_context_data(form=form))
        if not is_confirmed(request):
            return self._ask(form)
        return run_once(
            request=request, token=form.idempotency_token, create=lambda: self._create(form)
        )

    def _ask(self, form):
        """Opening a vote emails every member: the confirmation page says so first."""
        data = form.cleaned_data
        return ask_before_posting(
            self.request,
            title=_("Open the vote and email the members?"),
            consequences=[
                _(
                    "“%(title)s” is open until the end of %(date)s; each member divides "
                    "%(points)d points."
                )
                % {
                    "title": data["title"],
                    "date": date_format(data["closes"], "DATE_FORMAT"),
                    "points": data["points"],
                },
                _(
                    "Every member gets an email with the link; the results show once the vote "
                    "closes."
                ),
            ],
            recipients=active_member_names(network_id=self.network.pk),
            cancel_url=reverse("evaluations:goals", kwargs={"pk": self.network.pk}),
            confirm_label=_("Yes, open the vote"),
            back_label=_("Change the vote"),
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
            Vote.objects.filter(network=self.network).prefetch_related("options__goal"),
            pk=self.kwargs["vote_id"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vote = self.get_vote()
        mine = selectors.my_allocation(vote=vote, user=self.request.user)
        results = services.vote_results(vote=vote)
        context.update(
            vote=vote,
            form=kwargs.get("form") or BallotForm(vote=vote, initial_points=mine),
            results=results,
            turnout=goal_selectors.vote_turnout(vote=vote),
            members_count=self.network.member_count,
            can_vote=network_rules.can_leave(self.request.user, self.network),
            # A closed vote on goals: the facilitator adopts from its results, points in view.
            adoptable=[row for row in results if row["option"].goal_id]
            if results and vote.kind == VoteKind.GOALS and context["is_facilitator"]
            else [],
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
                if Vote.objects.get(pk=vote.pk).is_closed:
                    # Closed while the member was choosing: the page shows the results now,
                    # without the form, so the message goes above them.
                    messages.error(request, error.message)
                    return redirect(vote)
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your points have been saved."))
                return redirect(vote)
        elif vote.is_closed:
            messages.error(
                request,
                _("This vote closed before your points were saved. The results are below."),
            )
            return redirect(vote)
        return self.render_to_response(self.get_context_data(form=form))
