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
from django.utils import timezone
from django.utils.functional import cached_property


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    CHINESE = "zh", "Chinese"


class DocumentQuerySet(models.QuerySet):
    def with_latest_version(self) -> DocumentQuerySet:
        latest = Version.objects.filter(document=models.OuterRef("pk")).order_by("-number")
        return self.annotate(
            latest_status=models.Subquery(latest.values("status")[:1]),
            latest_number=models.Subquery(latest.values("number")[:1]),
            # Stored at ingest: counting clause rows per document would read them all.
            clause_count=models.Subquery(latest.values("clause_count")[:1]),
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


# File systems refuse names over 255 bytes; the original name is kept in the database.
STORED_NAME_MAX_BYTES = 120


def stored_file_name(filename: str) -> str:
    """`filename` cut to at most STORED_NAME_MAX_BYTES of UTF-8, keeping its extension."""
    stem, dot, extension = filename.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = filename, ""
    suffix = f".{extension}" if extension else ""
    budget = STORED_NAME_MAX_BYTES - len(suffix.encode())
    cut = stem.encode()[:budget].decode("utf-8", errors="ignore")
    return (cut or "file") + suffix


def version_upload_path(version: Version, filename: str) -> str:
    name = stored_file_name(filename)
    return f"documents/{version.document.short_name}/{version.sha256[:16]}/{name}"


class VersionQuerySet(models.QuerySet):
    def with_counts(self) -> VersionQuerySet:
        """Annotate `clause_total` and `tag_total` (rule suggestions and analysts' tags)."""
        return self.annotate(
            clause_total=_count_related(Clause.objects, "version"),
            tag_total=_count_related(Tag.objects, "clause__version"),
        )

    def ready(self) -> VersionQuerySet:
        return self.filter(status=VersionStatus.READY)

    def stuck(self, *, before) -> VersionQuerySet:
        """Versions waiting or being read that have shown no progress since `before`: their
        worker died, or no worker is running."""
        last_sign = Coalesce("progress_at", "uploaded_at")
        return self.filter(
            status__in=[VersionStatus.PENDING, VersionStatus.PROCESSING]
        ).annotate(last_sign=last_sign).filter(last_sign__lt=before)

    def latest_ready(self) -> VersionQuerySet:
        """The newest ready version of each document: the one analysts read and retags touch.

        Written as "no newer ready version exists" (an anti-join) rather than "its number is
        the newest number" (a correlated subquery): PostgreSQL cannot estimate the latter
        and, with a thousand plans, joined documents to versions row by row."""
        newer = Version.objects.filter(
            document=models.OuterRef("document"),
            status=VersionStatus.READY,
            number__gt=models.OuterRef("number"),
        )
        return self.ready().exclude(models.Exists(newer))

    def for_comparison(self) -> VersionQuerySet:
        """Columns of a comparison: with their documents, in the documents' order, and
        without the version's text (a long plan's text is megabytes)."""
        return (
            self.select_related("document")
            .defer("text")
            .order_by("document__jurisdiction", "document__title", "document__pk")
        )


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
    # Touched whenever processing moves on; a version silent for too long is stuck.
    progress_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, choices=Language.choices, blank=True)
    # The normalised text every clause points into: clause.text == text[start:end].
    text = models.TextField(blank=True)
    ruleset_version = models.CharField(max_length=40, blank=True)
    # Stored at ingest so that lists and comparisons never count clause rows or read the text.
    clause_count = models.PositiveIntegerField(default=0)
    text_size = models.PositiveIntegerField(
        default=0,
        help_text="Words of the text (characters for Chinese): the unit of per-10,000 figures",
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number"]
        permissions = [("upload_version", "Can upload plans and their revisions")]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number_unique"),
            # The same file is stored once, in any document. A failed version does not
            # count: its file may be uploaded again (its row stays, with its error).
            models.UniqueConstraint(
                fields=["sha256"], condition=~Q(status="failed"), name="version_sha256_once"
            ),
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


def tag_match(**filters) -> models.Exists | None:
    """A clause condition: one counted tag meets every condition given (`matching_tags`);
    None when none is."""
    tags = matching_tags(**filters)
    return None if tags is None else models.Exists(tags.filter(clause=models.OuterRef("pk")))


def matching_tags(
    *, theme: str = "", stance: str = "", modality: str = "", commitments: bool = False
) -> TagQuerySet | None:
    """The counted tags that meet every condition given; None when none is.

    `commitments` keeps tags whose modality is not STATEMENT (TAXONOMY.md's openness
    commitment)."""
    if not (theme or stance or modality or commitments):
        return None
    conditions = Q(**{k: v for k, v in (("theme", theme), ("stance", stance)) if v})
    if modality:
        conditions &= Q(modality=modality)
    if commitments:
        conditions &= ~Q(modality=Modality.STATEMENT)
    return Tag.objects.counted().filter(conditions)


class ClauseQuerySet(models.QuerySet):
    def for_version(self, version: Version) -> ClauseQuerySet:
        return self.filter(version=version).order_by("ordinal")

    def with_notes(self) -> ClauseQuerySet:
        """Annotate `note_count` (notes and replies not deleted) and prefetch, as
        `note_quotes`, the notes anchored to a quote (the reader marks those words)."""
        return self.annotate(
            note_count=_count_related(Annotation.objects.live(), "clause")
        ).prefetch_related(
            models.Prefetch(
                "annotations",
                queryset=Annotation.objects.live().filter(
                    parent__isnull=True, quote_start__isnull=False
                ),
                to_attr="note_quotes",
            )
        )

    def matching(
        self,
        *,
        theme: str = "",
        stance: str = "",
        modality: str = "",
        commitments: bool = False,
    ) -> ClauseQuerySet:
        """Clauses with one counted tag that meets every condition given (none: all clauses)."""
        condition = tag_match(theme=theme, stance=stance, modality=modality, commitments=commitments)
        return self if condition is None else self.filter(condition)

    def for_rows(self) -> ClauseQuerySet:
        """What a clause row shows: its section, and its tags with what the review controls
        need (`Tag.objects.for_review`); `starts_section` marks the first clause of its
        section (its anchor)."""
        earlier = Clause.objects.filter(
            section=models.OuterRef("section"), ordinal__lt=models.OuterRef("ordinal")
        )
        return (
            self.select_related("section")
            .annotate(starts_section=~models.Exists(earlier))
            .prefetch_related(
                models.Prefetch(
                    "tags",
                    # Ordered by theme alone: the default ordering goes through the clause
                    # to its version and document, joining four tables for nothing.
                    queryset=Tag.objects.for_review().order_by("theme__position"),
                )
            )
        )


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

    @cached_property
    def tag_list(self) -> list[Tag]:
        """The clause's tags, read once: templates ask for them several times a row, and
        each `clause.tags.all` clones a queryset even when the tags are prefetched."""
        return list(self.tags.all())


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
    """Where a tag stands, derived from the analysts' decisions (see `policyapp.consensus`)."""

    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"
    # Analysts decided differently and no administrator has settled it yet.
    DISPUTED = "disputed", "Disputed"


class Verdict(models.TextChoices):
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

    def matrix_counts(self, version_ids) -> models.QuerySet:
        """One row per version, theme, stance and kind (commitment or mention) with its
        number of tags: the whole theme matrix in one query. Call on `counted()`."""
        return (
            self.filter(clause__version_id__in=version_ids)
            .annotate(
                commitment=models.Case(
                    models.When(modality=Modality.STATEMENT, then=models.Value(False)),
                    default=models.Value(True),
                    output_field=models.BooleanField(),
                )
            )
            .values("clause__version_id", "theme_id", "stance", "commitment")
            .annotate(n=models.Count("pk"))
            .order_by()
        )

    def in_cell(
        self, version: Version, theme: str, *, stance: str = "", kind: str = ""
    ) -> TagQuerySet:
        """The tags of one matrix cell in reading order, with what a list of them shows;
        `kind` narrows to "commitments" or "mentions". Call on `counted()`."""
        tags = self.filter(clause__version=version, theme_id=theme)
        if stance:
            tags = tags.filter(stance=stance)
        if kind == "commitments":
            tags = tags.exclude(modality=Modality.STATEMENT)
        elif kind == "mentions":
            tags = tags.filter(modality=Modality.STATEMENT)
        return tags.select_related("theme", "clause__section").order_by("clause__ordinal")

    def decided(self) -> TagQuerySet:
        """Tags an analyst confirmed, rejected, added or edited: a retag never touches them."""
        return self.exclude(source=TagSource.RULE, status=TagStatus.SUGGESTED, edited=False)

    def awaiting(self, user) -> TagQuerySet:
        """The review queue of `user`: tags they have not decided and no administrator
        settled, in reading order (clause, then theme)."""
        return (
            self.exclude(decisions__analyst=user)
            .filter(settled_verdict="")
            .order_by("clause__version", "clause__ordinal", "theme__position")
        )

    def disputed(self) -> TagQuerySet:
        """Tags the analysts disagree on that await an administrator, in reading order."""
        return self.filter(status=TagStatus.DISPUTED).order_by(
            "clause__version__document__short_name", "clause__ordinal", "theme__position"
        )

    def for_review(self) -> TagQuerySet:
        """With what the review controls show: theme, who decided or settled, and every
        analyst's decision (see templates/components/tag_review.html)."""
        return self.select_related(
            "theme", "decided_by", "settled_by", "created_by"
        ).prefetch_related(
            models.Prefetch("decisions", queryset=Decision.objects.select_related("analyst"))
        )

    def rule_verdicts(self) -> list[tuple[list[str], list[str]]]:
        """(rule ids, each analyst's verdict) per tag the rules produced: the rows rule
        quality is computed from (``tagging.quality.rule_quality``). An administrator's
        settlement is not a vote. Two queries whatever the number of tags."""
        verdicts: dict[int, list[str]] = {}
        rule_tags = self.filter(source=TagSource.RULE)
        for tag_id, verdict in Decision.objects.filter(tag__in=rule_tags).values_list(
            "tag_id", "verdict"
        ):
            verdicts.setdefault(tag_id, []).append(verdict)
        return [
            (rule_ids, verdicts.get(tag_id, []))
            for tag_id, rule_ids in rule_tags.values_list("pk", "rule_ids")
        ]


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
    # The fields below summarise the analysts' Decisions (and an administrator's settlement);
    # only `services.decisions` writes them, so reads never need to aggregate decisions.
    status = models.CharField(max_length=10, choices=TagStatus.choices, default=TagStatus.SUGGESTED)
    edited = models.BooleanField(
        default=False, help_text="The final values differ from what the rules suggested"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who decided last (or settled)",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # What the rules (or the analyst who added the tag) first proposed, kept when the
    # final values above change.
    suggested_stance = models.CharField(max_length=12, choices=Stance.choices, blank=True)
    suggested_modality = models.CharField(max_length=20, choices=Modality.choices, blank=True)
    suggested_actor = models.CharField(max_length=200, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_verdict = models.CharField(max_length=10, choices=Verdict.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The analyst who added the tag (analysts' tags only)",
    )
    # The words an analyst selected when adding the tag: W3C TextPositionSelector offsets
    # (code points into the clause text) and TextQuoteSelector (exact, prefix, suffix).
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    quote_exact = models.TextField(blank=True)
    quote_prefix = models.CharField(max_length=64, blank=True)
    quote_suffix = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["clause", "theme__position"]
        permissions = [
            ("review_tag", "Can confirm, reject, edit and add tags"),
            ("settle_tag", "Can settle analysts' disagreements and retag"),
            # An account permission; it lives here with the other role permissions.
            ("manage_users", "Can give people roles and deactivate them"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["clause", "theme"], name="tag_one_per_clause_theme"),
            models.CheckConstraint(
                condition=Q(status="suggested") | Q(decided_at__isnull=False),
                name="tag_decision_has_time",
            ),
            models.CheckConstraint(
                condition=Q(quote_start__isnull=True, quote_end__isnull=True)
                | Q(quote_start__lt=F("quote_end")),
                name="tag_quote_offsets_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme_id} {self.stance} on {self.clause_id}"

    @property
    def is_settled(self) -> bool:
        """An administrator gave the final word: it stands whatever analysts decide."""
        return bool(self.settled_verdict)

    @property
    def is_disputed(self) -> bool:
        return self.status == TagStatus.DISPUTED

    @property
    def is_rejected(self) -> bool:
        return self.status == TagStatus.REJECTED

    @property
    def has_quote(self) -> bool:
        return self.quote_start is not None

    @cached_property
    def decision_list(self) -> list[Decision]:
        """The analysts' decisions, read once (see `Clause.tag_list`)."""
        return list(self.decisions.all())


class Decision(models.Model):
    """One analyst's say on one tag: it applies (with the stance, modality and actor they
    hold) or it does not. Two analysts may disagree; `Tag.status` shows the result."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="decisions")
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions"
    )
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    stance = models.CharField(max_length=12, choices=Stance.choices)
    modality = models.CharField(max_length=20, choices=Modality.choices)
    actor = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["tag", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["tag", "analyst"], name="decision_one_per_analyst"),
        ]

    def __str__(self) -> str:
        return f"{self.analyst} {self.verdict} tag {self.tag_id}"


class AuditEntryQuerySet(models.QuerySet):
    def listed(self) -> AuditEntryQuerySet:
        """Newest first, with who and which plan joined in (no query per row)."""
        return self.select_related("user", "document").order_by("-at", "-pk")

    def filtered(
        self, *, user_id=None, document_id=None, since=None, until=None
    ) -> AuditEntryQuerySet:
        """Entries by one user, on one plan, from `since` (a date, inclusive) to `until`
        (a date, inclusive); each filter left out when None."""
        entries = self
        if user_id is not None:
            entries = entries.filter(user_id=user_id)
        if document_id is not None:
            entries = entries.filter(document_id=document_id)
        if since is not None:
            entries = entries.filter(at__date__gte=since)
        if until is not None:
            entries = entries.filter(at__date__lte=until)
        return entries

    def recent(self, limit: int = 10) -> list[AuditEntry]:
        """The latest entries on analysts' work and the plans, for the home page."""
        return list(self.listed()[:limit])


class AuditEntry(models.Model):
    """One change to analysts' work or to the plans: who, when, what before, what after."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Dotted verb, e.g. "decision.confirm", "note.edit", "version.upload".
    action = models.CharField(max_length=40)
    target_type = models.CharField(max_length=20)
    target_id = models.BigIntegerField(null=True, blank=True)
    # The plan the change belongs to, for filtering; kept as text too, since plans go away.
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document_name = models.CharField(max_length=80, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["document", "-at"], name="audit_document_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"


class AnnotationQuerySet(models.QuerySet):
    def live(self) -> AnnotationQuerySet:
        return self.filter(deleted_at__isnull=True)

    def note_counts(self, clause_ids) -> dict[int, int]:
        """clause id -> how many of these notes (and replies) it has, for the clauses that
        have any (one query)."""
        rows = self.filter(clause_id__in=list(clause_ids)).values("clause_id")
        return dict(rows.annotate(n=models.Count("pk")).order_by().values_list("clause_id", "n"))

    def threads(self, clause: Clause) -> list[Annotation]:
        """The clause's notes in order, each with `thread_replies` (its live replies in
        order); a deleted note stays only while live replies hang from it. Four queries."""
        replies = (
            Annotation.objects.live()
            .select_related("author")
            .prefetch_related("revisions")
            .order_by("created_at", "pk")
        )
        roots = (
            self.filter(clause=clause, parent__isnull=True)
            .select_related("author")
            .prefetch_related(
                "revisions", models.Prefetch("replies", queryset=replies, to_attr="thread_replies")
            )
            .order_by("created_at", "pk")
        )
        return [root for root in roots if root.deleted_at is None or root.thread_replies]


class Annotation(models.Model):
    """An analyst's note on a clause, optionally anchored to a quote within it; a reply
    belongs to the note it answers (one level of thread: replies to a reply join its root).

    `revision` counts saves: an edit must name the revision it started from, so two people
    editing the same note cannot silently overwrite each other. Earlier bodies are kept as
    `AnnotationRevision`s; a deleted note keeps its row (its replies stay readable).
    """

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="annotations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField()
    # W3C TextQuoteSelector fields; empty when the note is on the whole clause.
    quote_exact = models.TextField(blank=True)
    quote_prefix = models.CharField(max_length=64, blank=True)
    quote_suffix = models.CharField(max_length=64, blank=True)
    # W3C TextPositionSelector: code-point offsets of the quote into the clause text.
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["clause", "created_at"]
        permissions = [("moderate_annotation", "Can delete anyone's notes")]
        constraints = [
            models.CheckConstraint(
                condition=Q(quote_start__isnull=True, quote_end__isnull=True)
                | Q(quote_start__lt=F("quote_end")),
                name="annotation_quote_offsets_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="annotation_not_reply_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"Note by {self.author} on {self.clause_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_edited(self) -> bool:
        """Saved more than once; its earlier bodies are its `revisions`."""
        return self.revision > 1


class AnnotationRevision(models.Model):
    """A note's body as it was before an edit or a deletion."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(help_text="When this body was saved")

    class Meta:
        ordering = ["annotation", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["annotation", "revision"], name="annotation_revision_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Note {self.annotation_id} revision {self.revision}"


class OrphanStatus(models.TextChoices):
    OPEN = "open", "Open"
    REATTACHED = "reattached", "Re-attached"
    DISMISSED = "dismissed", "Dismissed"


class OrphanQuerySet(models.QuerySet):
    def open(self) -> OrphanQuerySet:
        return self.filter(status=OrphanStatus.OPEN)


class Orphan(models.Model):
    """Analysts' work a revision could not place: a decided tag or a note (with its thread)
    of an earlier version whose clause has no counterpart in `version`. It stays listed on
    the plan until an analyst re-attaches it to a clause or dismisses it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="orphans")
    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="orphans", help_text="Where it was lost"
    )
    tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="orphans"
    )
    annotation = models.ForeignKey(
        Annotation, null=True, blank=True, on_delete=models.CASCADE, related_name="orphans"
    )
    reason = models.TextField()
    # The closest clause of `version`, below the threshold: a hint for re-attaching.
    candidate = models.ForeignKey(
        Clause, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    candidate_score = models.FloatField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=OrphanStatus.choices, default=OrphanStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    attached_to = models.ForeignKey(
        Clause, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OrphanQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-version__number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tag__isnull=True, annotation__isnull=False)
                | Q(tag__isnull=False, annotation__isnull=True),
                name="orphan_tag_or_note",
            ),
            models.UniqueConstraint(fields=["version", "tag"], name="orphan_tag_once"),
            models.UniqueConstraint(fields=["version", "annotation"], name="orphan_note_once"),
        ]

    def __str__(self) -> str:
        what = f"tag {self.tag_id}" if self.tag_id else f"note {self.annotation_id}"
        return f"Orphan {what} in {self.version}"

    @property
    def is_open(self) -> bool:
        return self.status == OrphanStatus.OPEN

    @property
    def item(self) -> Tag | Annotation:
        """The tag or note that was lost, on the clause of the version it was made on."""
        return self.tag if self.tag_id else self.annotation

class PairStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class ClausePairQuerySet(models.QuerySet):
    def involving(self, clause_id: int) -> ClausePairQuerySet:
        return self.filter(Q(first_id=clause_id) | Q(second_id=clause_id))

    def partners(self, clause_id: int) -> dict[int, str]:
        """The clauses an analyst paired with this one, or ruled out, with the decision."""
        return {
            (second if first == clause_id else first): status
            for first, second, status in self.involving(clause_id).values_list(
                "first_id", "second_id", "status"
            )
        }


class ClausePair(models.Model):
    """An analyst's decision that two clauses of different plans answer each other (or do
    not). Stored once per pair, the lower clause id first, whichever side was asked from."""

    first = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=PairStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()

    objects = ClausePairQuerySet.as_manager()

    class Meta:
        ordering = ["first", "second"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="clause_pair_unique"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="clause_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.status})"


class LibraryRevisionQuerySet(models.QuerySet):
    def current(self) -> int | None:
        """The library's revision, or None where its row is missing (a flushed test
        database): pages then carry no validator rather than a wrong one."""
        return self.filter(pk=1).values_list("number", flat=True).first()


class LibraryRevision(models.Model):
    """One row whose number grows whenever something a page shows changes: plans, versions,
    sections, clauses, tags, decisions, notes, pairs, the audit trail.

    Database triggers keep it (migration 0016), so no write path can forget it, bulk ones
    included. On PostgreSQL the increment runs at commit, once per transaction: a reader
    never sees a number whose data is not yet visible, and writers hold the row only while
    they commit, so it never makes two of them wait on each other mid-transaction. Pages
    that show the whole library (home, matrix, search) use it as their validator.
    """

    number = models.BigIntegerField(default=0)

    objects = LibraryRevisionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"library revision {self.number}"
