from django.apps import AppConfig


class PolicyappConfig(AppConfig):
    name = "policyapp"
    verbose_name = "policyapp"

    def ready(self) -> None:
        from policyapp import signals  # noqa: F401  (connects the receivers)
