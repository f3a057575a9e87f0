"""What every API view shares: the caller's language, a bounded body, ETags on GET, and the
``Idempotency-Key`` on POST and PUT (the same claim as the pages' idempotency tokens,
core/idempotency.py)."""

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.idempotency import TOKEN_PATTERN, StillRunning, run_once_result

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The same Idempotency-Key is still being processed; try again shortly.")
    default_code = "in_progress"


def asked_language(request) -> str | None:
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        code = code.split("-")[0].lower()
        if code in SUPPORTED:
            return code
    return None


def etag_of(data) -> str:
    raw = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder).encode()
    return '"' + hashlib.sha256(raw).hexdigest()[:32] + '"'


class ApiView(GenericAPIView):
    """The base of every API view."""

    scopes: dict[str, str] = {}
    # No OPTIONS self-description: the schema describes the API (and DRF's metadata would
    # build forms from querysets these views do not have).
    metadata_class = None

    def initial(self, request, *args, **kwargs):
        asked = asked_language(request)
        translation.activate(asked or settings.LANGUAGE_CODE)
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > settings.LEERNET_API_MAX_BODY_BYTES:
            raise BodyTooLarge
        super().initial(request, *args, **kwargs)
        user = request.user
        if asked is None and user.is_authenticated and user.language in SUPPORTED:
            translation.activate(user.language)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = etag_of(response.data)
            response["ETag"] = etag
            asked = request.META.get("HTTP_IF_NONE_MATCH", "")
            if etag in [tag.strip() for tag in asked.split(",")]:
                response = Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
                response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ["Accept-Language", "Authorization"])
        return response

    def run_once(self, request, create):
        """``create()`` → (status, body), once per ``Idempotency-Key`` (when given) for this
        caller and path; a repeat answers the first answer again, with
        ``Idempotent-Replayed: true``. Only a success is remembered."""
        key = request.META.get("HTTP_IDEMPOTENCY_KEY")
        if key is None:
            code, body = create()
            return Response(body, status=code)
        if not TOKEN_PATTERN.match(key):
            raise exceptions.ValidationError(
                {"Idempotency-Key": [_("Use 20 to 64 letters, digits, '-' or '_'.")]}
            )
        principal = f"token-client:{request.auth.client_id}:user:{request.user.pk}"

        def first():
            code, body = create()  # a refusal raises: nothing is remembered
            return [code, body]

        try:
            result, replayed = run_once_result(
                principal=principal, scope=request.path, token=key, create=first
            )
        except StillRunning as error:
            raise Conflict from error
        response = Response(result[1], status=result[0])
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response
