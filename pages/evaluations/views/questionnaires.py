"""HTTP glue for evaluations: answering, the questions, the results and their CSV."""

import csv

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.audit import audit_record
from core.datetimes import end_of_day
from core.downloads import attachment_response, download_name
from core.errors import ApplicationError
from core.idempotency import run_once
from evaluations import holding, selectors, services
from evaluations.audit import AuditAction
from evaluations.models import Question
from networks.selectors import active_member_names
from pages.core.actions import ConfirmActionView, ServiceActionView
from pages.evaluations.forms import AnswerForm, ClosesForm, QuestionAddForm, QuestionForm
from pages.evaluations.mixins import QuestionnairePermissionMixin
from pages.evaluations.views.base import AskFirstActionView, first_error
from pages.networks.mixins import NetworkPermissionMixin

# Translators: file names: lowercase, hyphens, no spaces or accents.
EVALUATION_CSV_NAME = gettext_lazy("evaluation-%(network)s-session-%(number)s.csv")
FINAL_EVALUATION_CSV_NAME = gettext_lazy("final-evaluation-%(network)s.csv")


class FinalEvaluationOpenView(AskFirstActionView):
    """Open the final evaluation, after the confirmation page: every member gets an email."""

    success_url_name = "evaluations:list"
    form_class = ClosesForm

    def ask(self, form):
        day = date_format(form.cleaned_data["closes"], "DATE_FORMAT")
        return (
            _("Open the final evaluation and email the members?"),
            [
                _(
                    "The evaluation of the whole trajectory opens until the end of %(date)s, "
                    "with a question per adopted learning goal."
                )
                % {"date": day},
                _("Every member gets an email with the link, and a reminder before it closes."),
                _("This cannot be undone: a network has one final evaluation."),
            ],
            active_member_names(network_id=self.network.pk),
            _("Yes, open it and email the members"),
        )

    def act(self) -> str:
        form = ClosesForm(self.request.POST)
        if not form.is_valid():
            raise ApplicationError(first_error(form))
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
        progress = holding.answer_progress(questionnaire=self.questionnaire)
        context["progress"] = progress
        context["results"] = selectors.results(
            questionnaire=self.questionnaire, count=progress["released"]
        )
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
