from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from policyapp.views import (
    agreement,
    bilingual,
    compare,
    counterparts,
    documents,
    reader,
    review,
    search,
    uploads,
    users,
)
from policyapp.views import exports as export_views
from policyapp.views import history as history_views
from policyapp.views import notes as note_views
from policyapp.views import orphans as orphan_views
from policyapp.views import retag as retag_views
from policyapp.views import rules as rules_views

urlpatterns = [
    path("", documents.home, name="home"),
    path("upload/", uploads.upload, name="upload"),
    path("compare/read/", reader.compare_read, name="compare_read"),
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
        "documents/<slug:short_name>/v<int:number>/retry/",
        uploads.version_retry_view,
        name="version_retry",
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
    path(
        "documents/<slug:short_name>/v<int:number>/clauses/<int:ordinal>/notes/",
        note_views.clause_notes,
        name="clause_notes",
    ),
    path("notes/<int:pk>/", note_views.note_detail, name="note_detail"),
    path("notes/<int:pk>/reply/", note_views.note_reply, name="note_reply"),
    path("notes/<int:pk>/edit/", note_views.note_edit, name="note_edit"),
    path("notes/<int:pk>/delete/", note_views.note_delete, name="note_delete"),
    path("history/", history_views.history_page, name="history"),
    path("compare/", compare.compare, name="compare"),
    path("compare/cell/", compare.compare_cell, name="compare_cell"),
    path("compare/csv/", compare.compare_csv, name="compare_csv"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("retag/", retag_views.retag_page, name="retag"),
    path("retag/<slug:short_name>/apply/", retag_views.retag_apply, name="retag_apply"),
    path("rules/", rules_views.rules_page, name="rules"),
    path("exports/", export_views.exports_page, name="exports"),
    path("exports/<str:fmt>/", export_views.export_download, name="export_all"),
    path(
        "exports/plans/<slug:short_name>/<str:fmt>/",
        export_views.export_download,
        name="export_plan",
    ),
    path("documents/<slug:short_name>/orphans/", orphan_views.orphans_page, name="orphans"),
    path("orphans/<int:pk>/reattach/", orphan_views.orphan_reattach_view, name="orphan_reattach"),
    path("orphans/<int:pk>/dismiss/", orphan_views.orphan_dismiss_view, name="orphan_dismiss"),
    path(
        "documents/<slug:short_name>/v<int:number>/text/",
        export_views.version_text,
        name="version_text",
    ),
]

urlpatterns += [
    path(
        "clauses/<int:pk>/counterparts/",
        counterparts.clause_counterparts,
        name="clause_counterparts",
    ),
    path(
        "clauses/<int:pk>/counterparts/<int:other>/",
        counterparts.clause_pair_decide,
        name="clause_pair_decide",
    ),
    path("documents/<slug:short_name>/bilingual/", bilingual.bilingual, name="document_bilingual"),
    path("search/", search.search, name="search"),
    # Review: analysts' decisions, additions, the queue; administrators' settlements.
    path("documents/<slug:short_name>/review/", review.review_queue, name="review_queue"),
    path("tags/<int:pk>/", review.tag_detail, name="tag_detail"),
    path("tags/<int:pk>/confirm/", review.tag_confirm, name="tag_confirm"),
    path("tags/<int:pk>/reject/", review.tag_reject, name="tag_reject"),
    path("tags/<int:pk>/edit/", review.tag_edit, name="tag_edit"),
    path("tags/<int:pk>/withdraw/", review.tag_withdraw, name="tag_withdraw"),
    path("tags/<int:pk>/settle/", review.tag_settle, name="tag_settle"),
    path("clauses/<int:clause_pk>/tags/add/", review.tag_add, name="tag_add"),
    path("clauses/<int:pk>/review/", review.clause_review, name="clause_review"),
    path("agreement/", agreement.agreement_page, name="agreement"),
    path("users/", users.user_list, name="users"),
    path("users/<int:pk>/role/", users.user_role, name="user_role"),
]
