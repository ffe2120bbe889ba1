from django.apps import AppConfig


class IssuanceConfig(AppConfig):
    name = "credstack.issuance"
    label = "issuance"
    verbose_name = "Issuance"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
