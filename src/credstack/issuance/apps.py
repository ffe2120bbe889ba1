from django.apps import AppConfig


class IssuanceConfig(AppConfig):
    name = "credstack.issuance"
    label = "issuance"
