from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "indgang.demo"
    label = "demo"
    verbose_name = "Demo data"
