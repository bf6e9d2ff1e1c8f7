"""The domain: plans (documents), their uploaded versions, section trees, clauses, tags, notes.

Invariants live in the database (constraints below); reads are QuerySet methods;
writes go through `policyapp.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    CHINESE = "zh", "Chinese"


class DocumentQuerySet(models.QuerySet):
    def with_latest_version(self) -> DocumentQuerySet:
        latest = Version.objects.filter(document=models.OuterRef("pk")).order_by("-number")
        return self.annotate(
            latest_status=models.Subquery(latest.values("status")[:1]),
            latest_number=models.Subquery(latest.values("number")[:1]),
            clause_count=models.Subquery(
                latest.annotate(n=models.Count("clauses")).values("n")[:1]
            ),
        )


class Document(models.Model):
    """A plan as analysts name it; its files are its versions."""

    title = models.CharField(max_length=300)
    short_name = models.SlugField(
        max_length=80, unique=True, help_text="Stable handle, e.g. us-aap-2025"
    )
    jurisdiction = models.CharField(max_length=8, help_text="Code such as US, CN, EU, GB")
    issuer = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    source_url = models.URLField(max_length=500, blank=True)
    reuse_note = models.TextField(blank=True, help_text="Licence or copyright status of the source")
    translation_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="translations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["jurisdiction", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(translation_of=F("pk")), name="document_not_translation_of_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("document_detail", args=[self.short_name])

    def latest_version(self) -> Version | None:
        return self.versions.order_by("-number").first()


class VersionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


def version_upload_path(version: Version, filename: str) -> str:
    return f"documents/{version.document.short_name}/{version.sha256[:16]}/{filename}"


class VersionQuerySet(models.QuerySet):
    def with_counts(self) -> VersionQuerySet:
        """Annotate `clause_total` and `tag_total` (rule suggestions and analysts' tags)."""
        return self.annotate(
            clause_total=_count_related(Clause.objects, "version"),
            tag_total=_count_related(Tag.objects, "clause__version"),
        )

    def ready(self) -> VersionQuerySet:
        return self.filter(status=VersionStatus.READY)

    def latest_ready(self) -> VersionQuerySet:
        """The newest ready version of each document: the one analysts read and retags touch."""
        newest = (
            Version.objects.filter(document=models.OuterRef("document"), status=VersionStatus.READY)
            .order_by("-number")
            .values("number")[:1]
        )
        return self.ready().filter(number=models.Subquery(newest))


def _count_related(manager, path: str):
    rows = (
        manager.filter(**{path: models.OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(n=models.Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(models.Subquery(rows), 0)


class Version(models.Model):
    """One uploaded file of a document; a revised file is the next version."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=version_upload_path, max_length=500)
    original_filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=12, choices=VersionStatus.choices, default=VersionStatus.PENDING
    )
    error_message = models.TextField(blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    pages_done = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=8, choices=Language.choices, blank=True)
    # The normalised text every clause points into: clause.text == text[start:end].
    text = models.TextField(blank=True)
    ruleset_version = models.CharField(max_length=40, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number"]
        permissions = [("upload_version", "Can upload plans and their revisions")]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number_unique"),
            models.UniqueConstraint(fields=["document", "sha256"], name="version_sha256_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
            models.CheckConstraint(
                condition=Q(page_count__isnull=True) | Q(pages_done__lte=F("page_count")),
                name="version_pages_done_within_count",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.short_name} v{self.number}"


class Section(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    # Position in reading order within the version (all sections, not just siblings).
    ordinal = models.PositiveIntegerField()
    number = models.CharField(max_length=40, blank=True)
    heading = models.TextField()
    level = models.PositiveSmallIntegerField()
    label = models.TextField(
        help_text="Path from the root, e.g. II › Build High-Security Data Centers"
    )
    page = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["version", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["version", "ordinal"], name="section_ordinal_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class ClauseKind(models.TextChoices):
    SENTENCE = "sentence", "Sentence"
    LIST_ITEM = "list_item", "List item"
    HEADING = "heading", "Heading"
    TABLE_CELL = "table_cell", "Table cell"


class ClauseQuerySet(models.QuerySet):
    def for_version(self, version: Version) -> ClauseQuerySet:
        return self.filter(version=version).order_by("ordinal")


class Clause(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="clauses")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="clauses"
    )
    ordinal = models.PositiveIntegerField()
    label = models.TextField(help_text="Label path of the paragraph or list item")
    sentence = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=12, choices=ClauseKind.choices, default=ClauseKind.SENTENCE)
    text = models.TextField()
    page = models.PositiveIntegerField(null=True, blank=True, help_text="Physical page, from 1")
    page_label = models.CharField(
        max_length=20, blank=True, help_text="The number printed on the page"
    )
    # [x0, top, x1, bottom] in PDF points; null for formats without pages.
    bbox = models.JSONField(null=True, blank=True)
    start = models.PositiveIntegerField(help_text="Code-point offset into the version's text")
    end = models.PositiveIntegerField()
    language = models.CharField(max_length=8, choices=Language.choices)
    # What the rules said of the clause as a whole (per-theme results are Tags).
    rule_modality = models.CharField(max_length=20, blank=True)
    rule_actor = models.CharField(max_length=200, blank=True)
    # The named modality check that decided rule_modality ("imperative", "lead-in", ...) and
    # its cue, so a wrong modality can be explained like a wrong theme.
    rule_modality_check = models.CharField(max_length=80, blank=True)

    objects = ClauseQuerySet.as_manager()

    class Meta:
        ordering = ["version", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["version", "ordinal"], name="clause_ordinal_unique"),
            models.CheckConstraint(condition=Q(start__gte=0), name="clause_start_non_negative"),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="clause_start_before_end"),
            models.CheckConstraint(condition=Q(sentence__gte=1), name="clause_sentence_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.sentence})"


class Theme(models.Model):
    """The themes of ../shared/TAXONOMY.md, loaded from fixtures/taxonomy.json."""

    code = models.CharField(max_length=40, primary_key=True)
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)
    # Position in lists and matrices, and an index into the theme colours of the stylesheet.
    position = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Stance(models.TextChoices):
    PROMOTES = "PROMOTES", "Promotes"
    RESTRICTS = "RESTRICTS", "Restricts"
    NEUTRAL = "NEUTRAL", "Neutral"


class Modality(models.TextChoices):
    DIRECTIVE = "DIRECTIVE", "Directive"
    ENCOURAGEMENT = "ENCOURAGEMENT", "Encouragement"
    CALL_TO_OTHERS = "CALL_TO_OTHERS", "Call to others"
    STATEMENT = "STATEMENT", "Statement"


class TagSource(models.TextChoices):
    RULE = "rule", "Rule"
    ANALYST = "analyst", "Analyst"


class TagStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class TagQuerySet(models.QuerySet):
    def for_version(self, version: Version) -> TagQuerySet:
        return self.filter(clause__version=version)

    def rule_suggestions(self) -> TagQuerySet:
        """Suggestions still owned by the rules: a retag may change or drop them."""
        return self.filter(source=TagSource.RULE, status=TagStatus.SUGGESTED, edited=False)

    def counted(self) -> TagQuerySet:
        """Tags that count in comparisons and searches: rule suggestions and analysts'
        tags, less those the analysts' decision (or an adjudication) rejected."""
        return self.exclude(status=TagStatus.REJECTED)

    def decided(self) -> TagQuerySet:
        """Tags an analyst confirmed, rejected, added or edited: a retag never touches them."""
        return self.exclude(source=TagSource.RULE, status=TagStatus.SUGGESTED, edited=False)

    def rule_verdicts(self):
        """(rule ids, verdict) per tag the rules produced: the rows rule quality is computed
        from (``tagging.quality.rule_quality``). The verdict is the tag's status today; this
        is the one place to change when decisions are stored per analyst."""
        return self.filter(source=TagSource.RULE).values_list("rule_ids", "status")


class Tag(models.Model):
    """A theme on a clause, suggested by the rules or added by an analyst.

    Rule suggestions are recomputed by a retag; any tag an analyst decided on
    (confirmed, rejected, added or edited) is theirs and a retag leaves it alone.
    """

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="tags")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="tags")
    stance = models.CharField(max_length=12, choices=Stance.choices)
    modality = models.CharField(max_length=20, choices=Modality.choices)
    actor = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=TagSource.choices, default=TagSource.RULE)
    rule_ids = models.JSONField(default=list, blank=True)
    # [{"rule": id, "start": int, "end": int}] with offsets into the clause text.
    evidence = models.JSONField(default=list, blank=True)
    ruleset_version = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=TagStatus.choices, default=TagStatus.SUGGESTED)
    edited = models.BooleanField(
        default=False, help_text="An analyst changed stance, modality or actor"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["clause", "theme__position"]
        permissions = [
            ("review_tag", "Can confirm, reject, edit and add tags"),
            ("settle_tag", "Can settle analysts' disagreements and retag"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["clause", "theme"], name="tag_one_per_clause_theme"),
            models.CheckConstraint(
                condition=Q(status="suggested") | Q(decided_at__isnull=False),
                name="tag_decision_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme_id} {self.stance} on {self.clause_id}"


class Annotation(models.Model):
    """An analyst's note on a clause, optionally anchored to a quote within it."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="annotations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations"
    )
    body = models.TextField()
    # W3C TextQuoteSelector fields; empty when the note is on the whole clause.
    quote_exact = models.TextField(blank=True)
    quote_prefix = models.CharField(max_length=64, blank=True)
    quote_suffix = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["clause", "created_at"]

    def __str__(self) -> str:
        return f"Note by {self.author} on {self.clause_id}"
