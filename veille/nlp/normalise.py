"""Typographic normalisation before parsing. Each replacement is one character for one
character, so offsets in the parsed text are offsets in the source text: records always quote
the source, while the parser sees "l'" instead of "l’" (fr_core_news_sm tags "l’" as a noun)."""

from __future__ import annotations

__all__ = ["for_parsing"]

_TABLE = str.maketrans({
    "\u2019": "'",  # right single quotation mark, the usual French apostrophe
    "\u2018": "'",
    "\u02bc": "'",
    "\u00ab": '"',  # « »
    "\u00bb": '"',
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00a0": " ",  # no-break spaces around French punctuation
    "\u202f": " ",
})


def for_parsing(text: str) -> str:
    """`text` with typographic apostrophes, quotes and no-break spaces made plain (same length)."""
    return text.translate(_TABLE)
