"""Text normalisation shared by training, prediction and keyword matching.

People type without diacritics, with mixed letter forms and in capitals; the classifier and
the keyword guards should see one spelling for all of these.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic letter variants people use interchangeably (hamza forms of alef, alef maqsura,
# taa marbuta, Persian/Urdu keyboard forms) and the tatweel stretching character.
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ة": "ه",
        "ک": "ك",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,
    }
)
# Apostrophes as phone keyboards type them ("can’t", "don`t") read as the plain one.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower-case, drop diacritics and fold letter variants, keeping word boundaries."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_APOSTROPHES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = unicodedata.normalize("NFC", stripped).translate(_ARABIC_FOLD)
    return _SPACES.sub(" ", folded).strip()


# Conjunctions written together with the next word ("و" and, "ف" so in Arabic): names and
# phrases are also found after them ("ولم تعد تسمح" holds "لم تعد تسمح").
ATTACHED_CONJUNCTIONS = ("و", "ف")
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Split already normalised text into words."""
    return _WORD.findall(text)


# Control characters a keyboard never types (tabs and line breaks stay).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_typed(text: str) -> str:
    """What a person typed, as every channel hands it on: valid Unicode, no control
    characters, no surrounding space."""
    return _CONTROL.sub("", valid_unicode(text)).strip()


def valid_unicode(text: str) -> str:
    """The text with lone UTF-16 surrogates replaced by U+FFFD (Telegram's JSON may carry
    them; they cannot be encoded, so no component, store or log could take them), and
    surrogate pairs sent as two escapes joined into the character they stand for."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
