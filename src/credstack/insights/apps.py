from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "credstack.insights"
    label = "insights"
