from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "credstack.web"
    label = "web"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the configuration checks
