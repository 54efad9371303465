"""NHS numbers and phone numbers, written with any separators (``943 476 5919``,
``943.476.5919``, ``07700/900/123``) or spelled out ("oh seven seven double oh nine ...",
"0 7 7 0 0 ...").

* **nhs-number**: 10 digits that pass the modulus 11 check: grouped 3-3-4 (with one separator
  throughout: space, dot, slash, underscore or hyphen) or run together; in other groupings
  only when "NHS" is near.
* **phone**: UK numbers (01, 02, 07, +44). A mobile is always flagged. A landline is taken as an
  organisation's, and passes, when its line also holds an organisation's e-mail or words of a
  contact block ("Telephone:", "switchboard", "helpline", "front door", "MASH", "please call");
  otherwise it is flagged. Non-geographic numbers (03, 08) belong to organisations and pass, as
  do the numbers the scanner was given as organisations'.
* Digits spelled out or spaced one by one are read as a number when they make 10 or 11
  digits; a number spelled out is a person's, whatever its line says.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from annualreport.lint.identifying.exposure import Exposure, ends_number, line_of

if TYPE_CHECKING:
    from annualreport.lint.identifying.scanner import Identifying

_SEP = r"[ \u00a0./_-]"
#: a run of 10 or more digits and separators, where phone and NHS numbers are looked for
NUMBER_RUN = re.compile(r"[+(0-9][0-9 \u00a0()+./_\-]{8,22}[0-9]")
NHS = re.compile(rf"(?<![\w/.+-])([0-9]{{3}})({_SEP}?)([0-9]{{3}})\2([0-9]{{4}})")
#: ten digits in any grouping (taken as an NHS number only when "NHS" is near)
TEN_DIGITS = re.compile(rf"(?<![\w/.+-])[0-9](?:{_SEP}?[0-9]){{9}}(?![0-9])")
PHONE = re.compile(rf"(?<![\w/.])(?:\+44{_SEP}?(?:\(0\){_SEP}?)?|\(?0)[0-9]{{2,4}}\)?(?:{_SEP}?[0-9]){{5,8}}")
NHS_NEAR = re.compile(r"\bnhs\b")
ORG_PHONE_CONTEXT = re.compile(
    r"switchboard|help\s?line|advice\s+line|front\s+door|\bmash\b|out\s+of\s+hours|emergency\s+duty|duty\s+team|contact\s+(?:centre|center|us|the)\b"
    r"|please\s+(?:call|contact|telephone|phone|ring)|\b(?:call|ring|phone)\s+the\b|\btel(?:ephone)?\b\.?\s*(?:no\.?|number)?\s*:|\btel\.|\bphone\s*:|\bcontact\s*:|\b[tm]\s*:"
)

_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "nought": "0", "nil": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
_TOKEN = r"(?:(?:double|triple)[\s-]+)?(?:zero|oh|nought|nil|one|two|three|four|five|six|seven|eight|nine|[0-9])\b"
#: digits spelled out or spaced one by one (in lower-case text)
SPELLED = re.compile(rf"\b{_TOKEN}(?:[ \t\u00a0,.\-]+{_TOKEN}){{5,}}")
_SPELLED_CUE = re.compile(r"\b(?:zero|oh|nought|double|triple|seven|nine)\b|\b[0-9] [0-9] [0-9]\b")


def nhs_number_valid(digits: str) -> bool:
    """The modulus 11 check of a 10-digit NHS number."""
    digits = re.sub(r"[^0-9]", "", digits)
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def national(number: str) -> str:
    """A UK phone number as its national digits: '+44 (0)20 7946 0000' -> '02079460000'."""
    digits = re.sub(r"[^0-9]", "", number)
    if number.lstrip().startswith("+44"):
        digits = "0" + digits[2:].lstrip("0")
    return digits


def spelled_digits(words: str) -> str:
    """'seven double oh nine' -> '7009'."""
    out, times = [], 1
    for token in re.findall(r"[a-z]+|[0-9]", words):
        if token in ("double", "triple"):
            times = 2 if token == "double" else 3
            continue
        out.append(_DIGIT_WORDS.get(token, token) * times)
        times = 1
    return "".join(out)


def find(scanner: "Identifying", text: str, low: str) -> list[Exposure]:
    out: list[Exposure] = []
    taken: list[tuple[int, int]] = []
    for run in NUMBER_RUN.finditer(text):
        for m in NHS.finditer(text, run.start(), run.end()):
            if not ends_number(text, m.end()):
                continue
            digits = m.group(1) + m.group(3) + m.group(4)
            if not nhs_number_valid(digits) or (digits.startswith("0") and not m.group(2)):
                continue  # a failed check digit, or a phone number's shape (0 and no spaces)
            out.append(Exposure("nhs-number", m.start(), m.end(), f"an NHS number (ending ...{digits[-2:]})"))
            taken.append((m.start(), m.end()))
        if "nhs" in low:
            for m in TEN_DIGITS.finditer(text, run.start(), run.end()):
                if any(a < m.end() and m.start() < b for a, b in taken) or not ends_number(text, m.end()):
                    continue
                near = low[max(0, m.start() - 80) : m.end() + 80]
                if nhs_number_valid(m.group()) and NHS_NEAR.search(near):
                    out.append(Exposure("nhs-number", m.start(), m.end(), f"an NHS number (ending ...{m.group()[-2:]})"))
                    taken.append((m.start(), m.end()))
        for m in PHONE.finditer(text, run.start(), run.end()):
            if not ends_number(text, m.end()) or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            number = national(m.group())
            if len(number) not in (10, 11) or number in scanner.phones:
                continue
            if number.startswith("07") and len(number) == 11:
                out.append(Exposure("phone", m.start(), m.end(), f"a mobile phone number (ending ...{number[-2:]})"))
            elif number[:2] in ("01", "02"):
                line = line_of(low, m.start(), m.end())
                if ORG_PHONE_CONTEXT.search(line) or ("@" in line and scanner.organisational_email_in(line)):
                    continue
                out.append(Exposure("phone", m.start(), m.end(), f"a phone number (ending ...{number[-2:]}) with nothing to show it is an organisation's"))
            # 03 and 08 numbers are non-geographic: organisations', not people's
    if _SPELLED_CUE.search(low):
        out += _spelled(scanner, low)
    return out


def _spelled(scanner: "Identifying", low: str) -> list[Exposure]:
    out = []
    for m in SPELLED.finditer(low):
        digits = spelled_digits(m.group())
        if len(digits) not in (10, 11) or digits in scanner.phones:
            continue
        if len(digits) == 11 and digits.startswith("07") or len(digits) == 10 and digits.startswith("7"):
            out.append(Exposure("phone", m.start(), m.end(), f"a mobile phone number, spelled out (ending ...{digits[-2:]})"))
        elif len(digits) == 10 and nhs_number_valid(digits):
            out.append(Exposure("nhs-number", m.start(), m.end(), f"an NHS number, spelled out (ending ...{digits[-2:]})"))
        elif digits[:2] in ("01", "02"):
            out.append(Exposure("phone", m.start(), m.end(), f"a phone number, spelled out (ending ...{digits[-2:]})"))
    return out
