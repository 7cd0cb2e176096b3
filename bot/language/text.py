"""One way to fold a message for matching, in every supported script.

Lower case; Latin letters lose their accents ("mąż" reads "maz", "bătaie" reads "bataie"), so a
pattern written without diacritics matches both spellings; Arabic-script letters that have two
code points (Arabic and Urdu yeh, kaf) become the Urdu ones and short-vowel marks are dropped;
apostrophes go ("he's" reads "hes"); anything else that is not a letter, a vowel sign or a digit
becomes a space; spaces are folded. Vowel signs of Gurmukhi, Gujarati and Bengali are kept: they
are part of the word. Patterns over folded text should mark word edges with `(?<!\\S)` and
`(?!\\S)` rather than `\\b`, which Python places inside words of those scripts.
"""

from __future__ import annotations

import unicodedata

# Latin letters that have no decomposition
_LATIN_EXTRA = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
_ARABIC_VARIANTS = {"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "ۀ": "ہ", "ـ": ""}
_APOSTROPHES = "'\u2019\u2018`\u02bc"
_TABLE = str.maketrans({**_LATIN_EXTRA, **_ARABIC_VARIANTS, **{a: "" for a in _APOSTROPHES}})
_ARABIC_MARKS = range(0x064B, 0x0660)  # harakat, tanwin, shadda, sukun...


def _keep(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def fold(text: str) -> str:
    """The message as matching reads it (see the module's doc)."""
    # Translated again after decomposing: ئ decomposes to Arabic yeh and a hamza (dropped).
    decomposed = unicodedata.normalize("NFD", text.lower().translate(_TABLE)).translate(_TABLE)
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue  # an accent on a Latin letter
        if ord(char) in _ARABIC_MARKS or char == "\u0670":
            continue
        kept.append(char if _keep(char) else " ")
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())
