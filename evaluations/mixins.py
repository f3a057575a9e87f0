from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404

from evaluations import rules
from evaluations.selectors import questionnaire_queryset_for_user


class QuestionnairePermissionMixin:
    """Find the questionnaire among the user's networks' and check one permission (else 404)."""

    permission_required = "evaluations.answer"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.questionnaire = get_object_or_404(
            questionnaire_queryset_for_user(user=request.user), pk=kwargs["pk"]
        )
        self.network = self.questionnaire.network
        self.network.viewer_role = self.questionnaire.viewer_role
        if not rules.has_perm(request.user, self.permission_required, self.questionnaire):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            questionnaire=self.questionnaire,
            network=self.network,
            is_facilitator=rules.can_manage(self.request.user, self.questionnaire),
        )
        return context
