"""System checks for reports: the retention period cannot be negative.

A negative ``LEERNET_RETENTION_MONTHS`` would date the cutoff in the future and anonymise networks
the moment they close; ``manage.py check``, the server and the workers refuse to start instead."""

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _


@checks.register()
def check_retention_months(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    months = settings.LEERNET_RETENTION_MONTHS
    if isinstance(months, int) and not isinstance(months, bool) and months >= 0:
        return []
    return [
        checks.Error(
            _(
                "LEERNET_RETENTION_MONTHS must be a whole number of months, 0 or more "
                "(it is %(value)r)."
            )
            % {"value": months},
            hint=_(
                "Set it to 12 (the default) or another number of months after a network closes."
            ),
            id="reports.E001",
        )
    ]
