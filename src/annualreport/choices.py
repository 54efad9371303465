"""A field that takes one of a few words (``confidence: high``), read whatever their case.

A board manager writes ``confidence: High`` or ``rag: Amber`` as the words are said; the value
is the word in lower case, and a word that is none of them is refused with the words listed
(``invalid_values``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator


def _lower(value: Any) -> Any:
    return " ".join(value.split()).lower() if isinstance(value, str) else value


def choice(*words: str) -> Any:
    """``Literal[words]``, read in any case and spacing (the words are lower case)."""
    return Annotated[Literal[words], BeforeValidator(_lower)]
