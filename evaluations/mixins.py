from evaluations import rules
from evaluations.selectors import questionnaire_queryset_for_user
from networks.mixins import NetworkScopedMixin


class QuestionnairePermissionMixin(NetworkScopedMixin):
    """The questionnaire in the URL, among the user's networks', with one permission checked."""

    permission_required = "evaluations.answer"
    permission_rules = rules

    def get_scoped_queryset(self, user):
        return questionnaire_queryset_for_user(user=user)

    def set_object(self, obj) -> None:
        self.questionnaire = obj
        self.network = obj.network
        self.network.viewer_role = obj.viewer_role

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            questionnaire=self.questionnaire,
            network=self.network,
            is_facilitator=rules.can_manage(self.request.user, self.questionnaire),
        )
        return context
