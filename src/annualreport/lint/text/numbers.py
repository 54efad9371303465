"""Numbers in words and digits, as patterns and as values: shared by the word lists' ``#`` and
``<num>`` and by the figure finder."""

from __future__ import annotations

import re

from annualreport.lint.text.word_lists import MULTIPLIERS, NUMBER_WORDS

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
W_UNIT = "one|two|three|four|five|six|seven|eight|nine"
W_TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
W_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
W_BELOW100 = rf"(?:(?:{W_TENS})(?:[- ](?:{W_UNIT}))?|{W_TEEN}|{W_UNIT}|zero)"
W_NUM = rf"(?:(?:a|{W_UNIT})\s+hundred(?:\s+(?:and\s+)?{W_BELOW100})?|{W_BELOW100})(?:\s+(?:thousand|million))?"
NUM = rf"(?:{_DIGITS}|{W_NUM})"


def word_value(text: str) -> float | None:
    words = re.split(r"[\s-]+", text.lower().strip())
    total, current = 0.0, 0.0
    seen = False
    for word in words:
        if word in ("and",):
            continue
        if word == "a":
            current = 1
            continue
        if word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in ("thousand", "million"):
            total += (current or 1) * MULTIPLIERS[word]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def number_value(token: str) -> float | None:
    token = token.strip()
    if token[:1].isdigit():
        try:
            return float(token.replace(",", ""))
        except ValueError:
            return None
    return word_value(token)
