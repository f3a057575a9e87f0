"""The practice question board of a network."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.errors import ApplicationError
from core.idempotency import IdempotentFormViewMixin
from pages.core.actions import ServiceActionView
from pages.networks.mixins import NetworkPermissionMixin
from pages.sessions.forms import PracticeQuestionForm, ScheduleQuestionForm
from sessions import selectors, services
from sessions.enums import SessionStatus
from sessions.models import PracticeQuestion


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
