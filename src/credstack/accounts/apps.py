from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "credstack.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from . import tasks  # noqa: F401 - registers the outbox delivery task
