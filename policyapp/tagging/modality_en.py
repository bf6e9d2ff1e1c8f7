"""English modality: which verb carries the clause's main undertaking (TAXONOMY v1.1).

Works on the clause text with word lists; no parser, so the rules follow the surface forms the
conventions name: an imperative action item, will/shall/must, should/could, call on/urge, and
the subject in front of a modal (the author, another party, or a thing making a prediction).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from policyapp.ingest.markers import ENUMERATION
from policyapp.tagging.lexicon import agency_regex, cue_words, parties
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
    r"^(?P<who>[^,;:]{2,80}?) (?:is|are) (?:also |strongly |therefore )?(?:encouraged|invited|urged|"
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
    # String methods on the joined words instead of a Python loop: this runs on every clause.
    texts = _WORD.findall(text, 0, MAX_CHARS)
    if not texts:
        return []
    lowers = "\0".join(texts).lower().replace("’", "'").split("\0")
    return list(map(_MAKE_WORD, zip(texts, lowers, strict=True)))


def _spans(text: str, offset: int) -> list[tuple[int, int]]:
    """Character spans of the words, computed only when a party span is reported."""
    return [(m.start() + offset, m.end() + offset) for m in _WORD.finditer(text, 0, MAX_CHARS)]


def _base(word: str) -> str | None:
    """The verb a gerund heading stands for ("Accelerating" -> "accelerate"), if we know it."""
    match = _LEMMA_ING.match(word)
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
        if rest and rest[0] in ENCOURAGEMENT_VERBS | ENCOURAGEMENT_NOUNS:
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
    base = _base(lower)
    if heading and base and word.text[:1].isupper():
        return _verb_modality(base, words[i + 1 :]), i
    if _unknown_verb(words, i):
        return DIRECTIVE, i
    return None


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


def _main_start(words: list[_Word]) -> int:
    """Index where the main clause starts: after openers and a leading subordinate clause."""
    i = _skip_adverbs(words, 0)
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


def _after_modal(words: list[_Word], m: int, party: str, indefinite: bool = False) -> str:
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
    if lower == "could":
        return ENCOURAGEMENT if nxt in {"then", "also"} else STATEMENT
    return STATEMENT


def undertaking_en(text: str) -> Undertaking:
    """Decide the modality of one English clause."""
    enum = ENUMERATION.match(text)
    body_offset = enum.end() if enum else 0
    manner = _MANNER.match(text[body_offset:])
    if manner:
        body_offset += manner.end()
    body = text[body_offset:]
    words = _words(body)

    def span(first: int, last: int) -> tuple[int, int]:
        spans = _spans(body, body_offset)
        return spans[first][0], spans[last][1]

    if not words:
        return Undertaking(STATEMENT, "empty")
    heading = len(words) <= 14 and not text.rstrip().endswith((".", ";", "?", "!"))
    if _TARGET.match(body):
        return Undertaking(DIRECTIVE, "target-year")
    lower_text = body.lower()
    for cue in ("call on", "calls on", "call upon", "calls upon", "we urge", "we invite"):
        if cue in lower_text:
            return Undertaking(CALL_TO_OTHERS, cue)
    asked = _ASKED.search(body) if _ASKED_HINT.search(lower_text) else None
    if asked:
        # "Member States are encouraged to ...": the author asks others, in the passive.
        return Undertaking(CALL_TO_OTHERS, "asked-to", (asked.start("who") + body_offset, asked.end("who") + body_offset))

    start = _skip_adverbs(words, 0)
    if _ELABORATION.match(body[len(body) - len(body.lstrip()) :]):
        return Undertaking(DIRECTIVE, "elaboration")
    found = _imperative(words, start, heading)
    if found:
        return Undertaking(found[0], f"imperative:{words[found[1]].lower}")
    modal = _first_modal(words, start)
    if start < len(words) and words[start].lower in PREFIXES:
        # "Led by DOC, develop ..." / "Through NSF, invest ...": the verb after a comma decides,
        # as long as no modal came first ("To do that, we will ...").
        stop = modal if modal is not None else len(words)
        for i in range(start + 1, stop):
            if words[i].lower == ",":
                j = _skip_adverbs(words, i + 1)
                if j < stop and words[j].text[:1].islower():
                    found = _imperative(words, j, heading)
                    if found:
                        return Undertaking(found[0], f"imperative:{words[found[1]].lower}")

    main = _main_start(words)
    that = _NECESSITY.search(body) if "it is " in lower_text else None
    if that and (modal is None or _spans(body, 0)[modal][0] > that.start()):
        rest = that.group("rest")
        end = _PARTY_END.search(rest)
        who = rest[: end.start()] if end else rest
        if classify_party(who) == "author":
            start_who = that.start("rest") + body_offset
            return Undertaking(DIRECTIVE, "imperative-that", (start_who, start_who + len(who)))
        return Undertaking(STATEMENT, "impersonal-necessity")
    if modal is None or modal < main:
        modal = _first_modal(words, main) if modal is None or modal < main else modal
    launching = _new_action(words, main)
    if launching is not None and (modal is None or launching < modal):
        party = span(main, launching - 2)
        return Undertaking(DIRECTIVE, f"new-action:{words[launching].lower}", party)
    present = _present_encouragement(words, main)
    if present is not None and (modal is None or present < modal):
        party = span(main, present - 1)
        return Undertaking(ENCOURAGEMENT, f"present:{words[present].lower}", party)
    if modal is None:
        return Undertaking(STATEMENT, "no-undertaking")
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
    indefinite = first < last and words[first].lower in {"a", "an", "any", "anyone", "one"}
    modality = _after_modal(words, modal, party, indefinite)
    named = last > first and party != "thing" and modality != STATEMENT
    return Undertaking(modality, f"modal:{words[modal].lower}", span(first, last - 1) if named else None)


def _present_encouragement(words: list[_Word], start: int) -> int | None:
    """ "The State supports ..." : the author with an encouragement verb in the present tense."""
    for i in range(start + 1, min(len(words), start + 8)):
        lower = words[i].lower
        if lower.endswith("s") and lower[:-1] in ENCOURAGEMENT_VERBS | {"encourage", "promote"}:
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
