"""Who an evaluation action would email, for the confirmation page that asks first
(pages/core/actions.py, issue 24). Reads only."""

from django.db.models import Exists, OuterRef

from evaluations.models import EvaluationEmail
from networks.enums import MembershipStatus, Role
from networks.models import Membership


def intake_uninvited_names(*, network) -> list[str]:
    """The members holding a seat who have had no intake invitation yet: opening the intake, or
    moving its deadline, emails them (``evaluations.services.intake_open``) and nobody else."""
    invited = EvaluationEmail.objects.filter(
        intake__network=network, user=OuterRef("user"), kind="invitation"
    )
    return list(
        Membership.objects.filter(network=network, status=MembershipStatus.ACTIVE, role=Role.MEMBER)
        .exclude(Exists(invited))
        .order_by("user__full_name")
        .values_list("user__full_name", flat=True)
    )
