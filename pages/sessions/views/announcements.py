"""Announcements: a facilitator's word to the group, and the network's list of them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from core.errors import ApplicationError
from core.idempotency import IdempotentFormViewMixin
from core.markdown import render_markdown
from pages.networks.mixins import NetworkPermissionMixin
from pages.sessions.forms import AnnouncementForm
from sessions import selectors, services
from sessions.enums import AnnouncementAudience
from sessions.models import LearningSession


class AnnouncementCreateView(NetworkPermissionMixin, IdempotentFormViewMixin, FormView):
    """A facilitator writes to the group. The valid form comes back as a confirmation page
    (templates/confirm.html) that says who gets an email and who does not (they turned
    announcement emails off), with a preview; it carries the message in hidden fields, and its
    confirm button posts them again with ``confirmed``: then the announcement is kept and its
    emails are queued, once per idempotency token. "Change the message" brings the form back
    with the text. A session of another network in the form or the link: 404."""

    permission_required = "networks.manage_network"
    template_name = "sessions/announcement_form.html"
    form_class = AnnouncementForm

    def _session_param(self) -> str:
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        return data.get("session", "")

    def get(self, request, *args, **kwargs):
        self._check_session(self._session_param())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check_session(self._session_param())
        return super().post(request, *args, **kwargs)

    def _check_session(self, value: str) -> None:
        """Only this network's sessions exist here: any other id, as for a page, is a 404."""
        if not value:
            return
        if (
            not value.isdigit()
            or not LearningSession.objects.filter(network=self.network, pk=int(value)).exists()
        ):
            raise Http404

    def get_initial(self):
        initial = super().get_initial()
        audience = self.request.GET.get("audience", "")
        if audience in AnnouncementAudience.values:
            initial["audience"] = audience
        if self.request.GET.get("session"):
            initial["session"] = self.request.GET["session"]
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["sessions"] = selectors.announcement_sessions(network=self.network)
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        arguments = {
            "network": self.network,
            "audience": data["audience"],
            "session": data["session"],
            "acting_user": self.request.user,
        }
        if self.request.POST.get("edit"):
            return self.render_to_response(self.get_context_data(form=form))
        try:
            if self.request.POST.get("confirmed") != "1":
                recipients = services.announcement_recipients(**arguments)
                return self.render_confirmation(form, recipients)
            announcement = services.announcement_send(
                subject=data["subject"], body=data["body"], **arguments
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "Your message is on the network's page and goes out to %(count)d person by email.",
                "Your message is on the network's page and goes out to %(count)d people by email.",
                announcement.emailed_count,
            )
            % {"count": announcement.emailed_count},
        )
        return redirect(announcement.get_absolute_url())

    def _audience_sentence(self, data, count: int) -> str:
        session = data["session"]
        if data["audience"] == AnnouncementAudience.PRESENT:
            return ngettext(
                "It is for the %(count)d member who was present at session %(number)d (%(title)s).",
                "It is for the %(count)d members who were present at session %(number)d "
                "(%(title)s).",
                count,
            ) % {"count": count, "number": session.number, "title": session.title}
        if data["audience"] == AnnouncementAudience.ABSENT:
            return ngettext(
                "It is for the %(count)d member who was absent from session %(number)d "
                "(%(title)s).",
                "It is for the %(count)d members who were absent from session %(number)d "
                "(%(title)s).",
                count,
            ) % {"count": count, "number": session.number, "title": session.title}
        return ngettext(
            "It is for the %(count)d member of the network.",
            "It is for all %(count)d members of the network.",
            count,
        ) % {"count": count}

    def render_confirmation(self, form, recipients):
        data = form.cleaned_data
        emailed = [m.user.full_name for m in recipients if m.announcement_emails]
        not_emailed = [m.user.full_name for m in recipients if not m.announcement_emails]
        carried = [
            (name, value)
            for name, value in self.request.POST.items()
            if name not in ("csrfmiddlewaretoken", "confirmed", "edit")
        ]
        context = {
            "title": _("Send this message?"),
            "consequences": [
                self._audience_sentence(data, len(recipients)),
                _(
                    "It is kept on the network's page, where its members and facilitators read "
                    "it. It cannot be taken back."
                ),
                _(
                    "Each person gets the email in the language they chose, with the network's "
                    "name in the subject; replies go to you (%(email)s)."
                )
                % {"email": self.request.user.email},
            ],
            "recipients": emailed,
            "not_emailed": not_emailed,
            "preview_title": data["subject"],
            "preview": render_markdown(data["body"]),
            "carried": [*carried, ("confirmed", "1")],
            "action_url": self.request.path,
            "cancel_url": self.network.get_absolute_url(),
            "back_label": _("Change the message"),
            "confirm_label": (
                ngettext(
                    "Yes, send it to %(count)d person",
                    "Yes, send it to %(count)d people",
                    len(emailed),
                )
                % {"count": len(emailed)}
                if emailed
                else _("Yes, put it on the network's page")
            ),
            "danger": False,
        }
        return render(self.request, "confirm.html", context)


class AnnouncementListView(NetworkPermissionMixin, TemplateView):
    """Every announcement of the network, newest first, for its members and facilitators."""

    template_name = "sessions/announcement_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.announcements(network=self.network), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        context.update(page=page, announcements=page.object_list)
        return context
