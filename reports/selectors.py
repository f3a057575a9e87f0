"""Reads for minutes and reports."""

from django.db.models import Prefetch

from reports.models import Minutes, MinutesDelivery, MinutesVersion
from sessions.models import LearningSession


def minutes_for_session(*, session: LearningSession) -> Minutes | None:
    return (
        Minutes.objects.filter(session=session)
        .prefetch_related("actions", "item_notes", "comments__author")
        .first()
    )


def versions(*, session: LearningSession) -> list[MinutesVersion]:
    """Published versions, newest first, without their PDF bytes."""
    return list(
        MinutesVersion.objects.filter(minutes__session=session)
        .defer("pdf")
        .select_related("published_by")
        .order_by("-number")
    )


def version_with_deliveries(*, session: LearningSession) -> list[MinutesVersion]:
    return list(
        MinutesVersion.objects.filter(minutes__session=session)
        .defer("pdf")
        .prefetch_related(
            Prefetch(
                "deliveries",
                queryset=MinutesDelivery.objects.select_related("recipient").order_by(
                    "recipient__full_name"
                ),
            )
        )
        .order_by("-number")
    )
