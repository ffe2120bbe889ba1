from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "credstack.integrations"
    label = "integrations"
