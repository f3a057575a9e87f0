"""The two homes: the dashboard (what is due, each network with its cards, where the user
waits) and a network's own page. They show what the apps above ``networks`` hold (the next
session, what happened last, announcements, the portfolio): as pages they call those apps'
selectors directly."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from core.fragments import NETWORK_HEADER, fragment_version
from core.health import health_for
from core.todo import todos_for
from evaluations.selectors import adopted_goal_titles
from minutes.homes import last_held_cards
from networks import rules, selectors
from pages.cards import cards
from pages.networks.mixins import NetworkPermissionMixin
from portfolio.cards import portfolio_section
from reports.checklist import final_results_path, method_checklist
from sessions.homes import announcement_section, next_session_cards

# The to-do a member who just joined does first, if it is theirs (evaluations/todo.py).
FIRST_STEP_TODO = "evaluations.intake"


NEXT_SESSION_CARD = "sessions/cards/next_session.html"


LAST_HELD_CARD = "reports/cards/last_held.html"


def next_step_url(*, user, network) -> str:
    """Where a member who just joined lands: the intake while it is open and not answered by
    them, else the network's page."""
    for todo in todos_for(user=user, network=network):
        if todo.kind == FIRST_STEP_TODO:
            return todo.url
    return network.get_absolute_url()


def home_cards(*, user, networks) -> dict[int, list]:
    """Each network's cards on the homes, by network id: the next session, then what happened
    last. A fixed number of queries, however many networks (each selector reads them at once)."""
    if not networks:
        return {}
    upcoming = next_session_cards(user=user, networks=networks)
    last_held = last_held_cards(user=user, networks=networks)
    return {
        network.pk: cards(
            (NEXT_SESSION_CARD, upcoming.get(network.pk)),
            (LAST_HELD_CARD, last_held.get(network.pk)),
        )
        for network in networks
    }


class DashboardView(LoginRequiredMixin, TemplateView):
    """The home: what is due now ("To do", most urgent first), then each network with its cards
    (the next session, what happened last), then where the user waits."""

    template_name = "networks/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        dashboard = selectors.dashboard_for_user(user=user)
        active = dashboard["facilitating"] + dashboard["member_of"]
        for membership in active:  # the cards ask the viewer's role without a query
            membership.network.viewer_role = membership.role
        by_network = home_cards(user=user, networks=[membership.network for membership in active])
        for membership in active:
            membership.cards = by_network[membership.network_id]
        context.update(dashboard, tasks=todos_for(user=user))
        return context


class NetworkDetailView(NetworkPermissionMixin, TemplateView):
    """Members see the whole network; others see the public card of an open network."""

    permission_required = "networks.view_card"

    def get_template_names(self):
        if rules.is_member(self.request.user, self.network):
            return ["networks/network_detail.html"]
        return ["networks/network_card.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if rules.is_member(user, self.network):
            members = selectors.member_list(network=self.network)
            context["members"] = members
            context["coordinators_facilitating"] = selectors.coordinators_facilitating(members)
            context["adopted_goals"] = adopted_goal_titles(network=self.network)
            context["can_leave"] = rules.can_leave(user, self.network)
            context["header_version"] = fragment_version(NETWORK_HEADER, self.network.pk)
            context["tasks"] = todos_for(user=user, network=self.network)
            context["cards"] = home_cards(user=user, networks=[self.network])[self.network.pk]
            context["sections"] = cards(
                (
                    "sessions/cards/announcements.html",
                    announcement_section(user=user, network=self.network),
                ),
                (
                    "reports/cards/portfolio.html",
                    portfolio_section(user=user, network=self.network),
                ),
            )
            if context["is_facilitator"]:
                context["health"] = health_for(network=self.network)
                checklist = method_checklist(network=self.network)
                context["checklist"] = checklist
                context["final_results_url"] = final_results_path(checklist.network)
        else:
            context["can_request"] = rules.can_request_to_join(user, self.network)
            context.update(selectors.viewer_waiting_state(network=self.network, user=user))
        return context
