"""PDF rendering with WeasyPrint, which may fetch only the project's own static files."""

import logging
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def static_roots() -> list[Path]:
    roots = [Path(path) for path in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def _fetcher_class():
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 (lazy: WeasyPrint)

    class StaticOnlyURLFetcher(URLFetcher):
        """Allows data: URIs and file: URLs inside the static roots, nothing else: no http(s),
        no other local file, no redirects. Refused URLs are recorded in ``refused``."""

        def __init__(self, roots):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=5)
            self.roots = roots
            self.refused = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path)).resolve()
                if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %s", url)
            raise ValueError(f"fetching {url!r} is not allowed")

    return StaticOnlyURLFetcher


def make_fetcher():
    return _fetcher_class()(static_roots())


def render_pdf(*, template: str, context: dict, language: str, fetcher=None) -> bytes:
    """Render a template to PDF in ``language``."""
    with translation.override(language):
        html = render_to_string(template, context)
    return html_to_pdf(html, fetcher=fetcher)


def html_to_pdf(html: str, *, fetcher=None) -> bytes:
    """HTML to PDF. Relative URLs resolve against our static dir; the fetcher guards the rest."""
    import weasyprint  # noqa: PLC0415 (lazy: WeasyPrint, ~0.7 s, paid once per worker process)

    base_url = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=fetcher or make_fetcher()
    )
    return document.write_pdf()
