"""The minutes' documents: a version's PDF, its context and rendering (pretalx's exporters).
Rendered once per version, in the Celery task (``minutes.services.version_render_pdf``)."""

from core.pdf import render_pdf
from minutes.models import MinutesVersion


def minutes_pdf_bytes(*, version: MinutesVersion) -> bytes:
    session = version.minutes.session
    network = session.network
    return render_pdf(
        template="reports/pdf/minutes.html",
        context={
            "version": version,
            "content": version.content,
            "session": session,
            "network": network,
            "recipients": list(
                version.deliveries.filter(resend_of__isnull=True)
                .select_related("recipient")
                .order_by("recipient__full_name")
            ),
        },
        language=network.language,
    )
