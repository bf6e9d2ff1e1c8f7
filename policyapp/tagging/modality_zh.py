"""Chinese modality and actor from the clause's first main verb (TAXONOMY v1.1).

Regular expressions over the characters, not jieba words: segmentation shifts with context, and
single-character cues need guards (要 in 重要/需要/主要 is not the modal 要).
"""

from __future__ import annotations

import functools
import re

from policyapp.tagging.lexicon import cue_words, parties
from policyapp.tagging.modality_en import Undertaking
from policyapp.tagging.taxonomy import CALL_TO_OTHERS, DIRECTIVE, ENCOURAGEMENT, STATEMENT

ENCOURAGEMENT_VERBS = ("鼓励", "支持", "推动", "促进", "推进", "推广", "引导支持", "倡导")
CALL_VERBS = ("呼吁", "倡议")
# Verbs that open an action item: the author undertakes to do it.
DIRECTIVE_VERBS = tuple(sorted(cue_words("zh_directive_verbs"), key=len, reverse=True))
# Pace, manner and degree words the taxonomy says to skip (加快推动 is ENCOURAGEMENT).
PACE_WORDS = (
    "加快", "加速", "积极", "大力", "有序", "安全稳妥", "稳妥", "持续", "深入", "着力", "充分",
    "进一步", "切实", "不断", "努力", "全面", "稳步", "适时", "扎实", "统筹", "协同", "共同",
    "主动", "更好", "更加", "逐步", "率先",
)
_ENUM = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]\s*)\s*"
)
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
# 要/将/应当/必须 as modals; the guards keep out 重要, 需要, 主要, 要素, 要求, 将来, 必须品 ...
_MODAL = re.compile(
    r"(?<![重需主必只摘纲概首次紧不想还就也是])(?:应当|必须|要(?![素求点件闻害塞领务])|将(?![来近军领])"
    r"|(?<![响相适供反效理对呼])应(?![用对急变当])(?=[\u4e00-\u9fff]))"
)


def _strip(text: str) -> str:
    text = text.strip()
    enum = _ENUM.match(text)
    if enum:
        text = text[enum.end() :]
    while True:
        framing = _FRAMING.match(text)
        if not framing:
            break
        text = text[framing.end() :]
    return text


def _skip_pace(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in PACE_WORDS:
            rest = text[len(word) :]
            # 加快 + a verb is pace; 加快 + a noun ("加快工业软件创新") is itself the verb.
            if text.startswith(word) and rest.startswith(
                ENCOURAGEMENT_VERBS + CALL_VERBS + tuple(DIRECTIVE_VERBS) + PACE_WORDS
            ):
                text = rest
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


def undertaking_zh(text: str) -> Undertaking:
    """Decide the modality of one Chinese clause, and the span of the party it names."""
    raw = text.strip()
    if not raw or _DATE.match(raw) or raw.endswith(("：", ":")):
        return Undertaking(STATEMENT, "heading-or-date")
    offset = text.index(raw[0]) if raw else 0
    body = _strip(raw)
    offset += len(raw) - len(body)
    if _TARGET.match(body):
        author = _party_regex("zh_author").search(body[:20])
        span = (offset + author.start(), offset + author.end()) if author else None
        return Undertaking(DIRECTIVE, "target-year", span)
    for cue in CALL_VERBS:
        if cue in body:
            return Undertaking(CALL_TO_OTHERS, cue)
    other = _party_regex("zh_other").match(body)
    if other:
        return Undertaking(CALL_TO_OTHERS, other.group(0), (offset + other.start(), offset + other.end()))
    if "现提出" in body or "如下意见" in body:
        return Undertaking(STATEMENT, "preamble")
    if _BACKGROUND.match(body):
        return Undertaking(STATEMENT, "background")
    head = _skip_pace(body)
    shift = offset + len(body) - len(head)
    for verb in ENCOURAGEMENT_VERBS:
        if head.startswith(verb):
            rest = head[len(verb) :].lstrip("和")
            rest = rest[2:] if rest.startswith(ENCOURAGEMENT_VERBS) else rest
            who = _supported_regex().match(rest)
            span = None
            if who:
                begin = shift + len(head) - len(rest)
                span = (begin + who.start(), begin + who.end())
            return Undertaking(ENCOURAGEMENT, verb, span)
    modal = _MODAL.search(body[:30])
    if modal:
        subject = body[: modal.start()].rstrip("，, ")
        if (
            subject
            and not re.search(r"[，。；、]", subject)
            and len(subject) <= 16
            and not subject.startswith(ENCOURAGEMENT_VERBS + tuple(DIRECTIVE_VERBS) + PACE_WORDS)
        ):
            return Undertaking(DIRECTIVE, modal.group(0), (offset, offset + len(subject)))
        if not subject:
            return Undertaking(DIRECTIVE, modal.group(0))
    if head.startswith(tuple(DIRECTIVE_VERBS)) or body.startswith(tuple(DIRECTIVE_VERBS)):
        return Undertaking(DIRECTIVE, "action-verb")
    if raw.endswith(("。", "；")) and len(body) > 12:
        # Most full sentences in a plan's action sections are undertakings phrased as verbs
        # we do not list; headings and signatures without a verb are statements.
        return Undertaking(DIRECTIVE, "sentence")
    return Undertaking(STATEMENT, "no-undertaking")
