"""The portfolio's documents: a member's learning portfolio and a participation statement as
PDFs (their context and rendering; pretalx's exporters). Rendered only in the Celery tasks
(``portfolio.services.portfolio_pdf_render``, ``statement_pdf_render``); the portfolio's HTML is
also the fingerprint of its stored version."""

import base64

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils import translation

from core.pdf import html_to_pdf, render_pdf
from networks.models import Network
from portfolio import links
from portfolio import selectors as portfolio
from portfolio.models import ParticipationStatement

# A member's learning portfolio ---------------------------------------------------------------


def portfolio_html(*, user, network: Network, language: str) -> str:
    """The portfolio PDF's HTML (also the fingerprint of its stored version)."""
    context = portfolio.portfolio(user=user, network=network)
    context.update(network=network, member=user)
    with translation.override(language):
        return render_to_string("reports/pdf/portfolio.html", context)


def portfolio_pdf(*, user, network: Network, language: str) -> bytes:
    """Render the portfolio (only in the Celery task: ``portfolio_pdf_render``)."""
    return html_to_pdf(portfolio_html(user=user, network=network, language=language))


# A participation statement -------------------------------------------------------------------


def statement_url(statement: ParticipationStatement) -> str:
    """The statement's public verification page, which its PDF prints and encodes."""
    return links.statement_verify_url(token=statement.token)


def qr_svg(url: str) -> bytes:
    """The QR code of ``url`` as SVG (one rect per dark module), made locally."""
    code = qrcode.QRCode(border=4, box_size=10, image_factory=qrcode.image.svg.SvgImage)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image().to_string()


def qr_data_uri(url: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(url)).decode("ascii")


def statement_context(statement: ParticipationStatement) -> dict:
    url = statement_url(statement)
    return {"statement": statement, "verify_url": url, "qr": qr_data_uri(url)}


def statement_pdf(*, statement: ParticipationStatement, language: str) -> bytes:
    return render_pdf(
        template="reports/pdf/statement.html",
        context=statement_context(statement),
        language=language,
    )
