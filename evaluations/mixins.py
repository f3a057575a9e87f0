from evaluations import rules
from evaluations.selectors import questionnaire_by_pk
from networks.mixins import NetworkScopedMixin


class QuestionnairePermissionMixin(NetworkScopedMixin):
    """The questionnaire in the URL, among the user's networks', with one permission checked."""

    permission_required = "evaluations.answer"
    permission_rules = rules

    def lookup(self, pk):
        return questionnaire_by_pk(pk=pk)

    def set_object(self, obj) -> None:
        self.questionnaire = obj
        self.network = obj.network

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            questionnaire=self.questionnaire,
            network=self.network,
            is_facilitator=rules.can_manage(self.request.user, self.questionnaire),
        )
        return context
