"""Vietnamese text normalisation: NFC, whitespace, and diacritic folding (đ/Đ included)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_BLANK_LINES = re.compile(r"\n{2,}")
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ł": "l", "ø": "o", "æ": "ae", "ß": "ss"})


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC (composes decomposed tone marks)."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC, collapse runs of spaces, strip each line, drop empty lines; paragraphs stay one per line."""
    lines = (_SPACES.sub(" ", line).strip() for line in nfc(text).replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def clean_line(text: str | None) -> str | None:
    """Normalise a one-line field (title, author); None when nothing is left."""
    if text is None:
        return None
    value = _SPACES.sub(" ", nfc(text).replace("\n", " ")).strip()
    return value or None


def fold(text: str) -> str:
    """Lower-case and strip every diacritic, mapping đ/Đ to d: 'Đảng ủy' -> 'dang uy'.

    Folding never splits or joins words, so token positions stay aligned with the original.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()
