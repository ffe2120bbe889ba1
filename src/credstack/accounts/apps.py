from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "credstack.accounts"
    label = "accounts"
