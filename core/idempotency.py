"""One double submit, one object: an idempotency token for create forms.

Every create form carries a hidden random token (``IdempotentFormMixin``). The view
(``IdempotentFormViewMixin``, or ``run_once`` for a hand-written ``post``) claims the token with
``cache.add`` — atomic in Redis (SET NX), which is the cache in production and under CI — before
it creates anything, and remembers where the first request redirected to. A second POST with the
same token creates nothing: it waits briefly for the first to finish and is sent to the same page
with a message. If the first request fails (an invalid form, an ApplicationError, an exception)
the claim is released, so submitting again works.

Why the cache and not a table: the mechanism must serve every app (networks included, which sits
below sessions), and a model needs an app. A double click is a matter of seconds; the claim lives
for a day, which also covers the back button. If Redis loses the key (a restart within that
window), the worst case is the duplicate this replaces. The embedded default's file cache is not
atomic across processes; it is for a single developer.

Self-contained (Django only), so it can move to a shared app as is. Usage::

    class ThingForm(IdempotentFormMixin, forms.ModelForm): ...

    class ThingCreateView(SomePermissionMixin, IdempotentFormViewMixin, FormView):
        form_class = ThingForm
        def form_valid(self, form):          # unchanged: create, then redirect
            thing = services.thing_create(...)
            return redirect(thing)
"""

import hashlib
import re
import secrets
import time

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

FIELD_NAME = "idempotency_token"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
CLAIM_SECONDS = 24 * 60 * 60
WAIT_SECONDS = 10.0
_PENDING = "pending"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class IdempotencyTokenField(forms.CharField):
    """A hidden field whose initial value is a fresh random token each time a form is made."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("initial", new_token)
        kwargs.setdefault(
            "error_messages",
            {"required": _("This form has expired. Please check it and submit it again.")},
        )
        super().__init__(required=True, max_length=64, **kwargs)

    def validate(self, value):
        super().validate(value)
        if not TOKEN_PATTERN.match(value):
            raise ValidationError(self.error_messages["required"], code="invalid")


class IdempotentFormMixin:
    """Put first in a form's bases: adds the hidden ``idempotency_token`` field.

    After validation the token is taken out of ``cleaned_data`` (so views can pass cleaned_data
    on as before) and kept as ``form.idempotency_token``. A missing or malformed token becomes a
    form-wide error and the form is rendered again with a fresh token."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD_NAME] = IdempotencyTokenField()
        self.idempotency_token = None

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        if hasattr(self, "cleaned_data"):
            self.idempotency_token = self.cleaned_data.pop(FIELD_NAME, None)
        errors = self._errors.pop(FIELD_NAME, None)
        if errors:
            self._errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield"))
            self._errors[NON_FIELD_ERRORS].extend(errors)
            self.data = self.data.copy()
            self.data[self.add_prefix(FIELD_NAME)] = new_token()


def _key(request, scope: str, token: str) -> str:
    return _key_for(request.user.pk, scope, token)


def _key_for(principal, scope: str, token: str) -> str:
    raw = f"{principal}:{scope}:{token}"
    return "idempotency:" + hashlib.sha256(raw.encode()).hexdigest()


def run_once(*, request, token: str, create, scope: str | None = None, fallback_url: str = ""):
    """Call ``create()`` (which returns a response) once per user, scope and token.

    The first call claims the token; if ``create()`` answers with a redirect, that target is
    remembered and a repeat is redirected there too, with a message. Any other answer or an
    exception releases the claim. ``scope`` defaults to the request path, so one token cannot
    be replayed against another form."""
    key = _key(request, scope or request.path, token)
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(key, _PENDING, CLAIM_SECONDS):
        target = cache.get(key)
        if target not in (None, _PENDING):
            messages.info(request, gettext("This form had already been sent; here is the result."))
            return HttpResponseRedirect(target)
        if target == _PENDING and time.monotonic() > deadline:
            messages.info(
                request,
                gettext("This form had already been sent and is still being processed."),
            )
            return HttpResponseRedirect(fallback_url or request.path)
        time.sleep(0.05)
    try:
        response = create()
    except BaseException:
        cache.delete(key)
        raise
    if isinstance(response, HttpResponseRedirect):
        cache.set(key, response.url, CLAIM_SECONDS)
    else:
        cache.delete(key)
    return response


class IdempotentFormViewMixin:
    """For a FormView (put it after the permission mixin) whose form uses
    ``IdempotentFormMixin``. ``form_valid`` stays as it is: it runs once per token."""

    def get_idempotency_fallback_url(self) -> str:
        """Where a repeat goes while the first request has not finished yet."""
        return self.request.path

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        return run_once(
            request=request,
            token=form.idempotency_token,
            create=lambda: self.form_valid(form),
            fallback_url=self.get_idempotency_fallback_url(),
        )


class StillRunning(Exception):
    """A repeat of a request whose first call has not finished within ``WAIT_SECONDS``."""


def run_once_result(*, principal, scope: str, token: str, create):
    """The API's ``Idempotency-Key`` (api/base.py): the same claim as ``run_once``, for a
    ``create()`` that returns a JSON-ready result instead of a redirect. The first call per
    principal, scope and token runs ``create()`` and remembers its result for ``CLAIM_SECONDS``;
    a repeat returns that result, ``(result, True)``, and creates nothing. An exception, or a
    result of None (a refusal the caller may correct and send again), releases the claim.
    Raises ``StillRunning`` when the first call is still busy after ``WAIT_SECONDS``."""
    key = _key_for(principal, scope, token)
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(key, _PENDING, CLAIM_SECONDS):
        stored = cache.get(key)
        if stored not in (None, _PENDING):
            return stored, True
        if stored == _PENDING and time.monotonic() > deadline:
            raise StillRunning
        time.sleep(0.05)
    try:
        result = create()
    except BaseException:
        cache.delete(key)
        raise
    if result is None:
        cache.delete(key)
    else:
        cache.set(key, result, CLAIM_SECONDS)
    return result, False
