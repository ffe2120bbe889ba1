from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "credstack.integrations"
    label = "integrations"

    def ready(self) -> None:
        # Design may not import integrations (import-linter), so integrations hands design its
        # celebration-page additions: counted sharing and completed-stack learner records.
        from credstack.design.services import register_celebration_extras

        from .services.celebration import celebration_extras

        register_celebration_extras("integrations", celebration_extras)
