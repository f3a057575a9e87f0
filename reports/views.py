"""HTTP glue for minutes, their delivery and the network report."""

import csv
import logging

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.csv import csv_safe
from core.errors import ApplicationError
from core.idempotency import run_once
from networks.mixins import NetworkPermissionMixin
from reports import rules, selectors, services
from reports.enums import PdfState
from reports.forms import CommentForm, MinutesForm, PublishForm, ResendForm, VersionQueryForm
from reports.mixins import MinutesPermissionMixin
from reports.models import MinutesVersion
from sessions import selectors as session_selectors

logger = logging.getLogger(__name__)


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
        context.update(
            versions=versions,
            version=version,
            content=version.content if version else None,
            minutes=minutes,
            review_open=services.minutes_review_open(minutes),
            comment_form=kwargs.get("comment_form") or CommentForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = CommentForm(request.POST)
        minutes = selectors.minutes_for_session(session=self.session)
        if form.is_valid() and minutes is not None:
            return run_once(
                request=request,
                token=form.idempotency_token,
                create=lambda: self._comment(minutes, form.cleaned_data["text"]),
            )
        if minutes is None:
            messages.error(request, _("There is no draft to comment on."))
            return redirect("reports:minutes", pk=self.session.pk)
        return self.render_to_response(self.get_context_data(comment_form=form))

    def _comment(self, minutes, text: str):
        try:
            services.minutes_comment(minutes=minutes, author=self.request.user, text=text)
        except ApplicationError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, _("Thank you, your comment has been added."))
        return redirect("reports:minutes", pk=self.session.pk)


class MinutesEditView(MinutesPermissionMixin, TemplateView):
    """The editor for the facilitator or the note-taker: save, preview, review, publish."""

    permission_required = "reports.edit_minutes"
    template_name = "reports/minutes_edit.html"

    def _form(self, data=None):
        self.minutes = services.minutes_get_or_create(session=self.session)
        agenda = list(self.session.agenda.all())
        notes = {note.agenda_item_id: note.notes for note in self.minutes.item_notes.all()}
        return MinutesForm(
            data,
            instance=self.minutes,
            agenda=agenda,
            actions=list(self.minutes.actions.all()),
            item_notes=notes,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or self._form()
        context.update(
            form=form,
            minutes=self.minutes,
            publish_form=kwargs.get("publish_form") or PublishForm(),
            versions=selectors.versions(session=self.session),
            absentees=session_selectors.absentees(session=self.session),
            review_open=services.minutes_review_open(self.minutes),
            comments=list(self.minutes.comments.select_related("author")),
            can_publish=rules.can_publish_minutes(self.request.user, self.session),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        publish_form = PublishForm(request.POST)
        if not form.is_valid() or not publish_form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, publish_form=publish_form)
            )
        services.minutes_save_draft(
            minutes=self.minutes,
            data=form.cleaned_data,
            item_notes=form.item_notes(),
            actions=form.actions(),
            actor=request.user,
        )
        action = request.POST.get("action", "save")
        if action == "preview":
            preview = services.minutes_content(minutes=self.minutes)
            context = self.get_context_data(form=self._form(), publish_form=publish_form)
            context["preview"] = preview
            return self.render_to_response(context)
        try:
            if action == "review":
                services.minutes_open_review(minutes=self.minutes)
                if rules.can_publish_minutes(request.user, self.session):
                    messages.success(request, _("Attendees can now comment on the draft."))
                else:
                    messages.success(
                        request,
                        _(
                            "The draft is proposed for review: attendees can now comment on it. "
                            "A facilitator publishes it."
                        ),
                    )
            elif action == "publish":
                version = services.minutes_publish(
                    minutes=self.minutes,
                    actor=request.user,
                    change_note=publish_form.cleaned_data["change_note"],
                    include_present=publish_form.cleaned_data["include_present"],
                )
                messages.success(
                    request,
                    _("Version %(number)d is published; the PDF goes to the absent members.")
                    % {"number": version.number},
                )
                return redirect("reports:deliveries", pk=self.session.pk)
            else:
                messages.success(request, _("The draft has been saved."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("reports:minutes_edit", pk=self.session.pk)


class DeliveriesView(MinutesPermissionMixin, TemplateView):
    """Per version and recipient: sent at, waiting, or failed with the error; resend."""

    permission_required = "reports.manage_delivery"
    template_name = "reports/deliveries.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = selectors.version_with_deliveries(session=self.session)
        return context

    def post(self, request, *args, **kwargs):
        form = ResendForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a recipient."))
            return redirect("reports:deliveries", pk=self.session.pk)
        version = MinutesVersion.objects.filter(
            minutes__session=self.session, number=form.cleaned_data["version"]
        ).first()
        try:
            if version is None:
                raise ApplicationError(_("This version does not exist."))
            delivery = services.delivery_resend(
                version=version, recipient_id=form.cleaned_data["recipient"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The minutes are being sent again to %(name)s.")
                % {"name": delivery.recipient.full_name},
            )
        return redirect("reports:deliveries", pk=self.session.pk)


class MinutesPdfView(MinutesPermissionMixin, View):
    def get(self, request, *args, **kwargs):
        version = (
            MinutesVersion.objects.filter(minutes__session=self.session, number=kwargs["number"])
            .only("pdf", "pdf_state", "number")
            .first()
        )
        if version is None:
            raise Http404
        if version.pdf_state != PdfState.READY:
            messages.info(request, _("The PDF is being prepared; try again in a moment."))
            return HttpResponseRedirect(reverse("reports:minutes", kwargs={"pk": self.session.pk}))
        response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="verslag-{self.session.number}-v{version.number}.pdf"'
        )
        return response


class NetworkReportPdfView(NetworkPermissionMixin, View):
    """The trajectory report: goal, sessions, attendance. Evaluation results join once the
    evaluations app exists."""

    permission_required = "networks.manage_network"

    def get(self, request, *args, **kwargs):
        try:
            pdf = services.network_report_pdf(network=self.network)
        except OSError:  # WeasyPrint without Pango on this machine
            logger.exception("the trajectory report could not be rendered")
            messages.error(request, _("The PDF could not be made right now; try again later."))
            return redirect("sessions:timeline", pk=self.network.pk)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="traject-{self.network.pk}.pdf"'
        return response


class AttendanceCsvView(NetworkPermissionMixin, View):
    permission_required = "networks.manage_network"

    def get(self, request, *args, **kwargs):
        overview = session_selectors.attendance_overview(network=self.network)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="aanwezigheid-{self.network.pk}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(
            [_("Member")]
            + [f"{s.number}. {s.title} ({s.starts_at:%Y-%m-%d})" for s in overview["sessions"]]
            + [_("Rate")]
        )
        for row in overview["rows"]:
            writer.writerow(
                [csv_safe(row["member"].full_name)]
                + [cell.get_status_display() if cell else "" for cell in row["cells"]]
                + ["" if row["rate"] is None else f"{row['rate']}%"]
            )
        return response
