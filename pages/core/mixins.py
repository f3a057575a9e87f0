"""The one way a page finds its object and checks a permission (the door every page goes
through; the network pages' door builds on it: pages/networks/mixins.py)."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


class ScopedPermissionMixin:
    """The one way a view finds its object and checks a permission.

    ``find_object(user, pk)`` returns the object in the URL (``pk``) only if the user may know it
    exists (by default: looked up in ``get_scoped_queryset(user)``; the network mixins look it up
    by primary key and ask the permission layer, pages/networks/mixins.py), then
    ``permission_rules.has_perm(user, permission_required, obj)`` decides. Anonymous visitors go
    to the login page; everyone else without the right gets the same 404 as for an object that
    does not exist, so existence does not leak.
    """

    permission_required: str = ""
    permission_rules = None  # a <app>.rules module
    url_kwarg = "pk"

    def get_scoped_queryset(self, user):
        raise NotImplementedError

    def find_object(self, user, pk):
        """The object with ``pk`` if ``user`` may know it exists, else None (a 404)."""
        return self.get_scoped_queryset(user).filter(pk=pk).first()

    def set_object(self, obj) -> None:
        """Keep the object on the view under its own name (self.network, self.session…)."""
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        obj = self.find_object(request.user, kwargs[self.url_kwarg])
        if obj is None:
            raise Http404
        self.set_object(obj)
        if not self.permission_rules.has_perm(request.user, self.permission_required, obj):
            raise Http404
        first = self.unmet_requirement(request)
        if first is not None:
            return first
        return super().dispatch(request, *args, **kwargs)

    def unmet_requirement(self, request):
        """A response sending a permitted user somewhere else first (e.g. to set up two-factor
        sign-in), or None to go on to the view."""
        return None
