"""Search across all plans: the clauses of every plan's newest ready version.

The implementation follows the database (`connection.vendor`):

- PostgreSQL: full-text search on the generated `search_vector` column (English
  configuration, GIN index, migration 0011), websearch syntax ("open-weight" -"export"
  or "quoted phrases"), ranked by `SearchRank`, snippets by `SearchHeadline`. Chinese
  is not segmented by PostgreSQL's parser: a query in Chinese matches substrings, found
  through the index of character pairs (`cjk_vector`, migration 0015) and confirmed on
  the text.
- Anywhere else (SQLite, the embedded default): every word must appear (LIKE), quoted
  phrases as they are, a leading minus excludes; results in reading order.

A search runs a fixed number of queries whatever the plans' length: the keys of the first
matches in order (which also count them), the shown rows, and their tags. Filters without
words that PostgreSQL expects to match many clauses read the keys plan by plan, in the
plans' order, and stop at the first page's worth (`_keys_plan_by_plan`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.expressions import Col, RawSQL, Window
from django.db.models.functions import RowNumber
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from policyapp.models import Clause, Modality, Stance, Tag, Version

_HAN = re.compile(r"[\u3400-\u9fff]")
_TERM = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')
# Headline markers that cannot occur in plan text: the headline is escaped, then marked.
_START, _STOP = "\x02", "\x03"
SNIPPET_CHARS = 260


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    plans: tuple[str, ...] = ()
    jurisdiction: str = ""
    theme: str = ""
    stance: str = ""
    modality: str = ""
    commitments: bool = False

    @classmethod
    def from_query(cls, params) -> SearchFilters:
        stance = params.get("stance", "")
        modality = params.get("modality", "")
        return cls(
            q=params.get("q", "").strip()[:300],
            plans=tuple(p for p in params.getlist("plan") if p),
            jurisdiction=params.get("jurisdiction", "").strip().upper(),
            theme=params.get("theme", "").strip().upper(),
            stance=stance if stance in Stance.values else "",
            modality=modality if modality in Modality.values else "",
            commitments=params.get("commitments") in {"1", "on", "true"},
        )

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.plans or self.jurisdiction or self.theme or self.stance)


@dataclass(frozen=True)
class Terms:
    """A query as words and phrases to find and to exclude (the LIKE search's reading of
    websearch syntax)."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = field(default=())


def parse_terms(q: str) -> Terms:
    include, exclude = [], []
    for minus_phrase, phrase, minus_word, word in _TERM.findall(q):
        text = (phrase or word).strip()
        if not text or (word and text.lower() == "or"):
            continue
        (exclude if (minus_phrase or minus_word) else include).append(text)
    return Terms(tuple(include), tuple(exclude))


def is_chinese(q: str) -> bool:
    return bool(_HAN.search(q))


def _tag_filtered(filters: SearchFilters) -> bool:
    return bool(filters.theme or filters.stance or filters.modality or filters.commitments)


def _versions(filters: SearchFilters) -> QuerySet:
    """The versions searched: each plan's newest ready one, of the plans asked for."""
    versions = Version.objects.latest_ready()
    if filters.plans:
        versions = versions.filter(document__short_name__in=filters.plans)
    if filters.jurisdiction:
        versions = versions.filter(document__jurisdiction=filters.jurisdiction)
    return versions


def _filtered(filters: SearchFilters) -> QuerySet:
    return _tag_filtered_clauses(Clause.objects.filter(version__in=_versions(filters)), filters)


def _tag_filtered_clauses(clauses: QuerySet, filters: SearchFilters) -> QuerySet:
    tag_conditions = {}
    if filters.theme:
        tag_conditions["theme_id"] = filters.theme
    if filters.stance:
        tag_conditions["stance"] = filters.stance
    if filters.modality:
        tag_conditions["modality"] = filters.modality
    if tag_conditions or filters.commitments:
        # One tag must meet every condition: "promotes open source", not "promotes
        # something and mentions open source".
        tags = Tag.objects.counted().filter(clause=OuterRef("pk"), **tag_conditions)
        if filters.commitments:
            tags = tags.exclude(modality=Modality.STATEMENT)
        clauses = clauses.filter(Exists(tags))
    return clauses


def _vector(column: str) -> Col:
    """A generated vector column of the clause table, which the model does not declare.

    A column rather than raw SQL so that Django renames its table when the query becomes
    a subquery (a page's keys are chosen in one)."""
    field = SearchVectorField()
    field.set_attributes_from_name(column)
    field.model = Clause
    return Col(Clause._meta.db_table, field)


def character_pairs(term: str) -> str:
    """The overlapping pairs of characters of a term ("开源社区" -> "开源 源社 社区"), as
    migration 0015 indexes them."""
    return " ".join(term[i : i + 2] for i in range(len(term) - 1))


def _like(clauses: QuerySet, terms: Terms) -> QuerySet:
    for n, term in enumerate(terms.include):
        if is_chinese(term) and len(term) > 1 and connection.vendor == "postgresql":
            # The index of character pairs finds the clauses that hold every pair of the
            # term; the substring test below keeps those that hold the term itself.
            name = f"cjk_vector_{n}"
            vector = _vector("cjk_vector")
            pairs = SearchQuery(character_pairs(term), search_type="plain", config="simple")
            clauses = clauses.alias(**{name: vector}).filter(**{name: pairs})
        # `contains` keeps Chinese on the trigram index (PostgreSQL's icontains wraps the
        # column in UPPER); case does not exist in Chinese anyway.
        lookup = "text__contains" if is_chinese(term) else "text__icontains"
        clauses = clauses.filter(**{lookup: term})
    for term in terms.exclude:
        clauses = clauses.exclude(text__icontains=term)
    return clauses


# Ties in rank (common with one-word queries) are broken in reading order: plan by plan
# (two plans of one title are not interleaved), then the plan's order, which is total (an
# ordinal is unique in its version), so a page's rows come back in the order their keys
# were chosen.
_PLAN_ORDER = ("document__jurisdiction", "document__title", "pk")
_READING_ORDER = (*(f"version__{f}" for f in _PLAN_ORDER), "ordinal")


@dataclass(frozen=True)
class SearchResults:
    """Every match, in order (`matches`: ranked on PostgreSQL); `keys` and `rows` read a
    page, `clauses` every match whole."""

    matches: QuerySet
    ranked: bool
    terms: Terms
    query: SearchQuery | None = None
    # Words and a tag filter (see `keys`).
    serial: bool = False
    # No words: the filters, for reading the first matches plan by plan (see `keys`).
    walk: SearchFilters | None = None

    @property
    def clauses(self) -> QuerySet:
        """Every match with its plan and section, in order (the CSV, tests)."""
        return _shown(self.matches)

    def keys(self, limit: int) -> list[int]:
        """The keys of the first `limit` matches, in order.

        The order is decided on keys alone, and only the shown rows are then read whole
        (`rows`): sorting a common word's 18,000 full rows (text, vectors, plan and section
        columns) spilled to disk and took 150 ms at 1,000 plans; its keys sort in memory,
        and the same query counts the matches up to `limit`."""
        if (
            self.walk is not None
            and connection.vendor == "postgresql"
            and _expected_rows(self.matches) > WALK_ABOVE
        ):
            return _keys_plan_by_plan(self.walk, limit)
        keys = self.matches.values_list("pk", flat=True)[:limit]
        if not (self.serial and connection.vendor == "postgresql"):
            return list(keys)
        # Words and a tag filter: PostgreSQL cannot know how often a theme's tags and its
        # words meet (often: "data" and open data), and with parallel workers it looked
        # up 18,000 tagged clauses one by one (95 ms at 1,000 plans) instead of joining
        # them to the clauses the words matched (45 ms). Without words, the workers are
        # what makes reading a theme's clauses fast.
        nested = connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            chosen = list(keys)
            if nested:
                # A savepoint keeps a local setting until the outer transaction ends.
                cursor.execute("SET LOCAL max_parallel_workers_per_gather TO DEFAULT")
        return chosen

    def rows(self, keys: list[int]) -> list[Clause]:
        """The clauses of `keys` in that order, with headlines where the database ranks."""
        rows = _shown(Clause.objects.filter(pk__in=keys))
        if self.ranked:
            rows = rows.annotate(
                headline=SearchHeadline(
                    "text",
                    self.query,
                    config="english",
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=40,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        by_key = {clause.pk: clause for clause in rows}
        return [by_key[key] for key in keys if key in by_key]


# Matches (PostgreSQL's estimate) above which a search without words reads plan by plan:
# at 1,000 plans, sorting every match cost more past about 20,000 (a theme: 58 ms sorted,
# 83 ms walked; a stance in 105,000 tags: 444 ms against 14 ms), and walking cost more
# below (a rare stance, 2,500 tags: 25 ms sorted, 484 ms walked through every plan).
WALK_ABOVE = 20_000


def _expected_rows(queryset: QuerySet) -> float:
    """How many rows PostgreSQL expects the query to return (planning only, about 1 ms)."""
    plan = json.loads(queryset.values_list("pk").explain(format="json"))
    return plan[0]["Plan"]["Plan Rows"]


def _keys_plan_by_plan(filters: SearchFilters, limit: int) -> list[int]:
    """The keys of the first `limit` clauses in reading order that meet filters without
    words, read plan by plan in the plans' order until there are enough.

    The same order as `matches`, but PostgreSQL sorted every match before the first page
    was known: a stance alone matches 77,000 clauses at 1,000 plans (450 ms). Here the plans
    are sorted (a thousand rows), each plan's clauses come in order from the index on
    (version, ordinal), at most `limit` of them, and an incremental sort lets the walk stop
    once `limit` keys are out."""
    # The plans' places as a number: ordering by the plan's columns, PostgreSQL drops the
    # jurisdiction when a filter fixes it and then no longer sees the walk as sorted.
    plans = (
        _versions(filters)
        .annotate(place=Window(RowNumber(), order_by=[F(f) for f in _PLAN_ORDER]))
        .order_by("place")
        .values(plan_version=F("pk"), plan_place=F("place"))
    )
    # The plan's version comes from the walk: a column of the outer query, by its alias.
    outer_version = RawSQL('"plan"."plan_version"', ())
    clauses = (
        _tag_filtered_clauses(Clause.objects.filter(version_id=outer_version), filters)
        .order_by("ordinal")  # unique within a version: the index's order
        .values_list("pk", "ordinal")[:limit]
    )
    plans_sql, plans_params = plans.query.sql_with_params()
    clauses_sql, clauses_params = clauses.query.sql_with_params()
    sql = (
        f"SELECT clause.pk FROM ({plans_sql}) plan CROSS JOIN LATERAL ({clauses_sql}) clause "
        "ORDER BY plan.plan_place, clause.ordinal LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*plans_params, *clauses_params, limit))
        return [row[0] for row in cursor.fetchall()]


def _shown(clauses: QuerySet) -> QuerySet:
    # A version's text is the whole plan: never drag it along with each clause.
    return clauses.select_related("version__document", "section").defer("version__text")


def _ranked(clauses: QuerySet, query: SearchQuery) -> QuerySet:
    # An alias, not an annotation: the vector is read to match and rank, never sent back.
    vector = _vector("search_vector")
    return (
        clauses.alias(search_vector=vector)
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
    )


def search_clauses(filters: SearchFilters) -> SearchResults:
    """The clauses matching the query and filters, best first where the database ranks."""
    clauses = _filtered(filters)
    terms = parse_terms(filters.q)
    if filters.q and connection.vendor == "postgresql" and not is_chinese(filters.q):
        query = SearchQuery(filters.q, search_type="websearch", config="english")
        matches = _ranked(clauses, query).order_by("-rank", *_READING_ORDER)
        return SearchResults(matches, True, terms, query, serial=_tag_filtered(filters))
    if filters.q:
        clauses = _like(clauses, terms)
    serial = bool(filters.q) and _tag_filtered(filters)
    walk = None if filters.q else filters
    return SearchResults(clauses.order_by(*_READING_ORDER), False, terms, serial=serial, walk=walk)


def _tags() -> Prefetch:
    return Prefetch("tags", queryset=Tag.objects.counted().for_review())


@dataclass(frozen=True)
class ExportRow:
    """What the CSV says of one matching clause."""

    plan: str
    jurisdiction: str
    version: int
    label: str
    sentence: int
    page: str
    modality: str
    themes: str  # "THEME:STANCE; …"
    text: str
    ordinal: int


_EXPORT_CHUNK = 1000


def export_rows(results: SearchResults, limit: int):
    """The first `limit` matches in order, as plain values read a thousand at a time: the
    keys as a page reads them (the plan-by-plan walk included), then each chunk's columns
    and counted tags in two queries. Model instances with every tag's review state cost
    3 s for 5,000 rows of a common filter at 1,000 plans."""
    keys = results.keys(limit)
    for start in range(0, len(keys), _EXPORT_CHUNK):
        chunk = keys[start : start + _EXPORT_CHUNK]
        columns = (
            Clause.objects.filter(pk__in=chunk)
            .annotate(
                plan=F("version__document__short_name"),
                jurisdiction=F("version__document__jurisdiction"),
                version_number=F("version__number"),
            )
            .values_list(
                "pk", "plan", "jurisdiction", "version_number", "label", "sentence",
                "page_label", "page", "rule_modality", "text", "ordinal", named=True,
            )  # fmt: skip
        )
        rows = {row.pk: row for row in columns}
        themes: dict[int, list[str]] = {}
        tags = Tag.objects.counted().filter(clause_id__in=chunk).order_by("clause_id", "theme_id")
        for clause_id, theme, stance in tags.values_list("clause_id", "theme_id", "stance"):
            themes.setdefault(clause_id, []).append(f"{theme}:{stance}")
        for row in (rows[key] for key in chunk):
            yield ExportRow(
                plan=row.plan,
                jurisdiction=row.jurisdiction,
                version=row.version_number,
                label=row.label,
                sentence=row.sentence,
                page=row.page_label or (str(row.page) if row.page else ""),
                modality=row.rule_modality,
                themes="; ".join(themes.get(row.pk, [])),
                text=row.text,
                ordinal=row.ordinal,
            )


def prefetch_tags(clauses: list[Clause]) -> None:
    """The tags of a page already read (one query, and one for their decisions)."""
    prefetch_related_objects(clauses, _tags())


def headline_html(headline: str) -> SafeString:
    """A PostgreSQL headline, escaped, its matches marked."""
    html = escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our markers become tags


def snippet_html(text: str, terms: Terms, width: int = SNIPPET_CHARS) -> SafeString:
    """The part of a clause around its first match, escaped, every match marked."""
    words = [t for t in terms.include if t]
    if not words:
        shown = text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"
        return mark_safe(escape(shown))  # noqa: S308
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    first = pattern.search(text)
    start = 0
    if first and len(text) > width and first.start() > width // 3:
        start = max(0, first.start() - width // 3)
    end = min(len(text), start + width)
    part = text[start:end]
    out, last = [], 0
    for match in pattern.finditer(part):
        out.append(escape(part[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(part[last:]))
    html = ("… " if start else "") + "".join(out) + (" …" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 - every piece of text is escaped
