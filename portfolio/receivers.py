"""What the portfolio does when minutes are published (minutes sends the signal: it never imports
portfolio)."""

from django.dispatch import receiver

from minutes.models import Minutes
from minutes.signals import minutes_published
from portfolio.library_services import library_rebuild


@receiver(minutes_published, sender=Minutes)
def rebuild_library_when_published(sender, session, **kwargs):
    """The insight library's cards of the session, from its latest published version, in the
    publishing transaction."""
    library_rebuild(session=session)
