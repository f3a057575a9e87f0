"""The stored health snapshots for the coordinators' overview (networks.models.HealthSnapshot)."""

from django.conf import settings
from django.utils import timezone, translation

from core.health import health_for
from networks.enums import NetworkStatus
from networks.models import HealthSnapshot, Network


def health_snapshot_refresh(*, network: Network) -> HealthSnapshot:
    """Measure ``network``'s health (every provider of core.health) and keep the warnings'
    titles in each language of the site, for the coordinators' overview. No email, no audit:
    it only stores what the facilitators' own page computes live."""
    titles: dict[str, list[str]] = {}
    count = 0
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            # What the facilitators see, less what may not leave the group (Signal.leaves_network).
            warnings = [
                signal
                for signal in health_for(network=network)
                if signal.is_warning and signal.leaves_network
            ]
        titles[language] = [str(signal.title) for signal in warnings]
        count = len(warnings)
    snapshot, _created = HealthSnapshot.objects.update_or_create(
        network=network,
        defaults={"warnings": titles, "warning_count": count, "measured_at": timezone.now()},
    )
    return snapshot


def health_snapshots_refresh() -> int:
    """Refresh the snapshot of every network an organisation runs that is not a draft."""
    networks = Network.objects.filter(organisation__isnull=False).exclude(
        status=NetworkStatus.DRAFT
    )
    refreshed = 0
    for network in networks.iterator():
        health_snapshot_refresh(network=network)
        refreshed += 1
    return refreshed
