from django.dispatch import receiver

from evaluations.services import session_evaluation_open
from sessions.models import LearningSession
from sessions.signals import session_held


@receiver(session_held, sender=LearningSession)
def open_session_evaluation(sender, session, acting_user=None, **kwargs):
    session_evaluation_open(session=session, acting_user=acting_user)
