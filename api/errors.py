"""Every API error is JSON, in the caller's language (``Accept-Language``, else the person's
profile, else Dutch; api/base.py activates it before anything can fail):

    {"error": "<code>", "message": "<translated sentence>", "fields": {"<field>": ["…"]}}

``fields`` only for a request whose body or parameters were refused field by field. A business
rule's "no" (``core.errors.ApplicationError``) is a 400 with its own translated message; "not
found" and "not allowed" are the same 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError


def not_found_message() -> str:
    return gettext("Not found, or not yours to see.")


def _codes(detail):
    if isinstance(detail, list):
        return [str(item) for item in detail]
    if isinstance(detail, dict):
        return {key: _codes(value) for key, value in detail.items()}
    return [str(detail)]


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return Response(
            {"error": exc.code, "message": exc.message}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, (Http404, exceptions.NotFound)):
        return Response(
            {"error": "not_found", "message": not_found_message()},
            status=status.HTTP_404_NOT_FOUND,
        )
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body = {"error": "invalid", "message": gettext("The request was not valid.")}
    if isinstance(exc, exceptions.ValidationError):
        body["message"] = gettext("Some fields were not valid: see 'fields'.")
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body["fields"] = _codes(detail)
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        body["error"] = codes if isinstance(codes, str) else exc.default_code
        body["message"] = str(exc.detail)
    response.data = body
    return response


@csrf_exempt  # no session is read or changed: a token API has no CSRF to protect against
def json_not_found(request, *args, **kwargs):
    """Any path under /api/ that is no endpoint: a JSON 404, not the HTML page."""
    return JsonResponse({"error": "not_found", "message": not_found_message()}, status=404)
