"""Django's ModelBackend, reading a user's permissions in one query instead of two.

Every page of plans asks for the reader's permissions (to check them and to key the page's
ETag and stored copy), so the query is part of every request, stored pages included. The
backend's rules are unchanged: an inactive user has none, a superuser has all, the rest
have their own and their groups' (joined in one query); the set is kept on the user object
for the request, as ModelBackend keeps it.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class OneQueryModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            names = permissions.values_list("content_type__app_label", "codename")
            user_obj._perm_cache = {f"{app}.{code}" for app, code in names.order_by().distinct()}
        return user_obj._perm_cache
