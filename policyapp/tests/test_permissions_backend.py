"""The permissions backend: ModelBackend's answers, in one query."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policyapp.permissions import OneQueryModelBackend
from policyapp.roles import ADMINISTRATORS, ANALYSTS, VIEWERS
from policyapp.tests import factories

pytestmark = pytest.mark.django_db


def _fresh(user):
    # Each backend keeps what it read on the user object: ask each with a fresh one.
    return type(user).objects.get(pk=user.pk)


def _users():
    viewer = factories.user_with_role(VIEWERS)
    analyst = factories.user_with_role(ANALYSTS)
    two_roles = factories.user_with_role(VIEWERS)
    two_roles.groups.add(Group.objects.get(name=ADMINISTRATORS))
    own = factories.user_with_role(VIEWERS)
    own.user_permissions.add(Permission.objects.get(codename="settle_tag"))
    no_role = factories.user_with_role(VIEWERS)
    no_role.groups.clear()
    superuser = factories.user_with_role(VIEWERS)
    superuser.is_superuser = True
    superuser.save()
    inactive = factories.user_with_role(ANALYSTS)
    inactive.is_active = False
    inactive.save()
    return [viewer, analyst, two_roles, own, no_role, superuser, inactive]


def test_every_kind_of_user_has_the_permissions_modelbackend_gives():
    for user in _users():
        expected = ModelBackend().get_all_permissions(_fresh(user))
        assert OneQueryModelBackend().get_all_permissions(_fresh(user)) == expected, user
    assert OneQueryModelBackend().get_all_permissions(AnonymousUser()) == set()


def test_a_users_own_and_their_groups_permissions_come_in_one_query_kept_for_the_request():
    user = _fresh(_users()[3])  # a role and a permission of their own
    backend = OneQueryModelBackend()
    with CaptureQueriesContext(connection) as queries:
        assert backend.has_perm(user, "policyapp.settle_tag")
        assert backend.has_perm(user, "policyapp.view_clause")
        assert not backend.has_perm(user, "policyapp.upload_version")
    assert len(queries) == 1


def test_an_inactive_user_has_no_permission_even_as_a_superuser():
    user = factories.user_with_role(ADMINISTRATORS)
    user.is_active, user.is_superuser = False, True
    user.save()
    assert not OneQueryModelBackend().has_perm(_fresh(user), "policyapp.view_clause")
