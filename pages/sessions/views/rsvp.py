"""Members' answers: on the session page, with one click on a home, and through the signed
link in a session email."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from core.errors import ApplicationError
from pages.core.actions import ServiceActionView, safe_next_url
from pages.sessions.forms import RsvpAnswerForm, RsvpForm
from pages.sessions.mixins import SessionPermissionMixin
from pages.sessions.views.planning import SessionDetailView
from sessions import rules, selectors, services
from sessions.enums import RsvpAnswer
from sessions.rsvp_links import rsvp_changed_since, rsvp_link_read


class RsvpView(SessionPermissionMixin, View):
    permission_required = "sessions.rsvp"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        instance = self.session.rsvps.filter(user=request.user).first()
        form = RsvpForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                services.rsvp_set(
                    session=self.session, data=form.cleaned_data, acting_user=request.user
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you, your answer has been saved."))
            return redirect(self.session)
        view = SessionDetailView()
        view.setup(request, *args, **kwargs)
        view.session, view.network = self.session, self.network
        return view.render_to_response(view.get_context_data(rsvp_form=form))


class RsvpAnswerView(SessionPermissionMixin, ServiceActionView):
    """One click on a home's answer button: records the answer, keeps the rest of the RSVP."""

    permission_required = "sessions.rsvp"

    def act(self) -> str:
        form = RsvpAnswerForm(self.request.POST)
        if not form.is_valid():
            raise ApplicationError(_("Choose one of the answers."))
        services.rsvp_set(
            session=self.session,
            data={"answer": form.cleaned_data["answer"]},
            acting_user=self.request.user,
        )
        return _("Thank you, your answer has been saved.")

    def get_success_url(self) -> str:
        return safe_next_url(self.request, self.session.get_absolute_url())


class RsvpLinkView(View):
    """The one-click answer from a session email: GET shows the session and the answer with a
    confirm button (it writes nothing: mail scanners open links), POST records it as the member
    the link was sent to, no password needed (sessions/rsvp_links.py). The answer in the link
    only pre-fills the form: the member may pick another, and add an apology or a contribution,
    as on the session page. A link that is forged,
    for another session, for another signed-in person or too late gets a page saying so, with
    the status to match, and nothing is recorded. A stale link (the member changed their answer
    to another one after the email) asks first: "You changed your answer to X on <date>; change
    it to Y?"; its POST without the version that page showed answers 409 with the same
    question, nothing written (``services.rsvp_set`` with ``seen_version``)."""

    template_name = "sessions/rsvp_link.html"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, pk, token, **kwargs):
        link = rsvp_link_read(token)
        if link is None:
            return self.refuse(_("This link is not valid. Was it copied completely?"), 400)
        session, member = selectors.rsvp_link_target(
            session_id=link.session_id, user_id=link.user_id
        )
        # The one permission rule: only a member's seat answers (a member made facilitator
        # since the email went out can no longer answer through it).
        if link.session_id != pk or session is None or not rules.can_rsvp(member, session):
            return self.refuse(_("This link does not belong to a session of yours."), 404)
        if request.user.is_authenticated and request.user.pk != member.pk:
            return self.refuse(
                _(
                    "This link was sent to another member. Sign out first, or answer with the "
                    "link in your own email."
                ),
                403,
            )
        # Signed in, the page speaks the user's language; otherwise the member's.
        language = translation.get_language() if request.user.is_authenticated else member.language
        with translation.override(language):
            if not session.rsvp_open:
                return self.refuse(
                    _("You can no longer answer: this session has started or ended."), 400
                )
            self.link, self.session, self.member = link, session, member
            return super().dispatch(request, *args, pk=pk, token=token, **kwargs)

    def refuse(self, message: str, status: int):
        return render(
            self.request, "sessions/rsvp_link_invalid.html", {"message": message}, status=status
        )

    def current(self):
        return self.session.rsvps.filter(user=self.member).first()

    def show(self, form, current, *, answer: str = "", status: int = 200):
        """The page; with ``answer`` (what the link or the POST asked for), a member whose
        answer changed to another one since this link's email (or, answering 409, since the
        page that posted) is asked first."""
        changed = status == 409 or (
            bool(answer) and rsvp_changed_since(current, version=self.link.version, answer=answer)
        )
        context = {
            "session": self.session,
            "member": self.member,
            "form": form,
            "rsvp": current,
            # The version this page shows: its POST overrides only that one.
            "version": current.version if current else 0,
            "changed": changed,
            "asked_answer": RsvpAnswer(answer).label if answer else "",
            "refused": status == 409,
        }
        return render(self.request, self.template_name, context, status=status)

    def seen_version(self) -> int:
        """The version the page that posted was made against (its hidden field), or else the
        link's. Anything but a number counts as the link's: a stale one is then asked about."""
        posted = self.request.POST.get("version", "")
        return int(posted) if posted.isascii() and posted.isdigit() else self.link.version

    def get(self, request, *args, **kwargs):
        current = self.current()
        form = RsvpForm(instance=current, initial={"answer": self.link.answer})
        return self.show(form, current, answer=self.link.answer)

    def post(self, request, *args, **kwargs):
        current = self.current()
        form = RsvpForm(request.POST, instance=current)
        if not form.is_valid():
            return self.show(form, current)
        try:
            services.rsvp_set(
                session=self.session,
                data=form.cleaned_data,
                acting_user=self.member,
                seen_version=self.seen_version(),
            )
        except services.RsvpChangedError as changed:
            # Nothing written: the page again, against the answer as it is now, asking.
            asked = form.cleaned_data
            form = RsvpForm(instance=changed.rsvp, initial=asked)
            return self.show(form, changed.rsvp, answer=asked["answer"], status=409)
        except ApplicationError as error:
            return self.refuse(error.message, 400)
        messages.success(request, _("Thank you, your answer has been saved."))
        return redirect(request.path)
