"""The accounts app's beat task: the OAuth provider's expired tokens (issue 27)."""

import logging

from celery import shared_task

from accounts.oauth import clear_expired_tokens as clear

logger = logging.getLogger(__name__)


@shared_task
def clear_expired_tokens() -> int:
    """Beat, daily: the provider's expired tokens and authorization codes go (what allauth's
    ``oidc_cleartokens`` command does), and the grants no token refers to any more
    (``accounts.oauth.clear_expired_tokens``; docs/operations.md). Returns how many tokens went."""
    tokens, grants = clear()
    logger.info("cleared %s expired OAuth tokens and %s grants", tokens, grants)
    return tokens
