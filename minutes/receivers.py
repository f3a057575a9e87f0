"""What minutes does when sessions change (sessions sends signals: it never imports minutes)."""

from django.dispatch import receiver

from minutes.services import actions_feed_back
from sessions.models import LearningSession
from sessions.signals import session_held, session_planned


@receiver(session_planned, sender=LearningSession)
def feed_back_actions_when_planned(sender, session, **kwargs):
    """The new session's agenda gets the feedback item on the previous session's try-out
    actions; what was not done carries over."""
    actions_feed_back(session=session)


@receiver(session_held, sender=LearningSession)
def carry_unanswered_actions_when_held(sender, session, **kwargs):
    """Once the session took place, actions of the previous session nobody answered carry over
    too."""
    actions_feed_back(session=session)
