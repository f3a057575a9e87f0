"""Files people download or get attached (PDF, CSV): a name that says what the file is and which
network it belongs to, in the network's language, and safe as a plain ASCII file name."""

import re

from django.http import HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(pattern, *, language: str, **parts) -> str:
    """``pattern`` is a translatable name with ``parts`` placeholders, rendered in ``language``.
    Every part is slugified; what is left that is not ASCII becomes a hyphen, so the name needs
    no quoting anywhere (a ZIP entry, a Content-Disposition header)."""
    values = {key: slugify(str(value)) for key, value in parts.items()}
    with translation.override(language):
        name = str(pattern) % values
    return _UNSAFE.sub("-", name)


def download_name(pattern, *, network, **parts) -> str:
    """``pattern`` is a translatable name with ``%(network)s`` and ``parts`` placeholders
    ("minutes-%(network)s-session-%(number)s.pdf"), rendered in the network's language, the
    network named by its slug (see ``file_name``)."""
    return file_name(
        pattern,
        language=network.language,
        network=slugify(network.name) or str(network.pk),
        **parts,
    )


def attachment_response(content, *, content_type: str, filename: str) -> HttpResponse:
    """A download: ``content`` with the Content-Disposition that saves it as ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
