"""A session's external speakers, and the page where a speaker confirms their brief
through the signed link in its email."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from core.idempotency import IdempotentFormViewMixin
from pages.sessions.forms import SpeakerForm
from pages.sessions.mixins import SessionPermissionMixin
from pages.sessions.views.base import SessionActionView
from sessions import selectors, services
from sessions.models import Speaker
from sessions.speaker_links import speaker_confirm_path, speaker_confirm_read


class SpeakerCreateView(SessionPermissionMixin, IdempotentFormViewMixin, FormView):
    permission_required = "sessions.manage_session"
    template_name = "sessions/speaker_form.html"
    form_class = SpeakerForm

    def form_valid(self, form):
        data = {field: form.cleaned_data[field] for field in SpeakerForm.Meta.fields}
        services.speaker_add(
            session=self.session,
            data=data,
            send_email=form.cleaned_data["send_email"],
            acting_user=self.request.user,
        )
        messages.success(self.request, _("The speaker has been added."))
        return redirect(self.session)


class SpeakerDeleteView(SessionActionView):
    def act(self):
        speaker = get_object_or_404(
            Speaker.objects.filter(session=self.session), pk=self.kwargs["speaker_id"]
        )
        services.speaker_remove(speaker=speaker, acting_user=self.request.user)
        return _("The speaker has been removed.")


class SpeakerEmailView(SessionActionView):
    def act(self):
        speaker = get_object_or_404(
            Speaker.objects.filter(session=self.session), pk=self.kwargs["speaker_id"]
        )
        services.speaker_email(speaker=speaker, acting_user=self.request.user)
        return _("The details are on their way to %(name)s.") % {"name": speaker.name}


class SpeakerConfirmView(View):
    """The speaker confirms the brief through the signed link in its email, without an account.
    The link names one version of the brief. GET shows the session and a button (it writes
    nothing: mail scanners open links); POST records the confirmation of that version once, a
    second one says it was already confirmed. The link of an older version, once a newer one
    was sent, confirms nothing: its page says a newer version exists and links to that
    version's page (a POST answers 409, nothing written). A forged or changed token, another
    speaker's, or a version never sent is a 404 (sessions/speaker_links.py). The page speaks
    the network's language, as the email did."""

    template_name = "sessions/speaker_confirm.html"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, speaker_id, token, **kwargs):
        link = speaker_confirm_read(token)
        if link is None or link.speaker_id != speaker_id:
            raise Http404
        speaker = selectors.speaker_for_confirmation(speaker_id=speaker_id)
        if speaker is None or link.version > speaker.brief_sent_version:
            raise Http404
        self.speaker, self.version = speaker, link.version
        with translation.override(speaker.session.network.language):
            return super().dispatch(request, *args, speaker_id=speaker_id, token=token, **kwargs)

    def show(self, *, status: int = 200, refused: bool = False):
        speaker = self.speaker
        context = {
            "speaker": speaker,
            "session": speaker.session,
            "network": speaker.session.network,
            "version": self.version,
            "confirmed": speaker.confirmed_version == self.version,
        }
        if self.version < speaker.brief_sent_version:
            context.update(
                newer=selectors.speaker_brief_email(
                    speaker=speaker, version=speaker.brief_sent_version
                ),
                newer_version=speaker.brief_sent_version,
                newer_url=speaker_confirm_path(
                    speaker_id=speaker.pk, version=speaker.brief_sent_version
                ),
                refused=refused,
            )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.show()

    def post(self, request, *args, **kwargs):
        try:
            speaker, outcome = services.speaker_confirm(
                speaker_id=self.speaker.pk, version=self.version
            )
        except Speaker.DoesNotExist as error:  # removed between the two queries
            raise Http404 from error
        if outcome == services.SpeakerConfirmOutcome.SUPERSEDED:
            self.speaker = speaker
            return self.show(status=409, refused=True)
        if outcome == services.SpeakerConfirmOutcome.RECORDED:
            messages.success(request, _("Thank you: the facilitator sees that you confirmed."))
        else:
            messages.info(
                request,
                _("You had already confirmed, on %(date)s. Nothing has changed.")
                % {"date": date_format(localtime(speaker.confirmed_at), "DATE_FORMAT")},
            )
        return redirect(request.path)
