from django.apps import AppConfig


class PolicyappConfig(AppConfig):
    name = "policyapp"
    verbose_name = "policyapp"
