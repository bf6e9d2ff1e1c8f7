from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from policyapp.views import agreement, documents, review, uploads, users
from policyapp.views import retag as retag_views

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
    # Review: analysts' decisions, additions, the queue; administrators' settlements.
    path("documents/<slug:short_name>/review/", review.review_queue, name="review_queue"),
    path("tags/<int:pk>/", review.tag_detail, name="tag_detail"),
    path("tags/<int:pk>/confirm/", review.tag_confirm, name="tag_confirm"),
    path("tags/<int:pk>/reject/", review.tag_reject, name="tag_reject"),
    path("tags/<int:pk>/edit/", review.tag_edit, name="tag_edit"),
    path("tags/<int:pk>/withdraw/", review.tag_withdraw, name="tag_withdraw"),
    path("tags/<int:pk>/settle/", review.tag_settle, name="tag_settle"),
    path("clauses/<int:clause_pk>/tags/add/", review.tag_add, name="tag_add"),
    path("agreement/", agreement.agreement_page, name="agreement"),
    path("users/", users.user_list, name="users"),
    path("users/<int:pk>/role/", users.user_role, name="user_role"),
]
