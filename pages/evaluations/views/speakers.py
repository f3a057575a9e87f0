"""HTTP glue for a speaker's brief and the members' feedback to the speaker."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.errors import ApplicationError
from evaluations import selectors, services
from pages.core.actions import ConfirmActionView
from pages.evaluations.forms import SpeakerBriefForm
from pages.evaluations.mixins import SpeakerPermissionMixin
from sessions import services as session_services


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
