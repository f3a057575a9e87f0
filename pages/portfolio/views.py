"""HTTP glue for the learning portfolio and participation statements (issue 14).

The portfolio pages carry the network's id only: the person is always the signed-in user, found
through their own membership (portfolio.selectors.portfolio_membership); anyone else gets a 404.
The statement's verification page is public and found by its unguessable token alone."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.downloads import download_name
from core.errors import ApplicationError
from pages.core.actions import ConfirmActionView
from pages.networks.mixins import NetworkPermissionMixin
from pages.reports.views import StoredPdfView
from portfolio import selectors as portfolio
from portfolio import services as portfolio_services
from portfolio import services as report_services

# Translators: file names: lowercase, hyphens, no spaces or accents.
PORTFOLIO_PDF_NAME = gettext_lazy("learning-portfolio-%(network)s.pdf")
STATEMENT_PDF_NAME = gettext_lazy("participation-statement-%(network)s.pdf")


class NotIndexedNotStoredMixin:
    """A statement's pages and files name a person: no search engine lists them
    (``X-Robots-Tag: noindex``; the HTML pages also carry the robots meta tag) and no cache keeps
    a copy (Django's ``never_cache`` headers: ``no-cache, no-store, must-revalidate, private``).
    Every answer gets them, the 404 of an unknown or changed token included (the same page as
    any 404, plus the meta tag)."""

    def dispatch(self, request, *args, **kwargs):
        try:
            response = super().dispatch(request, *args, **kwargs)
        except Http404:
            response = render(request, "reports/statement_not_found.html", status=404)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response


class PortfolioMixin(LoginRequiredMixin):
    """The signed-in member's own membership of the network in the URL, or a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        membership = portfolio.portfolio_membership(user=request.user, network_id=kwargs["pk"])
        if membership is None:
            raise Http404
        self.membership = membership
        self.network = membership.network
        return super().dispatch(request, *args, **kwargs)

    def portfolio_url(self) -> str:
        return reverse("reports:portfolio", kwargs={"pk": self.network.pk})


class PortfolioView(PortfolioMixin, TemplateView):
    template_name = "reports/portfolio.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(portfolio.portfolio(user=self.request.user, network=self.network))
        context.update(
            network=self.network,
            statement=portfolio.my_statement(user=self.request.user, network=self.network),
            reflection_max=portfolio_services.REFLECTION_MAX,
        )
        return context


class ReflectionSaveView(PortfolioMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            portfolio_services.reflection_save(
                network=self.network,
                session_id=kwargs["session_id"],
                text=request.POST.get("text", ""),
                acting_user=request.user,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your reflection is saved. Only you can see it."))
        return HttpResponseRedirect(f"{self.portfolio_url()}#session-{kwargs['session_id']}")


class PortfolioPdfView(PortfolioMixin, StoredPdfView):
    """The member's portfolio as a PDF, in their language (``StoredPdfView``: stored per
    version of what it shows, rendered in a Celery task, never in the request)."""

    http_method_names = ["get", "head", "options"]
    title = gettext_lazy("My learning portfolio")
    texts = {
        "ready": gettext_lazy("Your portfolio is ready."),
        "download": gettext_lazy("Download your portfolio (PDF)"),
        "failed": gettext_lazy("Your portfolio could not be made."),
        "preparing": gettext_lazy(
            "Your portfolio is being prepared. This page refreshes by itself and offers the "
            "download when it is ready."
        ),
    }

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    def request_report(self, *, retry: bool):
        return report_services.portfolio_pdf_request(
            user=self.request.user, network=self.network, language=get_language()[:2], retry=retry
        )

    def back_link(self) -> tuple[str, str]:
        return self.portfolio_url(), self.network.name

    def filename(self) -> str:
        return download_name(PORTFOLIO_PDF_NAME, network=self.network)

    def record_download(self) -> None:
        """The member's own portfolio: nothing to record."""


class StatementIssueView(PortfolioMixin, View):
    """POST: issue (or find) the member's statement, then download it. A network that has not
    ended: a message, nothing written."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            portfolio_services.statement_issue(network=self.network, acting_user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(self.portfolio_url())
        return redirect("reports:statement_pdf", pk=self.network.pk)


class StatementPdfView(NotIndexedNotStoredMixin, PortfolioMixin, StoredPdfView):
    """The member's statement as a PDF, in their language (``StoredPdfView``: rendered once per
    language in a Celery task, never in the request)."""

    http_method_names = ["get", "head", "options"]
    title = gettext_lazy("Participation statement")
    texts = {
        "ready": gettext_lazy("Your participation statement is ready."),
        "download": gettext_lazy("Download your participation statement (PDF)"),
        "failed": gettext_lazy("Your participation statement could not be made."),
        "preparing": gettext_lazy(
            "Your participation statement is being prepared. This page refreshes by itself and "
            "offers the download when it is ready."
        ),
    }

    def get(self, request, *args, **kwargs):
        self.statement = portfolio.my_statement(user=request.user, network=self.network)
        if self.statement is None:
            messages.info(request, _("You have no participation statement for this network yet."))
            return redirect(self.portfolio_url())
        return super().get(request, *args, **kwargs)

    def request_report(self, *, retry: bool):
        return report_services.statement_pdf_request(
            statement=self.statement, language=get_language()[:2], retry=retry
        )

    def back_link(self) -> tuple[str, str]:
        return self.portfolio_url(), self.network.name

    def filename(self) -> str:
        return download_name(STATEMENT_PDF_NAME, network=self.network)

    def record_download(self) -> None:
        """The member's own statement: nothing to record."""


class StatementVerifyView(NotIndexedNotStoredMixin, TemplateView):
    """Public: the frozen facts of a statement, or that it was revoked. An unknown token: 404.
    Never indexed, never stored by a cache (``NotIndexedNotStoredMixin``)."""

    template_name = "reports/statement_verify.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        statement = portfolio.statement_by_token(kwargs["token"])
        if statement is None:
            raise Http404
        context = super().get_context_data(**kwargs)
        context["statement"] = statement
        return context


class StatementsView(NetworkPermissionMixin, TemplateView):
    """The statements issued in a network, for its facilitators (to revoke one)."""

    permission_required = "networks.manage_network"
    template_name = "reports/statements.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statements"] = portfolio.network_statements(network=self.network)
        return context


class StatementRevokeView(NetworkPermissionMixin, ConfirmActionView):
    permission_required = "networks.manage_network"
    title = gettext_lazy("Revoke this participation statement?")
    confirm_label = gettext_lazy("Yes, revoke it")
    already_done_message = gettext_lazy("This statement has already been revoked.")

    def get_target(self):
        return (
            portfolio.network_statements(network=self.network)
            .filter(pk=self.kwargs["statement_id"], revoked_at__isnull=True)
            .first()
        )

    def consequences(self):
        return [
            _(
                "The verification page of %(name)s's statement will say it is revoked. "
                "This cannot be undone."
            )
            % {"name": self.target.member_name}
        ]

    def act(self) -> str:
        portfolio_services.statement_revoke(statement=self.target, acting_user=self.request.user)
        return _("The statement is revoked.")

    def get_success_url(self) -> str:
        return reverse("reports:statements", kwargs={"pk": self.network.pk})
