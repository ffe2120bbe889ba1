from django.apps import AppConfig


class DesignConfig(AppConfig):
    name = "credstack.design"
    label = "design"
