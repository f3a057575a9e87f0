"""The schema's shared parts: every operation documents the errors it can answer (all JSON,
api/errors.py), so a contract test can hold every response to the schema."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from api.serializers import ErrorSerializer

ERROR = OpenApiResponse(ErrorSerializer, description="A JSON error with a translated message.")
COMMON_ERRORS = dict.fromkeys((400, 401, 403, 404, 406, 413, 415, 429), ERROR)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="20–64 letters, digits, '-' or '_': a repeat answers the first answer again.",
)


def operation(ok, *, summary: str, public: bool = False, writes: bool = False, **kwargs):
    responses = {200: ok, **COMMON_ERRORS}
    if writes:
        responses[409] = ERROR
    parameters = list(kwargs.pop("parameters", []))
    if writes:
        parameters.append(IDEMPOTENCY_KEY)
    extra = {"auth": []} if public else {}
    return extend_schema(
        summary=summary, responses=responses, parameters=parameters, **extra, **kwargs
    )
