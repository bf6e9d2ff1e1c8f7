"""Chinese modality and actor from the clause's first main verb (TAXONOMY v1.1).

An ordered table of named checks, like the English one (`modality_en.CHECKS`): the first that
decides names the clause's check ("modal:要", "duty-of-others:不得", "encouragement-verb:鼓励"),
stored as `Clause.rule_modality_check`. Regular expressions over the characters, not jieba
words: segmentation shifts with context, and single-character cues need guards (要 in
重要/需要/主要 is not the modal 要).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from policyapp.ingest.markers import split_marker
from policyapp.tagging.lexicon import cue_words, parties
from policyapp.tagging.modality_en import Undertaking
from policyapp.tagging.taxonomy import CALL_TO_OTHERS, DIRECTIVE, ENCOURAGEMENT, STATEMENT

ENCOURAGEMENT_VERBS = ("鼓励", "支持", "推动", "促进", "推进", "推广", "引导支持", "倡导")
CALL_VERBS = ("呼吁", "倡议")
# Verbs that open an action item: the author undertakes to do it.
# Longest first, then by code point: the same order in every process (the cue words are a
# set, whose order changes with the hash seed), so a check names the same verb each time.
DIRECTIVE_VERBS = tuple(sorted(cue_words("zh_directive_verbs"), key=lambda verb: (-len(verb), verb)))
# Pace, manner and degree words the taxonomy says to skip (加快推动 is ENCOURAGEMENT).
PACE_WORDS = (
    "加快", "加速", "积极", "大力", "有序", "安全稳妥", "稳妥", "持续", "深入", "着力", "充分",
    "进一步", "切实", "不断", "努力", "全面", "稳步", "适时", "扎实", "统筹", "协同", "共同",
    "主动", "更好", "更加", "逐步", "率先",
)
_VERB_HEADS = ENCOURAGEMENT_VERBS + CALL_VERBS + DIRECTIVE_VERBS + PACE_WORDS
# Framing phrases: 以…为指导/导向/重点, 围绕…, 在…领域/方面, 按照…要求, 面向….
_FRAMING = re.compile(
    r"^(?:以[^，。；]{1,80}?为(?:指导|导向|重点|目标|核心|主线|抓手|牵引|引领|基础|支撑|依托|驱动)"
    r"|围绕[^，。；]{1,80}|按照[^，。；]{1,80}|面向[^，。；]{1,80}|在[^，。；]{1,60}?(?:领域|方面|中|上|下))"
    r"[，,]"
)
# Background and description: 当前/近年来/随着… openers, or a copula 是 early in the clause.
_BACKGROUND = re.compile(r"^(?:当前|目前|近年来|近年|随着|长期以来|总体上|总体看)|^[^，。；]{1,14}(?:(?<![但还就于凡总其别要])是|已经|已成为|正在)")
_TARGET = re.compile(r"^到(?:19|20)\d\d年")
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
# 要/将/应当/必须/不得 as modals; the guards keep out 重要, 需要, 主要, 要素, 要求, 将来, 必须品,
# 不得不 (has to) and 不得已 (reluctantly).
_MODAL = re.compile(
    r"(?<![重需主必只摘纲概首次紧不想还就也是])(?:应当|必须|不得(?![不已])"
    r"|要(?![素求点件闻害塞领务])|将(?![来近军领])"
    r"|(?<![响相适供反效理对呼必])应(?![用对急变当])(?=[\u4e00-\u9fff]))"
)
# How far into the clause a modal is looked for, and how long the subject before it may be:
# the author's organs are short ("国家发展改革委"), regulated parties longer
# ("提供生成式人工智能服务的提供者").
MODAL_WITHIN = 30
AUTHOR_SUBJECT_MAX = 16
OTHER_SUBJECT_MAX = 30
_SUBJECT_BREAK = re.compile(r"[，。；、：]")


@dataclass(frozen=True)
class _Clause:
    """What the checks share about one clause: the text without its list marker and framing
    phrase (``body``), and the body without pace words (``head``), with where each starts."""

    raw: str
    body: str
    offset: int
    head: str
    shift: int


def _read(text: str) -> _Clause:
    raw = text.strip()
    offset = text.index(raw[0]) if raw else 0
    _, body = split_marker(raw)
    body = body.lstrip()
    while framing := _FRAMING.match(body):
        body = body[framing.end() :]
    offset += len(raw) - len(body)
    head = _skip_pace(body)
    return _Clause(raw, body, offset, head, offset + len(body) - len(head))


def _skip_pace(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in PACE_WORDS:
            # 加快 + a verb is pace; 加快 + a noun ("加快工业软件创新") is itself the verb.
            if text.startswith(word) and text[len(word) :].startswith(_VERB_HEADS):
                text = text[len(word) :]
                changed = True
    return text


@functools.cache
def _party_regex(key: str) -> re.Pattern[str]:
    names = sorted(parties()[key], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


@functools.cache
def _supported_regex() -> re.Pattern[str]:
    party = _party_regex("zh_supported").pattern
    return re.compile(rf"^(?:{party})(?:[、和及与](?:{party}))*")


def _modal_subject(c: _Clause) -> tuple[re.Match[str], str] | None:
    """The first modal of the clause and the words before it, when they could be its subject
    (no clause break, not itself a verb phrase)."""
    modal = _MODAL.search(c.body[:MODAL_WITHIN])
    if not modal:
        return None
    subject = c.body[: modal.start()].rstrip("，, ")
    if _SUBJECT_BREAK.search(subject) or subject.startswith(_VERB_HEADS):
        return None
    return modal, subject


Check = Callable[[_Clause], "Undertaking | None"]


def _check_heading_or_date(c: _Clause) -> Undertaking | None:
    if not c.raw or _DATE.match(c.raw) or c.raw.endswith(("：", ":")):
        return Undertaking(STATEMENT, "heading-or-date")
    return None


def _check_target_year(c: _Clause) -> Undertaking | None:
    if not _TARGET.match(c.body):
        return None
    author = _party_regex("zh_author").search(c.body[:20])
    span = (c.offset + author.start(), c.offset + author.end()) if author else None
    return Undertaking(DIRECTIVE, "target-year", span)


def _check_call_verb(c: _Clause) -> Undertaking | None:
    cue = next((cue for cue in CALL_VERBS if cue in c.body), None)
    return Undertaking(CALL_TO_OTHERS, f"call-verb:{cue}") if cue else None


def _check_other_party(c: _Clause) -> Undertaking | None:
    """各国/各方/国际社会 as the subject: the author speaks to others."""
    other = _party_regex("zh_other").match(c.body)
    if not other:
        return None
    span = (c.offset + other.start(), c.offset + other.end())
    return Undertaking(CALL_TO_OTHERS, f"other-party:{other.group(0)}", span)


def _check_preamble(c: _Clause) -> Undertaking | None:
    if "现提出" in c.body or "如下意见" in c.body:
        return Undertaking(STATEMENT, "preamble")
    return None


def _check_background(c: _Clause) -> Undertaking | None:
    return Undertaking(STATEMENT, "background") if _BACKGROUND.match(c.body) else None


def _check_encouragement_verb(c: _Clause) -> Undertaking | None:
    verb = next((verb for verb in ENCOURAGEMENT_VERBS if c.head.startswith(verb)), None)
    if verb is None:
        return None
    rest = c.head[len(verb) :].lstrip("和")
    rest = rest[2:] if rest.startswith(ENCOURAGEMENT_VERBS) else rest
    who = _supported_regex().match(rest)
    span = None
    if who:
        begin = c.shift + len(c.head) - len(rest)
        span = (begin + who.start(), begin + who.end())
    return Undertaking(ENCOURAGEMENT, f"encouragement-verb:{verb}", span)


def _check_duty_of_others(c: _Clause) -> Undertaking | None:
    """A duty (应当, 不得, 必须 ...) laid on a party other than the state: a regulation's
    "提供者应当…", "任何组织和个人不得…" call on others to act (TAXONOMY: "X should/must"
    where X is another party)."""
    found = _modal_subject(c)
    if not found:
        return None
    modal, subject = found
    if not subject or len(subject) > OTHER_SUBJECT_MAX:
        return None
    if any(word in subject for word in parties()["zh_state"]):
        return None
    # The party ends with its last bearer word: "使用者在使用服务时，不得…" names 使用者.
    ends = [subject.rfind(word) + len(word) for word in parties()["zh_duty_bearers"] if word in subject]
    if not ends:
        return None
    return Undertaking(CALL_TO_OTHERS, f"duty-of-others:{modal.group(0)}", (c.offset, c.offset + max(ends)))


def _check_modal(c: _Clause) -> Undertaking | None:
    """要/将/应当/必须 with the author, one of its organs or no subject: an undertaking."""
    found = _modal_subject(c)
    if not found:
        return None
    modal, subject = found
    if not subject:
        return Undertaking(DIRECTIVE, f"modal:{modal.group(0)}")
    if len(subject) <= AUTHOR_SUBJECT_MAX:
        return Undertaking(DIRECTIVE, f"modal:{modal.group(0)}", (c.offset, c.offset + len(subject)))
    return None


def _check_action_verb(c: _Clause) -> Undertaking | None:
    verb = next((v for v in DIRECTIVE_VERBS if c.head.startswith(v)), None) or next(
        (v for v in DIRECTIVE_VERBS if c.body.startswith(v)), None
    )
    return Undertaking(DIRECTIVE, f"action-verb:{verb}") if verb else None


def _check_sentence(c: _Clause) -> Undertaking | None:
    # Most full sentences in a plan's action sections are undertakings phrased as verbs we do
    # not list; headings and signatures without a verb are statements.
    if c.raw.endswith(("。", "；")) and len(c.body) > 12:
        return Undertaking(DIRECTIVE, "sentence")
    return None


# The checks in the order they are tried; the first that decides names the clause's check.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("heading-or-date", _check_heading_or_date),
    ("target-year", _check_target_year),
    ("call-verb", _check_call_verb),
    ("other-party", _check_other_party),
    ("preamble", _check_preamble),
    ("background", _check_background),
    ("encouragement-verb", _check_encouragement_verb),
    ("duty-of-others", _check_duty_of_others),
    ("modal", _check_modal),
    ("action-verb", _check_action_verb),
    ("sentence", _check_sentence),
)


def undertaking_zh(text: str) -> Undertaking:
    """Decide the modality of one Chinese clause: the first check in CHECKS that decides,
    with the span of the party it names."""
    clause = _read(text)
    for _name, check in CHECKS:
        found = check(clause)
        if found is not None:
            return found
    return Undertaking(STATEMENT, "no-undertaking")
