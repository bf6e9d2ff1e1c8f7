from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from policyapp.views import documents

urlpatterns = [
    path("", documents.home, name="home"),
    path("documents/<slug:short_name>/", documents.document_detail, name="document_detail"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
