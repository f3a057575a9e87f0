"""The doors of the evaluations pages: the questionnaire or the speaker in the URL, found through
the network permission layer."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from evaluations import rules, selectors
from pages.networks.mixins import NetworkScopedMixin
from pages.sessions.mixins import SessionPermissionMixin


class QuestionnairePermissionMixin(NetworkScopedMixin):
    """The questionnaire in the URL, among the user's networks', with one permission checked."""

    permission_required = "evaluations.answer"
    permission_rules = rules

    def lookup(self, pk):
        return selectors.questionnaire_by_pk(pk=pk)

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
