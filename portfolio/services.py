"""Writes for the learning portfolio: a member's reflection, issuing and revoking participation
statements (issue 14), and their stored PDFs. Reads are in portfolio/selectors.py, the PDFs'
context and rendering in portfolio/documents.py; the insight library's writes in
portfolio/library_services.py."""

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from core.stored_pdf import input_fingerprint, stored_pdf_render, stored_pdf_request
from networks import rules as network_rules
from networks.models import Network
from portfolio import selectors as portfolio
from portfolio import tasks
from portfolio.audit import AuditAction
from portfolio.documents import portfolio_html, portfolio_pdf, statement_pdf
from portfolio.models import (
    ParticipationStatement,
    PortfolioPdf,
    SessionReflection,
    StatementPdf,
)
from sessions.enums import SessionStatus
from sessions.models import LearningSession

REFLECTION_MAX = 4000


def reflection_save(*, network: Network, session_id: int, text: str, acting_user) -> None:
    """The member's own reflection on a held session of the network (empty text clears it)."""
    if portfolio.portfolio_membership(user=acting_user, network_id=network.pk) is None:
        raise ApplicationError(_("This portfolio is not yours."))
    text = (text or "").strip()
    if len(text) > REFLECTION_MAX:
        raise ApplicationError(
            _("A reflection can be at most %(max)s characters.") % {"max": REFLECTION_MAX}
        )
    session = LearningSession.objects.filter(
        pk=session_id, network=network, status=SessionStatus.HELD
    ).first()
    if session is None:
        raise ApplicationError(_("You can reflect only on a session that was held."))
    with transaction.atomic():
        SessionReflection.objects.update_or_create(
            user=acting_user, session=session, defaults={"text": text}
        )


def statement_issue(*, network: Network, acting_user) -> ParticipationStatement:
    """The member's participation statement, its facts frozen now. A second request returns
    the statement already issued (not revoked) instead of a new one."""
    if portfolio.portfolio_membership(user=acting_user, network_id=network.pk) is None:
        raise ApplicationError(_("This portfolio is not yours."))
    if not portfolio.network_has_ended(network):
        raise ApplicationError(
            _(
                "A participation statement can be made only when the network has ended "
                "(closed, or past its end date)."
            )
        )
    with transaction.atomic():
        existing = portfolio.my_statement(user=acting_user, network=network)
        if existing is not None:
            return existing
        attended, held = portfolio.attended_sessions(user=acting_user, network=network)
        statement = ParticipationStatement.objects.create(
            token=secrets.token_urlsafe(32),
            network=network,
            user=acting_user,
            member_name=acting_user.full_name or acting_user.email,
            network_name=network.name,
            organisation_name=network.organisation.name if network.organisation_id else "",
            facilitator_names=", ".join(portfolio.facilitator_names(network))[:500],
            start_date=network.start_date,
            end_date=network.end_date,
            sessions_attended=len(attended),
            sessions_held=held,
            minutes_attended=sum(session.duration_minutes for session in attended),
            issued_at=timezone.now(),
        )
        audit_record(
            actor=acting_user,
            action=AuditAction.STATEMENT_ISSUED,
            network=network,
            subject=acting_user,
            detail=f"statement {statement.pk}",
        )
    return statement


def statement_revoke(*, statement: ParticipationStatement, acting_user) -> None:
    """A facilitator of the statement's network revokes it: its public page says so."""
    network = statement.network
    if not network_rules.is_facilitator(acting_user, network):
        raise ApplicationError(_("Only a facilitator of the network can revoke a statement."))
    with transaction.atomic():
        updated = ParticipationStatement.objects.filter(
            pk=statement.pk, revoked_at__isnull=True
        ).update(revoked_at=timezone.now(), revoked_by=acting_user)
        if updated:
            audit_record(
                actor=acting_user,
                action=AuditAction.STATEMENT_REVOKED,
                network=network,
                subject=statement.user,
                detail=f"statement {statement.pk}",
            )


def portfolio_erase_user(*, user, old_email: str, old_name: str) -> None:
    """The portfolio's part of deleting ``user``'s account (core/erasure.py): their reflections
    go, and so do their participation statements (the verification link then finds nothing:
    a 404, as for a token that never existed)."""
    SessionReflection.objects.filter(user=user).delete()
    PortfolioPdf.objects.filter(user=user).delete()
    ParticipationStatement.objects.filter(user=user).delete()


# A participation statement's PDF ------------------------------------------------------------

STATEMENT_LAYOUT = "1"


def statement_pdf_request(*, statement, language: str, retry: bool = False) -> StatementPdf:
    """The stored PDF of the statement in ``language`` (``stored_pdf_request``): its facts are
    frozen, so only the layout, the language and the verification link make a new version."""
    return stored_pdf_request(
        StatementPdf,
        key={"statement": statement, "language": language},
        fingerprint=input_fingerprint(
            [STATEMENT_LAYOUT, language, settings.SITE_URL, [statement.pk, statement.token]]
        ),
        task=tasks.render_statement_pdf,
        retry=retry,
    )


def statement_pdf_render(*, report_id: int) -> bool:
    """The Celery task's work (``stored_pdf_render``), in the PDF's language."""
    return stored_pdf_render(
        StatementPdf.objects.select_related("statement"),
        report_id,
        lambda report: statement_pdf(statement=report.statement, language=report.language),
    )


# A member's learning portfolio -------------------------------------------------------------


def portfolio_pdf_request(*, user, network, language: str, retry: bool = False) -> PortfolioPdf:
    """The stored portfolio PDF of ``user`` in ``network`` in ``language``
    (``stored_pdf_request``); the fingerprint is a hash of the portfolio's HTML (no WeasyPrint
    in the request), so any change of what it shows is a new version."""
    return stored_pdf_request(
        PortfolioPdf,
        key={"user": user, "network": network, "language": language},
        fingerprint=input_fingerprint(
            [language, portfolio_html(user=user, network=network, language=language)]
        ),
        task=tasks.render_portfolio_pdf,
        retry=retry,
    )


def portfolio_pdf_render(*, report_id: int) -> bool:
    """The Celery task's work (``stored_pdf_render``), in the PDF's language."""
    return stored_pdf_render(
        PortfolioPdf.objects.select_related("user", "network"),
        report_id,
        lambda report: portfolio_pdf(
            user=report.user, network=report.network, language=report.language
        ),
    )
