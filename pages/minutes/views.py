"""HTTP glue for minutes, their delivery, the catch-up pack and the try-out actions."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from django.views.generic.base import ContextMixin

from core.audit import audit_record
from core.downloads import attachment_response
from core.errors import ApplicationError
from core.idempotency import IdempotentFormViewMixin, run_once
from core.stored_pdf import PdfState
from evaluations.enums import GoalStatus
from evaluations.models import LearningGoal
from minutes import rules, selectors, services
from minutes.audit import AuditAction
from minutes.enums import ReadVia
from minutes.models import Minutes, MinutesDelivery, MinutesRead, MinutesVersion
from minutes.read_links import read_link_read
from pages.core.actions import ConfirmActionView, ServiceActionView
from pages.minutes.forms import (
    ActionAnswerForm,
    CatchUpInputForm,
    CommentForm,
    ExtraRowsForm,
    MinutesForm,
    PublishConfirmForm,
    PublishForm,
    ResendForm,
    VersionQueryForm,
)
from pages.minutes.mixins import MinutesPermissionMixin
from sessions import selectors as session_selectors
from sessions import services as session_services
from sessions.enums import ABSENT_STATUSES


class MinutesView(MinutesPermissionMixin, TemplateView):
    """Members read the published minutes (any version); attendees comment during review."""

    template_name = "reports/minutes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = selectors.versions(session=self.session)
        version = versions[0] if versions else None
        if "version" in self.request.GET:
            query = VersionQueryForm(self.request.GET)
            if not query.is_valid():
                raise Http404
            wanted = query.cleaned_data["version"]
            version = next((v for v in versions if v.number == wanted), None)
            if version is None:
                raise Http404
        minutes = selectors.minutes_for_session(session=self.session)
        if version is not None and self.request.method == "GET":
            # Reading is the "read the minutes" task done (an idempotent insert).
            services.minutes_mark_read(minutes=minutes, acting_user=self.request.user)
        status = selectors.attendance_status(session=self.session, user=self.request.user)
        context.update(
            versions=versions,
            version=version,
            missed=version is not None and status in ABSENT_STATUSES,
            content=version.content if version else None,
            minutes=minutes,
            review_open=services.minutes_review_open(minutes),
            comment_form=kwargs.get("comment_form") or CommentForm(),
        )
        return context


class MinutesCommentView(MinutesView):
    """An attendee's comment on the draft during review (the form on the minutes page posts
    here); form errors show the minutes page again with the error next to the field."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = CommentForm(request.POST)
        minutes = selectors.minutes_for_session(session=self.session)
        if minutes is None:
            messages.error(request, _("There is no draft to comment on."))
            return redirect("reports:minutes", pk=self.session.pk)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(comment_form=form))
        return run_once(
            request=request,
            token=form.idempotency_token,
            create=lambda: self._comment(minutes, form.cleaned_data["text"]),
        )

    def _comment(self, minutes, text: str):
        try:
            services.minutes_comment(minutes=minutes, acting_user=self.request.user, text=text)
        except ApplicationError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, _("Thank you, your comment has been added."))
        return redirect("reports:minutes", pk=self.session.pk)


class MinutesEditorMixin(MinutesPermissionMixin):
    """The editor page for the facilitator or the note-taker. Its GET only reads: before the
    first save there is no draft, and the page shows an unsaved one. Each button posts to its own
    view (save, preview, review, publish), which creates the draft if needed."""

    permission_required = "reports.edit_minutes"
    template_name = "reports/minutes_edit.html"

    @cached_property
    def members(self) -> list:
        """The action owners the form offers, each with how they are registered for the
        session (the recipients panel picks from them)."""
        return session_selectors.active_members(
            network=self.network, include_facilitators=True, attendance_at=self.session
        )

    def get_minutes(self) -> Minutes:
        """The saved draft, or an unsaved empty one (nothing is written)."""
        minutes = selectors.minutes_for_session(session=self.session)
        return minutes if minutes is not None else Minutes(session=self.session)

    def minutes_form(self, minutes: Minutes, data=None, extra_rows: int = 0) -> MinutesForm:
        saved = minutes.pk is not None
        agenda = selectors.agenda_with_notes(session=self.session, minutes=minutes)
        return MinutesForm(
            data,
            instance=minutes,
            agenda=agenda,
            actions=list(minutes.actions.all()) if saved else [],
            item_notes={item.pk: item.saved_notes for item in agenda},
            members=self.members,
            goals=list(
                LearningGoal.objects.filter(network=self.network, status=GoalStatus.ADOPTED)
            ),
            extra_rows=extra_rows,
        )

    def refuse_cancelled(self):
        """A cancelled session has no minutes: back to its page with the reason, else None."""
        try:
            services.minutes_require_editable(session=self.session)
        except ApplicationError as error:
            messages.error(self.request, error.message)
            return redirect(self.session)
        return None

    def render_editor(self, *, minutes=None, form=None, publish_form=None, preview=None):
        minutes = minutes or self.get_minutes()
        saved = minutes.pk is not None
        rows = ExtraRowsForm(self.request.GET)
        extra = (rows.cleaned_data["extra"] or 0) if rows.is_valid() else 0
        context = self.get_context_data(
            form=form or self.minutes_form(minutes, extra_rows=extra),
            minutes=minutes,
            publish_form=publish_form or PublishForm(),
            versions=selectors.versions(session=self.session),
            recipients=selectors.recipients_among(self.members, session=self.session),
            contributions=selectors.contributions_from_absent(session=self.session),
            review_open=services.minutes_review_open(minutes),
            comments=list(minutes.comments.all()) if saved else [],
            can_publish=rules.can_publish_minutes(self.request.user, self.session),
            preview=preview,
        )
        return TemplateResponse(self.request, self.template_name, context)


class MinutesEditView(MinutesEditorMixin, TemplateView):
    """GET: the editor (read only)."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        return self.refuse_cancelled() or self.render_editor()


class MinutesActionView(MinutesEditorMixin, ContextMixin, View):
    """One button of the editor: validate the form, save the draft (created on this first POST),
    then ``act``. Form errors show the editor again, next to the fields."""

    http_method_names = ["post"]

    def act(self, minutes: Minutes, publish_form: PublishForm):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        refusal = self.refuse_cancelled()
        if refusal:
            return refusal
        minutes = self.get_minutes()
        form = self.minutes_form(minutes, request.POST)
        publish_form = PublishForm(request.POST)
        if not form.is_valid() or not publish_form.is_valid():
            return self.render_editor(minutes=minutes, form=form, publish_form=publish_form)
        if minutes.pk is None:
            minutes = services.minutes_get_or_create(session=self.session, acting_user=request.user)
        self.saved_form = form
        try:
            services.minutes_save_draft(
                minutes=minutes,
                data=form.cleaned_data,
                item_notes=form.item_notes(),
                actions=form.actions(),
                acting_user=request.user,
            )
            return self.act(minutes, publish_form)
        except ApplicationError as error:
            messages.error(request, error.message)
            return self.back_to_editor()

    def back_to_editor(self):
        return redirect("reports:minutes_edit", pk=self.session.pk)


class MinutesSaveView(MinutesActionView):
    """Save the draft. The editor's "Publish and send…" button saves here too (``next=publish``)
    and goes on to the confirmation page, which shows who will receive the minutes."""

    def act(self, minutes, publish_form):
        if "add_row" in self.request.POST:
            # "Add a row" without JavaScript: the draft is saved, the editor comes back with
            # one empty row more than was posted.
            form = self.saved_form
            extra = form.action_count - len(form.actions())
            return HttpResponseRedirect(
                reverse("reports:minutes_edit", kwargs={"pk": self.session.pk})
                + "?"
                + urlencode({"extra": extra})
                + "#actions"
            )
        if self.request.POST.get("next") == "publish" and rules.can_publish_minutes(
            self.request.user, self.session
        ):
            query = {"change_note": publish_form.cleaned_data["change_note"]}
            if publish_form.cleaned_data["include_present"]:
                query["include_present"] = "on"
            return HttpResponseRedirect(
                reverse("reports:minutes_publish", kwargs={"pk": self.session.pk})
                + "?"
                + urlencode(query)
            )
        messages.success(self.request, _("The draft has been saved."))
        return self.back_to_editor()


class MinutesPreviewView(MinutesActionView):
    """Saves the draft and shows the editor with the preview above it."""

    def act(self, minutes, publish_form):
        minutes = self.get_minutes()
        return self.render_editor(
            minutes=minutes,
            publish_form=publish_form,
            preview=services.minutes_content(minutes=minutes),
        )


class MinutesReviewView(MinutesActionView):
    def act(self, minutes, publish_form):
        services.minutes_open_review(minutes=minutes, acting_user=self.request.user)
        if rules.can_publish_minutes(self.request.user, self.session):
            messages.success(self.request, _("Attendees can now comment on the draft."))
        else:
            messages.success(
                self.request,
                _(
                    "The draft is proposed for review: attendees can now comment on it. "
                    "A facilitator publishes it."
                ),
            )
        return self.back_to_editor()


class MinutesPublishView(MinutesPermissionMixin, ConfirmActionView):
    """Publish the saved draft, after confirmation. GET (reached from the editor's "Publish and
    send…", which saves the draft first) shows who will receive the minutes, from the one
    selector ``minutes.selectors.minutes_recipients``; POST publishes. Publishing emails the
    minutes: a facilitator's act, or a note-taker's when the network allows it
    (``reports.publish_minutes``). Confirming twice publishes once: the second time nothing has
    changed, and the service says so."""

    permission_required = "reports.publish_minutes"
    title = gettext_lazy("Publish the minutes?")
    confirm_label = gettext_lazy("Yes, publish and send")
    danger = False
    already_done_message = gettext_lazy("There is nothing to publish yet: save a draft first.")
    form_class = PublishConfirmForm

    def get_target(self):
        return selectors.minutes_for_session(session=self.session)

    def get_form(self, data=None):
        return PublishConfirmForm(data if data is not None else self.request.GET)

    def _options(self) -> dict:
        form = self.form if getattr(self, "form", None) is not None else self.get_form()
        if not form.is_valid():
            return {"change_note": "", "include_present": False}
        return form.cleaned_data

    def get_cancel_url(self) -> str:
        return reverse("reports:minutes_edit", kwargs={"pk": self.session.pk})

    def consequences(self):
        if not self.session.is_held:
            raise ApplicationError(
                _("Minutes can be published once the session is marked as held.")
            )
        options = self._options()
        number = (selectors.versions(session=self.session) or [None])[0]
        lines = [
            _(
                "The minutes of session %(number)d, “%(title)s”, are published as version "
                "%(version)d: every member can read them on the site."
            )
            % {
                "number": self.session.number,
                "title": self.session.title,
                "version": (number.number + 1) if number else 1,
            },  # fmt: skip
            _("The people below get the minutes as a PDF by email."),
        ]
        if options["change_note"]:
            lines.append(_("What changed: %(note)s") % {"note": options["change_note"]})
        if not options["include_present"]:
            lines.append(_("Members who were present do not get an email."))
        return lines

    def recipients(self):
        rows = selectors.minutes_recipients(
            session=self.session, include_present=self._options()["include_present"]
        )
        return [row.user.full_name for row in rows]

    def act(self):
        version = services.minutes_publish(
            minutes=self.target,
            acting_user=self.request.user,
            change_note=self.form.cleaned_data["change_note"],
            include_present=self.form.cleaned_data["include_present"],
        )
        self.version = version
        return _("Version %(number)d is published; the PDF goes to the absent members.") % {
            "number": version.number
        }

    def get_success_url(self) -> str:
        if getattr(self, "version", None) is not None:
            return reverse("reports:deliveries", kwargs={"pk": self.session.pk})
        return reverse("reports:minutes_edit", kwargs={"pk": self.session.pk})


class DeliveriesView(MinutesPermissionMixin, TemplateView):
    """Per version and recipient: sent at, waiting, or failed with the error; send again."""

    permission_required = "reports.manage_delivery"
    template_name = "reports/deliveries.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = selectors.version_with_deliveries(session=self.session)
        follow_up = selectors.delivery_follow_up(session=self.session)
        for version in versions:
            for delivery in version.deliveries.all():
                # Read and input are the member's, whichever version; the reminder per version.
                delivery.read = follow_up["reads"].get(delivery.recipient_id)
                delivery.input_count = follow_up["inputs"].get(delivery.recipient_id, 0)
                delivery.reminder = follow_up["reminders"].get((version.pk, delivery.recipient_id))
        context["versions"] = versions
        return context


class CatchUpInputView(MinutesPermissionMixin, IdempotentFormViewMixin, FormView):
    """The "my input" form of the catch-up pack, for a member who missed the session, once its
    minutes are published: the text reaches the facilitator on the next session's page, or goes
    onto the practice question board (``sessions.services.catch_up_input_give``). Sign-in is
    needed: it writes text in the member's name (see minutes/read_links.py for the read link,
    which needs none). A member who was there sees why there is no form; their POST is refused
    with the same message."""

    template_name = "reports/catch_up_input.html"
    form_class = CatchUpInputForm

    def has_version(self) -> bool:
        return MinutesVersion.objects.filter(minutes__session=self.session).exists()

    def get(self, request, *args, **kwargs):
        if not self.has_version():
            raise Http404
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.has_version():
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = selectors.attendance_status(session=self.session, user=self.request.user)
        context.update(
            missed=status in ABSENT_STATUSES,
            inputs=selectors.my_catch_up_inputs(session=self.session, user=self.request.user),
        )
        return context

    def form_valid(self, form):
        try:
            session_services.catch_up_input_give(
                session=self.session,
                text=form.cleaned_data["text"],
                to_board=form.to_board,
                title=form.cleaned_data["title"],
                name_for_facilitator_only=form.cleaned_data["name_for_facilitator_only"],
                acting_user=self.request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if form.to_board:
            messages.success(self.request, _("Thank you: your question is on the board."))
        else:
            messages.success(
                self.request,
                _("Thank you: the facilitator will see your input before the next session."),
            )
        return redirect(self.request.path)


class ReadLinkView(View):
    """The catch-up pack's "I have read it" link (minutes/read_links.py). No sign-in needed,
    like the RSVP links: it only records that the member read the minutes. GET shows what the
    click confirms and writes nothing (mail scanners open links); POST records the read once
    (a second time changes nothing and the page says when it was recorded). A forged token, one
    for another session's minutes or for someone who did not get them, or a link opened while
    someone else is signed in: 404."""

    template_name = "reports/read_link.html"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, pk, token, **kwargs):
        link = read_link_read(token)
        if link is None:
            raise Http404
        version, member = selectors.read_link_target(
            session_id=pk, version_id=link.version_id, user_id=link.user_id
        )
        if version is None:
            raise Http404
        if request.user.is_authenticated and request.user.pk != member.pk:
            raise Http404
        self.version, self.member = version, member
        self.session = version.minutes.session
        # Signed in, the page speaks the user's language; otherwise the member's.
        language = translation.get_language() if request.user.is_authenticated else member.language
        with translation.override(language):
            return super().dispatch(request, *args, pk=pk, token=token, **kwargs)

    def get(self, request, *args, **kwargs):
        read = MinutesRead.objects.filter(
            minutes_id=self.version.minutes_id, user=self.member
        ).first()
        context = {
            "session": self.session,
            "network": self.session.network,
            "member": self.member,
            "version": self.version,
            "read": read,
        }
        return render(request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        services.minutes_mark_read(
            minutes=self.version.minutes, acting_user=self.member, via=ReadVia.LINK
        )
        messages.success(request, _("Thank you, we have noted that you read the minutes."))
        return redirect(request.path)


class DeliveryResendView(MinutesPermissionMixin, ServiceActionView):
    """ "Send again" on the delivery page: a new outbox row that resends one row of this
    session's minutes (another session's row is a 404)."""

    permission_required = "reports.manage_delivery"

    def get_success_url(self) -> str:
        return reverse("reports:deliveries", kwargs={"pk": self.session.pk})

    def act(self) -> str:
        form = ResendForm(self.request.POST)
        if not form.is_valid():
            raise ApplicationError(_("Choose a recipient."))
        delivery = get_object_or_404(
            MinutesDelivery.objects.filter(version__minutes__session=self.session).select_related(
                "recipient"
            ),
            pk=form.cleaned_data["delivery"],
        )
        services.delivery_resend(delivery=delivery, acting_user=self.request.user)
        return _("The minutes are being sent again to %(name)s.") % {
            "name": delivery.recipient.full_name
        }


class MinutesPdfView(MinutesPermissionMixin, View):
    def get(self, request, *args, **kwargs):
        version = (
            MinutesVersion.objects.filter(minutes__session=self.session, number=kwargs["number"])
            .select_related("minutes__session__network")
            .defer("content")
            .first()
        )
        if version is None:
            raise Http404
        if version.pdf_state == PdfState.DELETED:
            messages.info(
                request,
                _("This PDF was deleted after the retention period; the minutes are below."),
            )
            return HttpResponseRedirect(reverse("reports:minutes", kwargs={"pk": self.session.pk}))
        if not version.is_pdf_ready:
            messages.info(request, _("The PDF is being prepared; try again in a moment."))
            return HttpResponseRedirect(reverse("reports:minutes", kwargs={"pk": self.session.pk}))
        if rules.can_manage_delivery(request.user, self.session):  # a facilitator's download
            audit_record(
                actor=request.user,
                action=AuditAction.MINUTES_DOWNLOADED,
                network=self.session.network_id,
                detail=f"session {self.session.number}, version {version.number}",
            )
        return attachment_response(
            bytes(version.pdf), content_type="application/pdf", filename=version.pdf_filename
        )


class MyActionsView(LoginRequiredMixin, TemplateView):
    """The signed-in owner's try-out actions, with a small form per action to say how it went.
    Always one's own: no id in the URL."""

    template_name = "reports/my_actions.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actions = selectors.my_actions(user=self.request.user)
        invalid = kwargs.get("invalid")
        rows = [
            {
                "action": action,
                "form": invalid[1]
                if invalid and invalid[0] == action.pk
                else ActionAnswerForm(
                    prefix=f"a{action.pk}",
                    initial={
                        "status": "" if action.is_open else action.status,
                        "outcome": action.outcome,
                    },
                ),
            }
            for action in actions
        ]
        context["open_rows"] = [row for row in rows if row["action"].is_open]
        context["answered_rows"] = [row for row in rows if not row["action"].is_open]
        return context


class ActionAnswerView(MyActionsView):
    """POST: the owner says how one of their actions went. Someone else's action is a 404."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = selectors.my_action(user=request.user, action_id=kwargs["action_id"])
        if action is None:
            raise Http404
        form = ActionAnswerForm(request.POST, prefix=f"a{action.pk}")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(invalid=(action.pk, form)))
        try:
            services.action_answer(
                action=action,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
                acting_user=request.user,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you: the group will hear how it went."))
        return redirect("reports:my_actions")
