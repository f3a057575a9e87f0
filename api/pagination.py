"""Cursor pagination over a stable order (the primary key, or what a list orders by with the key
last): pages hold when rows are added between two calls. A cursor that is not one of ours is a
400 with a message, never a 500 or a silent first page."""

import binascii
from base64 import b64decode
from urllib.parse import parse_qs

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_cursor_message = _(
        "This cursor is not valid: use the 'next' or 'previous' link as given."
    )

    def _refuse(self):
        return exceptions.ValidationError(
            {"cursor": [self.invalid_cursor_message]}, code="invalid_cursor"
        )

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        # DRF takes any base64 without its keys as the first page; ours must be one of ours.
        try:
            tokens = parse_qs(b64decode(encoded.encode("ascii"), validate=True).decode("ascii"))
        except (UnicodeError, ValueError, binascii.Error) as error:
            raise self._refuse() from error
        if not tokens or not set(tokens) <= {"o", "r", "p"}:
            raise self._refuse()
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound as error:
            raise self._refuse() from error

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isdigit() and 0 < int(raw) <= self.max_page_size):
            raise exceptions.ValidationError(
                {"page_size": [_("Give a page size from 1 to 200.")]}, code="invalid"
            )
        return super().get_page_size(request)
