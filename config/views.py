"""HTTP glue shared by the apps."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.views import View

from config.errors import ApplicationError


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
