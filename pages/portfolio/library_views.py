"""HTTP glue for the insight library (issue 14.3): the network's cards, the shared cards of its
theme, sharing a card."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from evaluations.models import LearningGoal
from pages.networks.mixins import NetworkPermissionMixin, NetworkScopedMixin
from pages.portfolio.forms import LibrarySearchForm
from portfolio import library_services, rules, selectors
from sessions.models import LearningSession


class LibraryView(NetworkPermissionMixin, TemplateView):
    """The network's insight library, for its members: the cards of the latest published
    minutes, searched by words and filtered by learning goal and session. A facilitator shares a
    card from here. A fixed number of queries, however many members and cards."""

    permission_required = "networks.view_network"
    template_name = "reports/library.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goals = list(LearningGoal.objects.filter(network=self.network).order_by("position", "pk"))
        sessions = list(
            LearningSession.objects.filter(network=self.network, insight_cards__isnull=False)
            .distinct()
            .order_by("starts_at", "pk")
        )
        form = LibrarySearchForm(self.request.GET or None, goals=goals, sessions=sessions)
        cards = []
        if form.is_bound and not form.is_valid():
            searched = False
        else:
            data = form.cleaned_data if form.is_bound else {}
            cards = selectors.library_cards(
                network=self.network,
                query=data.get("q", ""),
                goal_id=data.get("goal"),
                session_id=data.get("session"),
            )
            searched = bool(data.get("q") or data.get("goal") or data.get("session"))
        context.update(form=form, cards=cards, searched=searched)
        return context


class ThemeLibraryView(NetworkPermissionMixin, TemplateView):
    """The cards that facilitators of networks of the same theme shared, for this network's
    members: without names, session numbers or dates."""

    permission_required = "networks.view_network"
    template_name = "reports/theme_library.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = LibrarySearchForm(self.request.GET or None)
        cards = []
        if not form.is_bound or form.is_valid():
            query = form.cleaned_data.get("q", "") if form.is_bound else ""
            cards = selectors.theme_library_cards(network=self.network, query=query)
        context.update(form=form, cards=cards)
        return context


class InsightShareView(NetworkScopedMixin, View):
    """POST: a facilitator shares a card of their network with the networks of its theme (or
    stops sharing it), through the network's door. A card of another network is a 404."""

    http_method_names = ["post"]
    url_kwarg = "card_id"
    permission_required = "portfolio.share_card"
    permission_rules = rules

    def lookup(self, pk):
        return selectors.insight_card_by_pk(pk=pk)

    def set_object(self, obj) -> None:
        self.card = obj
        self.network = obj.network

    def post(self, request, *args, **kwargs):
        card = self.card
        shared = request.POST.get("shared", "1") != "0"
        try:
            library_services.insight_card_share(card=card, shared=shared, acting_user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The insight is shared with the networks of the same theme, without names.")
                if shared
                else _("The insight is no longer shared."),
            )
        return redirect(
            f"{reverse('reports:library', kwargs={'pk': card.network_id})}#card-{card.pk}"
        )
