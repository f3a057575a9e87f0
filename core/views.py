"""HTTP glue shared by the apps."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from core.errors import ApplicationError


class ServiceActionView(View):
    """A POST that calls one service through ``act()`` and goes back to a page with a message.

    ``act()`` returns the success message; an ApplicationError becomes an error message. Put a
    permission mixin first in the bases."""

    http_method_names = ["post"]

    def act(self) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            message = self.act()
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if message:
                messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url())


class ScopedPermissionMixin:
    """The one way a view finds its object and checks a permission.

    ``get_scoped_queryset(user)`` returns only what the user may know exists; the object in the
    URL (``pk``) is looked up there, then ``permission_rules.has_perm(user, permission_required,
    obj)`` decides. Anonymous visitors go to the login page; everyone else without the right gets
    the same 404 as for an object that does not exist, so existence does not leak.
    """

    permission_required: str = ""
    permission_rules = None  # a <app>.rules module
    url_kwarg = "pk"

    def get_scoped_queryset(self, user):
        raise NotImplementedError

    def set_object(self, obj) -> None:
        """Keep the object on the view under its own name (self.network, self.session…)."""
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        obj = get_object_or_404(self.get_scoped_queryset(request.user), pk=kwargs[self.url_kwarg])
        self.set_object(obj)
        if not self.permission_rules.has_perm(request.user, self.permission_required, obj):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def home(request):
    """The front page for visitors; signed-in people go straight to their networks."""
    if request.user.is_authenticated:
        return redirect("networks:dashboard")
    return render(request, "home.html")
