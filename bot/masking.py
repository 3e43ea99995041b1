"""Masking what identifies a person before a message is read or kept.

A phone number, an e-mail address or a long run of digits (a passport, bank or ID number)
typed into the chat would otherwise be stored with the conversation, logged at debug level
and cached. None of them helps to answer: the classifier needs to know that a number was
there, not which. They are replaced, before anything else sees the text, by a placeholder.
Short numbers stay (wages, hours, "116 006" and other short codes), and so do dates.
"""

from __future__ import annotations

import re

NUMBER_PLACEHOLDER = "[number]"
EMAIL_PLACEHOLDER = "[email]"
# Digits joined by spaces, dots, dashes, slashes or brackets, optionally after a "+".
_DIGIT_RUN = re.compile(r"\+?\(?\d(?:[\d\s().\-/]*\d)?")
_EMAIL = re.compile(r"[^\s@<>()\[\]]+@[^\s@<>()\[\]]+\.[A-Za-z]{2,}")
# A date ("12.03.2024", "1/3/24") says when, not who: it stays.
_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})")
MIN_MASKED_DIGITS = 7


def _mask_digits(match: re.Match[str]) -> str:
    run = match.group()
    digits = sum(c.isdigit() for c in run)
    if digits < MIN_MASKED_DIGITS or _DATE.fullmatch(run.strip()):
        return run
    return NUMBER_PLACEHOLDER


def mask(text: str) -> str:
    """The text with e-mail addresses and numbers of 7 digits or more replaced."""
    return _DIGIT_RUN.sub(_mask_digits, _EMAIL.sub(EMAIL_PLACEHOLDER, text))
