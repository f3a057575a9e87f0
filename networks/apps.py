from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Learning networks")

    def ready(self):
        from core.erasure import register_eraser
        from core.health import register_health_provider
        from core.todo import register_task_provider
        from networks.health import network_health
        from networks.services import membership_erase_user
        from networks.todo import network_tasks

        register_health_provider(network_health)
        register_task_provider(network_tasks)
        register_eraser(membership_erase_user)
