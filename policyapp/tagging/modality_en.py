"""English modality: which verb carries the clause's main undertaking (TAXONOMY v1.1).

Works on the clause text with word lists; no parser, so the rules follow the surface forms the
conventions name: an imperative action item, will/shall/must, should/could, call on/urge, and
the subject in front of a modal (the author, another party, or a thing making a prediction).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from policyapp.ingest.markers import ENUMERATION
from policyapp.tagging.lexicon import agency_regex, cue_words, english_verbs, parties
from policyapp.tagging.taxonomy import CALL_TO_OTHERS, DIRECTIVE, ENCOURAGEMENT, STATEMENT

# Verbs that open an action item and commit the author (imperative base forms).
DIRECTIVE_VERBS = cue_words("en_directive_verbs")
# Verbs whose undertaking is only to encourage (ENCOURAGEMENT), even when imperative.
ENCOURAGEMENT_VERBS = cue_words("en_encouragement_verbs")
CALL_VERBS = frozenset({"urge", "invite", "call"})
# "Accelerate the promotion of" is pace plus an encouragement: the taxonomy skips the pace word.
PACE_VERBS = frozenset({"accelerate", "continue", "speed", "step"})
ENCOURAGEMENT_NOUNS = frozenset(
    {"promotion", "promoting", "encouragement", "fostering", "facilitation", "advancement"}
)
_ENCOURAGEMENT_AFTER_PACE = ENCOURAGEMENT_VERBS | ENCOURAGEMENT_NOUNS
# "The State supports ...": verbs whose -s form makes the author's present encouragement.
_PRESENT_ENCOURAGEMENT = ENCOURAGEMENT_VERBS | {"encourage", "promote"}
_PRESENT_ENCOURAGEMENT_FORMS = frozenset(verb + "s" for verb in _PRESENT_ENCOURAGEMENT)
# Words that show the first word is a noun subject, not an imperative ("Export controls are").
FINITE = cue_words("en_finite")
OPENERS = cue_words("en_openers")
# Subordinate openers: what follows up to the first comma is not the main clause.
SUBORDINATE = cue_words("en_subordinate")
# Prepositional or participial openers of action items ("Led by DOC, develop ...").
PREFIXES = cue_words("en_prefixes")
RELATIVE = cue_words("en_relative")
# Capitalised openers that are never imperative verbs (prepositions, determiners, pronouns ...).
NOT_VERBS = cue_words("en_not_verbs") | SUBORDINATE | PREFIXES | OPENERS | RELATIVE
# Verbs more often read as nouns at the head of a title-case heading.
NOUN_FIRST = frozenset(["research", "study", "design", "test", "work", "plan", "report", "practice"])
_AFTER_IMPERATIVE = frozenset(
    ["the", "a", "an", "all", "new", "our", "its", "their", "more", "any", "every", "clear"]
    + ["further", "existing", "on", "up", "out", "federal", "national", "formal"]
)
MODALS = cue_words("en_modals")
# Words _first_modal stops at: a modal, or "has"/"have" of "has a duty to".
_MODAL_CUES = MODALS | {"has", "have"}
# Phrases an action item may open with before its verb, after a comma ("Regarding X, conduct").
OPENING_PHRASES = PREFIXES | cue_words("en_opening_phrases")
# Verbs that make "it/they will ..." an undertaking of the body just named, not a prediction.
PRONOUN_UNDERTAKINGS = cue_words("en_pronoun_undertakings")
# Words in -ing that open a clause as adjectives or prepositions, not as an action.
NOT_GERUND_ITEMS = cue_words("en_not_gerund_items")
# "The Commission aims to ...": setting out to act, an encouragement (TAXONOMY v1.1).
AIM_VERBS = cue_words("en_aim_verbs")
# Head nouns of the author's own programmes and bodies ("the partnership will build ...").
BODY_NOUNS = cue_words("en_body_nouns")
# "in 2021 launch ...", "in Q1 2021 fund ...": a date in front of a continued item's verb.
_TIME = re.compile(
    r"^(?:in|by|during|from|as of|as from|until)\s+(?:(?:Q[1-4]|early|mid|late)[\s-]+)?"
    r"(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?(?:\s+and onwards)?\s*,?\s+",
    re.IGNORECASE,
)
_FINITE_AHEAD = frozenset(
    ["is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "may"]
    + ["might", "must", "should", "shall", "remains", "becomes", "means", "requires"]
)
# "We anticipate that AI will ...": a will after a verb of belief is a prediction.
BELIEF_VERBS = cue_words("en_belief_verbs")

_MANNER = re.compile(r"^in an? [\w\s,-]{0,60}?\b(?:fashion|manner|way)\s*,\s*", re.IGNORECASE)
_TARGET = re.compile(r"^by (?:the end of )?(?:19|20)\d\d\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|[,;:—–]")
_NECESSITY = re.compile(
    r"\bit is (?:also |therefore |thus )?(?:imperative|essential|crucial|vital|critical|"
    r"necessary|important) (?:that|for) (?P<rest>[^,;]+)",
    re.IGNORECASE,
)
# Where the party ends inside "it is imperative that <party> <verb> ...".
_PARTY_END = re.compile(
    r"\s+(?:be|to|remain|win|do|have|leverage|lead|take|make|ensure|continue|work|maintain|"
    r"build|act|not)\b"
)
_ASKED = re.compile(
    r"^(?P<who>[^,;:]{2,80}?) (?:is|are) (?:also |strongly |therefore )?(?P<how>encouraged|invited|urged|"
    r"called (?:up)?on|requested|asked) to\b",
    re.IGNORECASE,
)
# Cheap substring tests that let most clauses skip the costlier regular expressions.
_AGENT_END = frozenset(
    ["to", "with", "in", "for", "under", "through", ",", ";", ":", "so", "using", "including"]
)
_NOUN_BEFORE_NEED = frozenset(
    ["the", "a", "an", "this", "that", "no", "any", "urgent", "clear", "growing", "pressing"]
)
# "This includes refreshing curriculum ...": the content of an action item, an undertaking.
_ELABORATION = re.compile(
    r"^(?:this|these|it|that)\s+(?:also\s+)?(?:includes|include|involves|involve|entails|means)"
    r"\s+\w+ing\b",
    re.IGNORECASE,
)
_ASKED_HINT = re.compile(r" (?:encouraged|invited|urged|called|requested|asked) ")
_LEMMA_ING = re.compile(r"^(?P<stem>[a-z]+?)(?:ing)$")


@dataclass(frozen=True)
class Undertaking:
    modality: str
    # The cue that decided it, for explanations and error listings.
    cue: str
    # Character span of the party named as subject or object of the undertaking, if any.
    party: tuple[int, int] | None = None


class _Word(NamedTuple):
    text: str
    lower: str


# tuple.__new__ through partial stays in C; _Word._make would call Python for every word.
_MAKE_WORD = functools.partial(tuple.__new__, _Word)
# The main undertaking is stated early; long clauses are read up to here (characters).
MAX_CHARS = 400


def _words(text: str) -> list[_Word]:
    return list(map(_MAKE_WORD, zip(*_texts_and_lowers(text), strict=True)))


def _texts_and_lowers(text: str) -> tuple[list[str], list[str]]:
    # String methods on the joined words instead of a Python loop: this runs on every clause.
    texts = _WORD.findall(text, 0, MAX_CHARS)
    if not texts:
        return [], []
    return texts, "\0".join(texts).lower().replace("’", "'").split("\0")


def _spans(text: str, offset: int, last: int) -> list[tuple[int, int]]:
    """Character spans of the words up to index ``last``, computed only when needed (a party
    span is reported, or a modal's position compared)."""
    found = itertools.islice(_WORD.finditer(text, 0, MAX_CHARS), last + 1)
    return [(m.start() + offset, m.end() + offset) for m in found]


def _base(word: str) -> str | None:
    """The verb a gerund heading stands for ("Accelerating" -> "accelerate"), if we know it."""
    match = _LEMMA_ING.match(word) if word.endswith("ing") else None
    if not match:
        return None
    stem = match.group("stem")
    for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem):
        if candidate in DIRECTIVE_VERBS or candidate in ENCOURAGEMENT_VERBS:
            return candidate
    return None


def _verb_modality(verb: str, following: list[_Word]) -> str:
    if verb in CALL_VERBS:
        if verb == "call" and not (following and following[0].lower in {"on", "upon"}):
            return DIRECTIVE
        return CALL_TO_OTHERS
    if verb == "push":
        return ENCOURAGEMENT if following and following[0].lower == "for" else DIRECTIVE
    if verb in {"aim", "seek"}:
        return ENCOURAGEMENT
    if verb in PACE_VERBS:
        rest = [w.lower for w in following[:3] if w.lower not in {"the", "to", "up"}]
        if rest and rest[0] in _ENCOURAGEMENT_AFTER_PACE:
            return ENCOURAGEMENT
    return ENCOURAGEMENT if verb in ENCOURAGEMENT_VERBS else DIRECTIVE


def _is_verb(lower: str) -> bool:
    return lower in DIRECTIVE_VERBS or lower in ENCOURAGEMENT_VERBS or lower in CALL_VERBS or lower in {
        "push",
        "aim",
        "seek",
        "continue",
    }


def _looks_like_subject(words: list[_Word], i: int) -> bool:
    """The verb-like first word heads a noun phrase if a finite verb follows before a comma."""
    for word in words[i + 1 : i + 6]:
        if word.lower in {",", ";", ":", "—", "–"} or word.lower in RELATIVE:
            return False
        if word.lower in FINITE:
            return True
    return False


def _skip_adverbs(words: list[_Word], i: int) -> int:
    while i < len(words) and (
        words[i].lower in OPENERS
        or words[i].lower == ","
        or (words[i].lower.endswith("ly") and words[i].lower not in {"apply", "supply", "rely"})
    ):
        i += 1
    if i + 1 < len(words) and words[i].lower == "continue" and words[i + 1].lower == "to":
        i += 2
    return i


def _imperative(words: list[_Word], i: int, heading: bool) -> tuple[str, int] | None:
    """(modality, index of the verb) when the main clause starts at ``i`` with an imperative."""
    if i >= len(words):
        return None
    word = words[i]
    lower = word.lower
    if lower == "let" and i + 1 < len(words) and words[i + 1].lower == "us":
        return CALL_TO_OTHERS, i
    if _is_verb(lower) and not _looks_like_subject(words, i):
        # "Research Infrastructures" is a heading about research; "Research new methods" acts.
        nounish = (
            heading
            and lower in NOUN_FIRST
            and i + 1 < len(words)
            and words[i + 1].text[:1].isupper()
        )
        if not nounish:
            return _verb_modality(lower, words[i + 1 :]), i
    base = _base(lower) if heading and word.text[:1].isupper() else None
    if base:
        return _verb_modality(base, words[i + 1 :]), i
    if _unknown_verb(words, i):
        return DIRECTIVE, i
    return None


def _lexicon_imperative(words: list[_Word], i: int) -> tuple[str, int] | None:
    """A verb of English (not only of our lists) opening an action item: never a noun, or a
    verb that may be a noun ("shape", "fund") followed by what an imperative takes."""
    if i >= len(words):
        return None
    verbs, verb_only = english_verbs()
    lower = words[i].lower
    if "-" in lower and lower not in verbs:
        lower = lower.replace("-", "")  # "co-ordinate", "re-use"
    if lower in NOT_VERBS or lower not in verbs:
        return None
    nxt = words[i + 1].lower if i + 1 < len(words) else ""
    if lower not in verb_only and nxt not in _AFTER_IMPERATIVE:
        return None
    if _looks_like_subject(words, i):
        return None
    return _verb_modality(lower, words[i + 1 :]), i


def _gerund_base(lower: str) -> str | None:
    """ "investing" -> "invest", "packaging" -> "package", "planning" -> "plan"."""
    if not lower.endswith("ing") or len(lower) < 6:
        return None
    verbs = english_verbs()[0]
    stem = lower[:-3]
    for candidate in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else ""):
        if candidate and candidate in verbs:
            return candidate
    return None


def _finite_ahead(words: list[_Word], i: int) -> bool:
    """A finite verb of the main clause ahead: the gerund was a subject ("Denying X access,
    then, is ..."). One just after a relative word belongs to the relative clause."""
    for k in range(i, min(len(words), i + 25)):
        lower = words[k].lower
        if lower in {";", ":"}:
            return False
        if lower in _FINITE_AHEAD and not any(w.lower in RELATIVE for w in words[max(i, k - 2) : k]):
            return True
    return False


def _names_body(words: list[_Word], first: int, last: int) -> bool:
    """The subject is one of the author's programmes or bodies: its head noun is an
    institution's ("the partnership", "the EDIHs", "the network of EDIHs", "the unit")."""
    head = [w for w in words[first:last] if w.lower not in {",", ";", ":"}]
    if head and head[0].lower in {"this", "these", "that", "those", "such", "each"}:
        head = head[1:]  # "this initiative", "these centres"
    if not head or head[0].lower in _THINGS:
        return False
    if len(head) == 1 and _ACRONYM.fullmatch(head[0].text) and head[0].text.rstrip("s") != "AI":
        return True  # "KDT will provide ...", "the EDIHs will ...": a named programme or body
    for k, word in enumerate(head):
        if word.lower == "of":
            head = head[:k]  # "the network of EDIHs": the head is before "of"
            break
    if not head:
        return False
    last_word = head[-1].lower
    singular = last_word[:-1] if last_word.endswith("s") else last_word
    return last_word in BODY_NOUNS or singular in BODY_NOUNS


def _unknown_verb(words: list[_Word], i: int) -> bool:
    """A verb missing from our lists opening an action item: "Formalize the ...", "File formal
    comments": a capitalised word that is no function word, no -s/-ed/-ing form, followed by an
    article or particle, with no finite verb after it (so not a noun subject)."""
    if i + 1 >= len(words) or i != 0 and words[i - 1].lower not in {",", ":"}:
        return False
    word, nxt = words[i], words[i + 1].lower
    return (
        word.text[:1].isupper()
        and word.text[1:].islower()
        and word.lower not in NOT_VERBS
        and not word.lower.endswith(("s", "ed", "ing", "ly"))
        and nxt in _AFTER_IMPERATIVE
        and not _looks_like_subject(words, i)
    )


@functools.cache
def _party_regex(key: str) -> re.Pattern[str]:
    # classify_party strips articles from the subject, so compare without them too.
    names = {re.sub(r"^(?:the|all)\s+", "", name) for name in parties()[key]}
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(map(re.escape, ordered)) + r")", re.IGNORECASE)


_ARTICLE = re.compile(r"^(?:the|our|its|all)\s+", re.IGNORECASE)
_COORDINATION = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")
# "CAISI at DOC", "DOC through NIST": units named inside agencies.
_UNIT_AT = re.compile(r"(?:the\s+)?[A-Z][\w.-]*(?:\s+(?:at|through|within)\s+[A-Z][\w.-]*)+")
_OWN_AGENCIES = re.compile(r"(?:relevant\s+)?(?:federal\s+)?(?:agencies|departments)", re.IGNORECASE)
# Subjects that make a modal a prediction about things, not an undertaking by a party.
_GOVERNMENT_BODY = re.compile(
    r"(?:[A-Z][\w-]*\s+){0,3}(?:Government|Ministry|Ministries|Cabinet(?: Office)?|"
    r"Department|State Council|Council of Ministers)(?:\s+(?:of|for)\s+[A-Z][\w,&' -]*)?"
)
_AFTER_HEAD = re.compile(
    r"\s*(?:$|,|\s(?:together|along|jointly|alone|itself|also|and|with|in cooperation)\b)",
    re.IGNORECASE,
)
# Section labels glued to a sentence by text extraction ("Outlook The Commission will ...").
SECTION_LABEL = re.compile(r"^(?:Outlook|Objective|Objectives|Action|Actions|Background)\s+(?=[A-Z])")
_THINGS = frozenset(
    ["it", "this", "that", "these", "those", "they", "there", "such", "which", "what"]
    + ["doing", "each", "any", "ai"]
)


def _names_author(text: str) -> bool:
    """Whole names, commas and all: "the Ministry of Economy, Trade and Industry", "the
    Government of India", "the Department for Science, Innovation and Technology"."""
    subject = _ARTICLE.sub("", SECTION_LABEL.sub("", text.strip(" ,;:"))).replace("’", "'")
    return bool(
        _party_regex("en_author").fullmatch(subject)
        or agency_regex().fullmatch(subject)
        or _GOVERNMENT_BODY.fullmatch(subject)
    )


def classify_party(text: str) -> str:
    """'author', 'other' or 'thing' for the subject in front of a modal."""
    subject = _ARTICLE.sub("", SECTION_LABEL.sub("", text.strip(" ,;:"))).replace("’", "'")
    if not subject or subject.split()[0].lower() in _THINGS:
        return "thing"
    if _names_author(subject):
        return "author"
    author, agency = _party_regex("en_author"), agency_regex()
    parts = [_ARTICLE.sub("", p.strip()) for p in _COORDINATION.split(subject) if p.strip()]
    for part in parts:
        if author.fullmatch(part) or agency.fullmatch(part):
            return "author"
        if _UNIT_AT.fullmatch(part) and agency.search(part):
            return "author"
    if any(_party_regex("en_other").fullmatch(part) for part in parts):
        return "other"

    # "The Commission together with Member States": the author named first, then its partners.
    head = author.match(subject)
    if head and _AFTER_HEAD.match(subject, head.end()):
        return "author"
    if _OWN_AGENCIES.fullmatch(subject):
        return "author"
    return "thing"


def _main_start(words: list[_Word], start: int) -> int:
    """Index where the main clause starts: after openers and a leading subordinate clause;
    ``start`` is where the openers end (``_skip_adverbs(words, 0)``, the clause's start)."""
    i = start
    if i < len(words) and words[i].lower in SUBORDINATE:
        while i < len(words) and words[i].lower != ",":
            i += 1
        i = _skip_adverbs(words, i)
    return i


def _first_modal(words: list[_Word], start: int) -> int | None:
    for i in range(start, len(words)):
        lower = words[i].lower
        if lower in MODALS:
            if lower in {"need", "needs"} and (
                not (i + 1 < len(words) and words[i + 1].lower == "to")
                or (i > 0 and words[i - 1].lower in _NOUN_BEFORE_NEED)
            ):
                continue  # "the need to safeguard" is a noun, not a modal
            if lower in {"need", "needs"} and i > 0 and words[i - 1].lower in {"not", "n't", "never"}:
                continue  # "does not need to own": no obligation at all
            return i
        if lower in {"has", "have"} and i + 3 < len(words) and words[i + 1].lower == "a" and words[
            i + 2
        ].lower in {"responsibility", "duty", "obligation"}:
            return i
    return None


def _finite_before(words: list[_Word], start: int, stop: int) -> bool:
    """A copula or auxiliary in the main clause before ``stop`` (not inside a relative clause)."""
    for i in range(start, stop):
        lower = words[i].lower
        if lower in RELATIVE or lower in {",", ";", ":", "—"}:
            return False
        if lower in {"is", "are", "was", "were", "has", "have", "had"}:
            return True
    return False


def _subject_span(words: list[_Word], start: int, modal: int) -> tuple[int, int]:
    first = start
    for i in range(modal - 1, start - 1, -1):
        if words[i].lower in {",", ";", ":", "—", "–", "but"}:
            # "It, too, will need ..." keeps "It"; otherwise the nearest boundary starts it.
            if i > start and words[start].lower in {"it", "this", "that", "they"}:
                break
            first = i + 1
            break
    return first, modal


def _next_verb(words: list[_Word], i: int) -> str:
    """The first word after a modal that is not an adverb, "not", "also", "to" or "continue to"."""
    while i < len(words) and (
        words[i].lower in {"also", "not", "to", "then", "continue", "further", "still", "be", "always"}
        or words[i].lower.endswith("ly")
    ):
        i += 1
    return words[i].lower if i < len(words) else ""


def _after_modal(
    words: list[_Word], m: int, party: str, indefinite: bool = False, pronoun: bool = False
) -> str:
    lower = words[m].lower
    nxt = words[m + 1].lower if m + 1 < len(words) else ""
    verb = _next_verb(words, m + 1 + (1 if lower in {"need", "needs"} else 0))
    if lower in {"will", "shall", "'ll"}:
        if party == "other":
            return CALL_TO_OTHERS
        if nxt == "be" and m + 2 < len(words) and words[m + 2].lower in {"able", "better"}:
            return STATEMENT
        if party == "author":
            return ENCOURAGEMENT if verb in ENCOURAGEMENT_VERBS else DIRECTIVE
        if lower == "shall":
            return DIRECTIVE
        passive = nxt == "be" and m + 2 < len(words) and words[m + 2].lower.endswith("ed")
        by_agent = any(w.lower == "by" for w in words[m + 3 : m + 5])
        return DIRECTIVE if passive and not by_agent else STATEMENT
    if lower in {"must", "need", "needs", "has", "have"}:
        if party == "other":
            return CALL_TO_OTHERS
        # "A company seeking compute must often sign ...": what anyone must do, a description.
        return STATEMENT if indefinite else DIRECTIVE
    if lower == "should":
        if party == "other":
            return CALL_TO_OTHERS
        tail = words[m + 1 : m + 12]
        for k, word in enumerate(tail[:5]):
            if word.lower == "by":
                agent = []
                for following in tail[k + 1 :]:
                    if following.lower in _AGENT_END:
                        break
                    agent.append(following.text)
                # "by states and workforce intermediaries": the first party named decides.
                if any(classify_party(" ".join(agent[:n])) == "other" for n in (len(agent), 1)):
                    return CALL_TO_OTHERS
        return ENCOURAGEMENT
    if lower in {"could", "might"} or (lower == "may" and verb in {"include", "involve"}):
        # "could (a proposed action)": an action verb or a passive of one, not a prediction.
        if nxt in {"then", "also"} or _proposed_action(words, m + 1, verb, pronoun):
            return ENCOURAGEMENT
        return STATEMENT
    return STATEMENT


_PARTICIPLES = frozenset(["done", "given", "built", "made", "set", "taken", "run", "led", "brought"])


def _proposed_action(words: list[_Word], i: int, verb: str, pronoun: bool) -> bool:
    """After "could": an action verb ("could fund", not "it could create": a risk),
    "include"/"involve", or a passive of an action ("could be adopted", "could be done")."""
    if verb in {"include", "involve"}:
        return True
    if not pronoun and (verb in DIRECTIVE_VERBS or verb in ENCOURAGEMENT_VERBS):
        return True
    while i < len(words) and (words[i].lower.endswith("ly") or words[i].lower in {"also", "then"}):
        i += 1
    if i + 1 < len(words) and words[i].lower == "be":
        j = i + 1
        while j < len(words) and words[j].lower.endswith("ly"):
            j += 1
        participle = words[j].lower if j < len(words) else ""
        return participle in _PARTICIPLES or (
            participle.endswith("ed") and participle not in {"needed", "required", "expected", "used"}
        )
    return False


class _Clause:
    """What the checks share about one clause: its body words, computed once, and the
    positions several checks need (computed on first use)."""

    __slots__ = (
        "_main", "_main_modal", "_modal", "_start", "body", "heading", "lower", "offset",
        "vocabulary", "words",
    )

    def __init__(self, text: str) -> None:
        enum = ENUMERATION.match(text)
        offset = enum.end() if enum else 0
        manner = _MANNER.match(text[offset:])
        if manner:
            offset += manner.end()
        self.offset = offset
        self.body = text[offset:]
        self.lower = self.body.lower()
        texts, lowers = _texts_and_lowers(self.body)
        self.words = list(map(_MAKE_WORD, zip(texts, lowers, strict=True)))
        # The clause's lower-case words as a set: checks that need a word from a list return
        # at once when none of them occurs (most clauses), before any scanning.
        self.vocabulary = frozenset(lowers)
        self.heading = len(self.words) <= 14 and not text.rstrip().endswith((".", ";", "?", "!"))
        self._start: int | None = None
        self._modal: int | None | bool = False
        self._main: int | None = None
        self._main_modal: int | None | bool = False

    @property
    def start(self) -> int:
        if self._start is None:
            self._start = _skip_adverbs(self.words, 0)
        return self._start

    @property
    def modal(self) -> int | None:
        """The first modal from ``start``, if any."""
        if self._modal is False:
            self._modal = self._first_modal(self.start)
        return self._modal  # type: ignore[return-value]

    @property
    def main(self) -> int:
        if self._main is None:
            self._main = _main_start(self.words, self.start)
        return self._main

    @property
    def main_modal(self) -> int | None:
        """The first modal of the main clause, if any (several checks ask)."""
        if self._main_modal is False:
            modal = self.modal
            if modal is None or modal < self.main:
                modal = self._first_modal(self.main)
            self._main_modal = modal
        return self._main_modal  # type: ignore[return-value]

    def _first_modal(self, start: int) -> int | None:
        return None if _MODAL_CUES.isdisjoint(self.vocabulary) else _first_modal(self.words, start)

    def span(self, first: int, last: int) -> tuple[int, int]:
        spans = _spans(self.body, self.offset, last)
        return spans[first][0], spans[last][1]


Check = Callable[[_Clause], "Undertaking | None"]


def _check_empty(c: _Clause) -> Undertaking | None:
    return None if c.words else Undertaking(STATEMENT, "empty")


def _check_target_year(c: _Clause) -> Undertaking | None:
    return Undertaking(DIRECTIVE, "target-year") if _TARGET.match(c.body) else None


def _check_call_on(c: _Clause) -> Undertaking | None:
    if "call" not in c.lower and "we " not in c.lower:
        return None  # none of the cues below: most clauses
    for cue in ("call on", "calls on", "call upon", "calls upon", "we urge", "we invite"):
        if cue in c.lower:
            return Undertaking(CALL_TO_OTHERS, f"call-on:{cue}")
    return None


def _check_asked_to(c: _Clause) -> Undertaking | None:
    """ "Member States are encouraged to ...": the author asks others, in the passive."""
    asked = _ASKED.search(c.body) if _ASKED_HINT.search(c.lower) else None
    if not asked:
        return None
    party = (asked.start("who") + c.offset, asked.end("who") + c.offset)
    # Encouraging a party is an encouragement (TAXONOMY's cue "encourage"); inviting, urging
    # or calling on it is a call to others.
    modality = ENCOURAGEMENT if asked.group("how").lower() == "encouraged" else CALL_TO_OTHERS
    return Undertaking(modality, "asked-to", party)


def _check_elaboration(c: _Clause) -> Undertaking | None:
    if _ELABORATION.match(c.body[len(c.body) - len(c.body.lstrip()) :]):
        return Undertaking(DIRECTIVE, "elaboration")
    return None


def _check_imperative(c: _Clause) -> Undertaking | None:
    found = _imperative(c.words, c.start, c.heading)
    if not found and c.start < len(c.words) and c.words[0].text[:1].isupper():
        found = _lexicon_imperative(c.words, c.start)
    return Undertaking(found[0], f"imperative:{c.words[found[1]].lower}") if found else None


def _check_opening_phrase(c: _Clause) -> Undertaking | None:
    """ "Led by DOC, develop ...", "To do this, promote ...", "Regarding X, conduct ...": the
    verb after an opening adverbial or purpose phrase decides, unless a modal came first."""
    words, start = c.words, c.start
    if start >= len(words) or words[start].lower not in OPENING_PHRASES:
        return None
    stop = c.modal if c.modal is not None else len(words)
    for i in range(start + 1, stop):
        if words[i].lower == ",":
            j = _skip_adverbs(words, i + 1)
            if j < stop and words[j].text[:1].islower():
                found = _imperative(words, j, c.heading) or _lexicon_imperative(words, j)
                if found:
                    return Undertaking(found[0], f"opening-phrase:{words[found[1]].lower}")
    return None


def _check_continued_item(c: _Clause) -> Undertaking | None:
    """A list item that continues its lead-in ("The Commission will: - propose ...; - fund
    ..."): it starts in lower case with a verb, after at most a date ("in 2021 launch")."""
    if not c.words or not c.words[0].text[:1].islower():
        return None
    body = c.body.lstrip()
    dated = _TIME.match(body)
    words = _words(body[dated.end() :]) if dated else c.words
    i = _skip_adverbs(words, 0)
    found = _imperative(words, i, False) or _lexicon_imperative(words, i)
    return Undertaking(found[0], f"continued-item:{words[found[1]].lower}") if found else None


def _check_gerund_item(c: _Clause) -> Undertaking | None:
    """ "Investing in new assurance tools." / "Packaging and providing access to data.": an
    action item told with a gerund, not a gerund subject ("Building X is hard")."""
    words, i = c.words, c.start
    if i >= len(words) or not words[i].text[:1].isupper() or not words[i].lower.endswith("ing"):
        return None
    if words[i].lower in OPENING_PHRASES or words[i].lower in NOT_GERUND_ITEMS:
        return None
    verb = _gerund_base(words[i].lower)
    if verb is None or _looks_like_subject(words, i) or _finite_ahead(words, i + 1):
        return None
    return Undertaking(_verb_modality(verb, words[i + 1 :]), f"gerund-item:{words[i].lower}")


def _check_necessity(c: _Clause) -> Undertaking | None:
    that = _NECESSITY.search(c.body) if "it is " in c.lower else None
    if not that or (c.modal is not None and _spans(c.body, 0, c.modal)[c.modal][0] <= that.start()):
        return None
    rest = that.group("rest")
    end = _PARTY_END.search(rest)
    who = rest[: end.start()] if end else rest
    if classify_party(who) == "author":
        start_who = that.start("rest") + c.offset
        return Undertaking(DIRECTIVE, "imperative-that", (start_who, start_who + len(who)))
    return Undertaking(STATEMENT, "impersonal-necessity")


def _check_new_action(c: _Clause) -> Undertaking | None:
    if _LAUNCH.isdisjoint(c.vocabulary):
        return None
    launching = _new_action(c.words, c.main)
    modal = c.main_modal
    if launching is None or (modal is not None and launching >= modal):
        return None
    return Undertaking(DIRECTIVE, f"new-action:{c.words[launching].lower}", c.span(c.main, launching - 2))


def _check_present_encouragement(c: _Clause) -> Undertaking | None:
    if _PRESENT_ENCOURAGEMENT_FORMS.isdisjoint(c.vocabulary):
        return None
    present = _present_encouragement(c.words, c.main)
    modal = c.main_modal
    if present is None or (modal is not None and present >= modal):
        return None
    return Undertaking(ENCOURAGEMENT, f"present:{c.words[present].lower}", c.span(c.main, present - 1))


def _check_aims_to(c: _Clause) -> Undertaking | None:
    """ "The Commission aims to ..." / "The programme seeks to ...": the author or one of its
    bodies sets out to do something without a firm undertaking."""
    if AIM_VERBS.isdisjoint(c.vocabulary):
        return None
    words, main = c.words, c.main
    modal = c.main_modal
    stop = min(len(words) - 1, main + 10, modal if modal is not None else len(words))
    for i in range(main + 1, stop):
        if words[i].lower in AIM_VERBS and words[i + 1].lower == "to":
            subject = " ".join(w.text for w in words[main:i])
            if classify_party(subject) == "author" or _names_body(words, main, i):
                return Undertaking(ENCOURAGEMENT, f"aims-to:{words[i].lower}", c.span(main, i - 1))
            return None
        if words[i].lower in {",", ";", ":"} or words[i].lower in FINITE:
            return None
    return None


def _check_modal(c: _Clause) -> Undertaking | None:
    words, main = c.words, c.main
    modal = c.main_modal
    if modal is None:
        return None
    for k in range(modal - 1, main, -1):
        # "X is a public asset, and careful consideration should be given ...": the modal's
        # own coordinate clause decides, not the description before it, when it proposes or
        # names a party ("..., but these tools must be trustworthy" stays a description).
        if words[k].lower == ";" or (words[k].lower == "," and words[k + 1].lower in _COORDINATORS):
            own = _skip_adverbs(words, k + 1)
            subject = " ".join(w.text for w in words[own:modal])
            if words[modal].lower in {"should", "could"} or classify_party(subject) != "thing":
                main = own
            break
    if _finite_before(words, main, modal):
        return Undertaking(STATEMENT, "description")
    if any(word.lower in BELIEF_VERBS for word in words[main:modal]):
        return Undertaking(STATEMENT, "prediction")
    first, last = _subject_span(words, main, modal)
    if first > main and modal - main <= 12:
        # A name with commas in it ("the Ministry of Economy, Trade and Industry will"): the
        # whole stretch before the modal, when it names the author, beats the last segment.
        whole = " ".join(word.text for word in words[main:modal])
        if _names_author(whole):
            first = main
    subject = " ".join(word.text for word in words[first:last])
    party = classify_party(subject)
    if party == "thing" and _names_body(words, first, last):
        party = "author"  # one of the author's programmes or bodies (TAXONOMY v1.1)
    elif (
        party == "thing"
        and last == first + 1
        and words[first].lower in {"it", "they"}
        and words[modal].lower in {"will", "shall"}
        and _next_verb(words, modal + 1) in PRONOUN_UNDERTAKINGS
    ):
        # "It will establish links ...": a body named in the sentence before takes on an
        # action ("It will improve lives" stays a prediction: improve is no undertaking).
        party = "author"
    indefinite = first < last and words[first].lower in {"a", "an", "any", "anyone", "one"}
    pronoun = first < last and words[first].lower in {"it", "they", "there"}
    modality = _after_modal(words, modal, party, indefinite, pronoun)
    named = last > first and party != "thing" and modality != STATEMENT
    return Undertaking(modality, f"modal:{words[modal].lower}", c.span(first, last - 1) if named else None)


_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,7}s?")
_COORDINATORS = frozenset(["and", "but", "so", "yet"])


# The checks in the order they are tried; the first that decides names the clause's check.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("empty", _check_empty),
    ("target-year", _check_target_year),
    ("call-on", _check_call_on),
    ("asked-to", _check_asked_to),
    ("elaboration", _check_elaboration),
    ("imperative", _check_imperative),
    ("opening-phrase", _check_opening_phrase),
    ("continued-item", _check_continued_item),
    ("gerund-item", _check_gerund_item),
    ("necessity", _check_necessity),
    ("new-action", _check_new_action),
    ("present-encouragement", _check_present_encouragement),
    ("aims-to", _check_aims_to),
    ("modal", _check_modal),
)


def undertaking_en(text: str) -> Undertaking:
    """Decide the modality of one English clause: the first check in CHECKS that decides."""
    clause = _Clause(text)
    for _name, check in CHECKS:
        found = check(clause)
        if found is not None:
            return found
    return Undertaking(STATEMENT, "no-undertaking")


def _present_encouragement(words: list[_Word], start: int) -> int | None:
    """ "The State supports ..." : the author with an encouragement verb in the present tense."""
    for i in range(start + 1, min(len(words), start + 8)):
        lower = words[i].lower
        if lower.endswith("s") and lower[:-1] in _PRESENT_ENCOURAGEMENT:
            subject = " ".join(w.text for w in words[start:i])
            return i if classify_party(subject) == "author" else None
        if lower in {",", ";"} or lower in FINITE:
            return None
    return None


_LAUNCH = frozenset({"launching", "establishing", "creating", "setting", "introducing", "proposing"})


def _new_action(words: list[_Word], start: int) -> int | None:
    """ "The Commission is launching ...": the author's new action told in the present tense."""
    for i in range(start + 1, min(len(words) - 1, start + 8)):
        if words[i].lower in {"is", "are"} and words[i + 1].lower in _LAUNCH:
            subject = " ".join(w.text for w in words[start:i])
            return i + 1 if classify_party(subject) == "author" else None
        if words[i].lower in {",", ";"}:
            return None
    return None
