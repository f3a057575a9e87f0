"""A facilitator's own work forms, and the curated catalogue kept in step with its data file."""

from django.utils import timezone

from core.fragments import WORK_FORM_CATALOGUE, fragment_changed
from networks.models import Network
from sessions.catalogue import CATALOGUE
from sessions.models import WorkForm
from sessions.services.common import _require_facilitator


def work_form_create(*, network: Network, data: dict, acting_user) -> WorkForm:
    """A facilitator's own method, visible within their network (``acting_user`` becomes its
    author). Written once, shown in both languages."""
    _require_facilitator(acting_user, network)
    texts = {}
    for field in ("name", "purpose", "steps", "roles", "materials"):
        texts[f"{field}_nl"] = texts[f"{field}_en"] = data[field]
    work_form = WorkForm(
        network=network,
        slug=f"custom-{timezone.now():%Y%m%d%H%M%S%f}",
        min_group=data["min_group"],
        max_group=data["max_group"],
        duration_minutes=data["duration_minutes"],
        created_by=acting_user,
        **texts,
    )
    work_form.full_clean()
    work_form.save()
    fragment_changed(WORK_FORM_CATALOGUE)
    return work_form


def work_form_sync_catalogue() -> int:
    """Bring the curated catalogue in the database in line with sessions.catalogue."""
    for entry in CATALOGUE:
        WorkForm.objects.update_or_create(
            network=None,
            slug=entry["slug"],
            defaults={key: value for key, value in entry.items() if key != "slug"},
        )
    fragment_changed(WORK_FORM_CATALOGUE)
    return len(CATALOGUE)
