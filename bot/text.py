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
