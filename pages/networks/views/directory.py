"""The public directory, a network's public page and its share link: what someone who is
not (yet) a member may see."""

from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from networks import rules, selectors, share_links
from networks.models import Network
from pages.networks.forms import DirectoryFilterForm

DIRECTORY_PAGE_SIZE = 20


class DirectoryView(TemplateView):
    """The public directory: open, external, listed networks, for everyone (no sign-in), with
    filters, word search and pages of ``DIRECTORY_PAGE_SIZE``. Bad input (an unknown filter
    value, a page that is not there) gives a page that says so, never an error."""

    template_name = "networks/directory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        themes = selectors.network_themes()
        form = DirectoryFilterForm(self.request.GET or None, themes=themes)
        valid = form.is_valid()
        filters = form.filters() if valid else {}
        # A value no network has (an unknown theme, province or format) finds nothing.
        networks = (
            selectors.network_directory(user=self.request.user, **filters)
            if valid or not form.is_bound
            else Network.objects.none()
        )
        page = Paginator(networks, DIRECTORY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            networks=page.object_list,
            themes=themes,
            filter_form=form,
            filtered=form.is_bound and any(form.data.get(name) for name in form.fields),
        )
        return context


class PublicNetworkView(TemplateView):
    """A network's public page: what the directory shows, at length, with "ask to join". Only
    for networks in the directory (anything else is a 404, as if it did not exist); names no
    member, only the facilitators."""

    template_name = "networks/public_network.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        network = selectors.public_network(pk=kwargs["pk"])
        if network is None:
            raise Http404
        user = self.request.user
        context["network"] = network
        if user.is_authenticated:
            context["is_member"] = rules.is_member(user, network)
            context["can_request"] = rules.can_request_to_join(user, network)
            context.update(selectors.viewer_waiting_state(network=network, user=user))
        else:
            join = reverse("networks:join", kwargs={"pk": network.pk})
            query = urlencode({REDIRECT_FIELD_NAME: join})
            context["signup_url"] = f"{reverse('account_signup')}?{query}"
            context["login_url"] = f"{reverse('account_login')}?{query}"
        return context


class ShareLinkView(View):
    """A network's share link (networks/share_links.py), as its facilitators pass it on: opened
    signed in, this session holds the link and goes on to the network's card (where it may ask
    to join); someone not signed in signs in first and comes back here. A token that is no
    network's current one answers the 404 of a network that does not exist."""

    http_method_names = ["get", "head"]

    def get(self, request, token):
        network = selectors.network_by_share_token(token=token)
        if network is None:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        share_links.remember(request, network)
        return redirect(network)
