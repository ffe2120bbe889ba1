from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "credstack.learning"
    label = "learning"
