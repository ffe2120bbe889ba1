from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "credstack.skills"
    label = "skills"
