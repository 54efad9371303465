"""The detector's word lists (``annualreport.lint.text.word_lists``), compiled once, and the
scanner that finds every entry of them in a sentence."""

from __future__ import annotations

import functools
import re
from typing import Iterable, Mapping

from annualreport.lint.text.numbers import NUM
from annualreport.lint.text.word_lists import DEFAULTS, MONTHS, NUMBER_WORDS
from annualreport.wording import refusal_hint


def _entry_pattern(entry: str) -> str:
    if entry.startswith("re:"):
        return entry[3:].replace("<num>", NUM).replace("<months>", MONTHS)
    parts = []
    for word in entry.split():
        star = word.endswith("*") and len(word) > 1
        word = word.rstrip("*") if star else word
        if word == "#":
            parts.append(NUM)
            continue
        escaped = re.sub(r"['’]", "['’]", re.escape(word).replace(r"\-", r"[-\s]?"))
        parts.append(escaped + (r"\w*" if star else ""))
    return r"(?<!\w)" + r"[\s-]+".join(parts) + r"(?!\w)"


@functools.lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


_DIGIT_KEY = "0"
_NUMBER_KEYS = frozenset(w[:3] for w in NUMBER_WORDS) | {_DIGIT_KEY}
_ZERO_WIDTH = re.compile(r"\\b|\(\?<[!=](?:[^()]|\([^()]*\))*\)")


def _top_alternatives(body: str) -> list[str]:
    parts, depth, current, i = [], 0, "", 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            current += body[i:i + 2]
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    return parts + [current]


def _closing(text: str, at: int) -> int:
    depth, i = 0, at
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _strip_zero_width(source: str) -> str:
    while True:
        zero = _ZERO_WIDTH.match(source)
        if not zero or not zero.group():
            return source
        source = source[zero.end():]


def _regex_keys(source: str) -> frozenset[str] | None:
    """The first words a regular expression can match at, as keys (see ``_first_keys``)."""
    source = _strip_zero_width(source)
    group = re.match(r"\((?:\?:|\?-i:)", source)
    if group:
        close = _closing(source, 0)
        if close < 0:
            return None
        keys: set[str] = set()
        for alternative in _top_alternatives(source[group.end():close]):
            found = _regex_keys(alternative)
            if found is None:
                return None
            keys |= found
        if source[close + 1:close + 2] in ("?", "*"):  # an optional group: or what follows it
            rest = _regex_keys(source[close + 2:])
            if rest is None:
                return None
            keys |= rest
        return frozenset(keys)
    if source.startswith("<num>"):
        return _NUMBER_KEYS
    if source[:1].isdigit() or source.startswith("\\d"):
        return frozenset({_DIGIT_KEY})
    letters = re.match(r"[A-Za-z]+", source)
    if not letters:
        return None
    literal = letters.group()
    if source[letters.end():letters.end() + 1] in ("?", "*", "{"):
        literal = literal[:-1]
    return frozenset({literal[:3].lower()}) if literal else None


def _first_keys(entry: str) -> frozenset[str] | None:
    """The word starts at which an entry can match: the first three letters of a word, lower
    case, or "0" for a number. None when they cannot be told: such entries are searched for
    everywhere."""
    if not entry.startswith("re:"):
        first = entry.split()[0].rstrip("*").lower()
        if first == "#":
            return _NUMBER_KEYS
        letters = re.match(r"[a-z]+", first)
        return frozenset({letters.group()[:3]}) if letters else None
    source = entry[3:].replace("<months>", MONTHS)
    if source.startswith("^"):
        return None
    return _regex_keys(source)


def _first_letters(entry: str) -> tuple[str, bool]:
    """The letters, lower case, that a plain entry's match starts with ("" for a regular
    expression or a number), and whether they are its whole first word. A word of the text
    (ASCII letters and digits) cannot start a match where it differs from them while both have
    letters, nor, when they are the whole first word (no ``*``), where it runs on past them:
    such an entry is neither compiled nor tried there. (Only while both have letters: after a
    word's end, ``re.I`` lets some letters match other scripts' characters, the Kelvin sign "k".)"""
    if entry.startswith("re:"):
        return "", False
    first = entry.split()[0]
    letters = re.match(r"[a-z]+", first.rstrip("*").lower())
    if not letters:
        return "", False
    return letters.group(), letters.group() == first.lower()


_TOKEN = re.compile(r"[A-Za-z0-9]+")


#: the word lists that are patterns (the others are plain sets of words)
_PATTERN_LISTS = ("judgement_words", "not_judgement", "plan_words", "purpose_words", "thanks_words", "procedure_words", "not_figures")
_DEFAULT_ENTRIES = {name: frozenset(e.strip() for e in DEFAULTS[name]) for name in _PATTERN_LISTS}


class _Scanner:
    """The pattern lists, compiled entry by entry. A sentence is scanned once for all of them,
    and each entry is tried only where a word it can start with stands: one large alternation
    would be tried at every character, which is slow in Python's ``re``."""

    def __init__(self, lists: Mapping[str, tuple[str, ...]]):
        #: key -> (list, pattern, the letters the entry starts with ("" when not known), whether they are its first word)
        self.index: dict[str, list[tuple[str, str, str, bool]]] = {}
        self.fallback: dict[str, re.Pattern] = {}
        self.anchored: list[tuple[str, re.Pattern]] = []
        self._candidates: dict[str, tuple[tuple[str, re.Pattern], ...]] = {}
        for name in _PATTERN_LISTS:
            everywhere = []
            defaults = _DEFAULT_ENTRIES[name]
            for entry in lists[name]:
                if not isinstance(entry, str) or not entry.strip():
                    raise TypeError(f"lint.{name}: each entry must be a word, a phrase or 're:' and a regular expression, not {entry!r}")
                entry = entry.strip()
                pattern = _entry_pattern(entry)
                if entry not in defaults:  # a project's own entry: check it now, not on first use
                    try:
                        _regex(pattern)
                    except re.error as exc:
                        raise ValueError(f"lint.{name}: {entry!r} is not a valid regular expression ({exc})") from None
                keys = _first_keys(entry)
                if entry.startswith("re:^"):
                    self.anchored.append((name, _regex(pattern)))
                elif keys is None:
                    everywhere.append(pattern)
                else:
                    start, whole = _first_letters(entry)
                    for key in keys:
                        self.index.setdefault(key, []).append((name, pattern, start, whole))
            if everywhere:
                self.fallback[name] = re.compile("|".join(f"(?:{p})" for p in everywhere), re.I)

    def _for(self, word: str) -> tuple[tuple[str, re.Pattern], ...]:
        """The entries that can match at a word (lower case; ``_DIGIT_KEY`` for a number)."""
        found = self._candidates.get(word)
        if found is None:  # compiled on first use, and only the entries that can start here
            key = word[:3]
            found = tuple(
                (name, _regex(pattern))
                for k in dict.fromkeys((key[:1], key[:2], key))
                for name, pattern, start, whole in self.index.get(k, ())
                if word[:len(start)] == start[:len(word)] and not (whole and len(word) > len(start))
            )
            self._candidates[word] = found
        return found

    def scan(self, text: str) -> dict[str, list[re.Match]]:
        """Every match of every list, overlapping ones included, in order of place."""
        found: dict[str, list[re.Match]] = {name: [] for name in _PATTERN_LISTS}
        for token in _TOKEN.finditer(text):
            word = token.group()
            pos = token.start()
            for name, compiled in self._for(_DIGIT_KEY if word[0].isdigit() else word.lower()):
                m = compiled.match(text, pos)
                if m and m.end() > m.start():
                    found[name].append(m)
        for name, compiled in self.anchored:
            m = compiled.match(text)
            if m and m.end() > m.start():
                found[name].append(m)
        for name, compiled in self.fallback.items():
            found[name].extend(m for m in compiled.finditer(text) if m.end() > m.start())
        for matches in found.values():
            if len(matches) > 1:
                matches.sort(key=lambda m: (m.start(), -m.end()))
        return found


#: verbs that are nouns as often as verbs at the start of a sentence ("Support for families")
_NOT_IMPERATIVE = frozenset({
    "target", "focus", "review", "support", "help", "use", "test", "check", "fund", "challenge",
    "update", "present", "detail", "close", "track", "offer", "be", "have", "do", "further",
    "better", "improving", "lower", "double", "narrow",
})


class Words:
    """The detector's word lists (``annualreport.lint.text.word_lists``), compiled once."""

    KEYS: tuple[str, ...] = tuple(DEFAULTS)
    _default: "Words | None" = None

    def __init__(self, lists: Mapping[str, Iterable[str]] | None = None):
        lists = DEFAULTS if lists is None else lists
        self.lists: dict[str, tuple[str, ...]] = {key: tuple(lists.get(key, DEFAULTS[key])) for key in self.KEYS}
        self.scanner = _Scanner(self.lists)
        self.infinitive_verbs = frozenset(w.lower() for w in self.lists["infinitive_verbs"])
        self.asserting_verbs = frozenset(w.lower() for w in self.lists["asserting_verbs"])
        self.abbreviations = frozenset(w.lower().rstrip(".") for w in self.lists["abbreviations"])
        self.imperative_verbs = self.infinitive_verbs - _NOT_IMPERATIVE | {"continue"}
        own = {name: tuple(e for e in self.lists[name] if isinstance(e, str) and e.strip() not in _DEFAULT_ENTRIES[name]) for name in _PATTERN_LISTS}
        #: the project's own entries (``lint:`` settings), scanned apart: where one stands, the rules decide
        self.own = _Scanner(own) if any(own.values()) else None

    @classmethod
    def default(cls) -> "Words":
        if cls._default is None:
            cls._default = cls()
        return cls._default

    def extended(self, settings: Mapping | None) -> "Words":
        """These lists changed by a project's ``lint:`` settings (see the docstring of
        ``annualreport.lint.text``)."""
        if not settings:
            return self
        if not isinstance(settings, Mapping):
            raise TypeError("the lint settings must be 'key: value' lines")
        lists = dict(self.lists)
        for key, change in settings.items():
            if key not in self.KEYS:
                raise ValueError(f"'{key}' is not a lint setting: {refusal_hint(key, self.KEYS, 'the word lists are')}")
            if change is None:
                continue
            if isinstance(change, (list, tuple)):
                lists[key] = tuple(str(e) for e in change)
            elif isinstance(change, Mapping):
                unknown = set(change) - {"add", "remove"}
                if unknown:
                    raise ValueError(f"lint.{key} takes 'add' and 'remove', not {', '.join(sorted(map(str, unknown)))}: "
                                     + refusal_hint(str(sorted(map(str, unknown))[0]), ("add", "remove"), "use"))
                remove = {str(e).strip().lower() for e in change.get("remove") or []}
                kept = [e for e in lists[key] if e.strip().lower() not in remove]
                lists[key] = tuple(kept) + tuple(str(e) for e in change.get("add") or [] if str(e) not in kept)
            else:
                raise TypeError(f"lint.{key} must be a list, or 'add:' and 'remove:' lists")
        return Words(lists)
