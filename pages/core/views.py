"""The pages of no app in particular: the front page, the privacy page and the bench's floor."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render


def home(request):
    """The front page for visitors; signed-in people go straight to their networks."""
    if request.user.is_authenticated:
        return redirect("networks:dashboard")
    return render(request, "home.html")


@login_required
def bench_floor(request):
    """The framework's floor for `make bench` (docs/performance.md): a signed-in page through
    the same middleware, session store and user lookup as every page, with a small template
    and nothing else. Mounted only when settings.LEERNET_BENCH_FLOOR is on (config/urls.py)."""
    return render(request, "bench_floor.html")


def privacy(request):
    """What Leernet stores, why, how long and who sees it: public, in the visitor's language
    (docs/privacy.md is the same story for developers and operators)."""
    return render(request, "privacy.html")
