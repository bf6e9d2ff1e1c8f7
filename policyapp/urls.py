from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from policyapp.views import documents, uploads
from policyapp.views import retag as retag_views
from policyapp.views import rules as rules_views

urlpatterns = [
    path("", documents.home, name="home"),
    path("upload/", uploads.upload, name="upload"),
    path("documents/<slug:short_name>/", documents.document_detail, name="document_detail"),
    path(
        "documents/<slug:short_name>/v<int:number>/",
        documents.document_detail,
        name="document_version",
    ),
    path(
        "documents/<slug:short_name>/v<int:number>/status/",
        uploads.version_detail,
        name="version_detail",
    ),
    path(
        "documents/<slug:short_name>/v<int:number>/file/",
        documents.version_file,
        name="version_file",
    ),
    path(
        "documents/<slug:short_name>/v<int:number>/pages/<int:page>.png",
        documents.page_image,
        name="page_image",
    ),
    path(
        "documents/<slug:short_name>/v<int:number>/clauses/<int:ordinal>/source/",
        documents.clause_source,
        name="clause_source",
    ),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("retag/", retag_views.retag_page, name="retag"),
    path("retag/<slug:short_name>/apply/", retag_views.retag_apply, name="retag_apply"),
    path("rules/", rules_views.rules_page, name="rules"),
]
