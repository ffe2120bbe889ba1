from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "credstack.verification"
    label = "verification"
