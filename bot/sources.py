"""What an answer is based on: each helpline, figure and legal rule shown carries the page it
was read on and the date, so `/sources` can list them for the last answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from babel.dates import format_date

from bot.i18n import gettext, text


@dataclass(frozen=True)
class Source:
    """One source: what it backs (a helpline, "minimum wage", a directive), where, when."""

    title: str
    url: str
    read: dt.date | None = None
    confidence: str | None = None

    @property
    def site(self) -> str:
        """The page's host without 'www.' ('gesetze.legal'), short enough for a chat."""
        host = urlsplit(self.url).netloc.lower()
        return host.removeprefix("www.") or self.url

    def as_dict(self) -> dict[str, str]:
        found = {"title": self.title, "url": self.url}
        if self.read:
            found["read"] = self.read.isoformat()
        if self.confidence:
            found["confidence"] = self.confidence
        return found

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Source | None:
        """A source kept with an answer, or None when the mapping is not one."""
        title, url = raw.get("title"), raw.get("url")
        if not isinstance(title, str) or not isinstance(url, str):
            return None
        try:
            read = dt.date.fromisoformat(str(raw["read"])) if raw.get("read") else None
        except ValueError:
            read = None
        confidence = raw.get("confidence")
        return cls(title, url, read, confidence if isinstance(confidence, str) else None)


def unique(sources: Iterable[Source]) -> list[Source]:
    """Each source once (same title and page), in order of first use."""
    seen: dict[tuple[str, str], Source] = {}
    for source in sources:
        seen.setdefault((source.title, source.url), source)
    return list(seen.values())


def listing(sources: Iterable[Source], language: str) -> str:
    """Each source on a line: what it backs, the full address, when it was checked and
    whether it is an official page."""
    kinds = {"confirmed": "source_official", "secondary": "source_other"}
    lines = []
    for source in unique(sources):
        details = [
            text(language, "verified_on").format(
                date=format_date(source.read, format="medium", locale=language)
            )
            if source.read
            else None,
            text(language, kinds[source.confidence]) if source.confidence in kinds else None,
        ]
        shown = text(language, "details_separator").join(d for d in details if d)
        head = f"• {gettext(language, source.title)}: {source.url}"
        lines.append(f"{head} ({shown})" if shown else head)
    return "\n".join(lines)
