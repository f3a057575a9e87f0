from django.apps import AppConfig


class TestIdentityProviderConfig(AppConfig):
    name = "tests.idp"
    label = "test_idp"
