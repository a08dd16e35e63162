"""The words full-text search indexes beyond the text as written: word stems and URL words.

Analysts search for ``tortured`` and expect ``torture``; for ``адвоката`` and expect
``адвокат``. A Snowball stemmer (PyStemmer) reduces each word to its stem, both in the indexed
text and in the query, so the two meet whatever the ending. The language is chosen per word by
its script, because a record mixes languages and nothing says which word is in which: letters
of the Russian alphabet go through the Russian stemmer, Latin letters through the English one
(the summaries are in English; a French word only loses English endings, which it rarely has),
and anything else, such as a Kazakh word with ``қ`` or ``ү`` (Snowball has no Kazakh stemmer), a
number or a mixed-script word, stays as written. Names are never stemmed: ``Omarov`` and
``Omarova`` are different people (``record/names.py`` matches names).

Words are split as SQLite's ``unicode61`` tokenizer splits them (runs of letters and digits),
so a stemmed text has one word per word of the original and a quoted phrase keeps its meaning
on either side.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W_]+")
_LATIN = re.compile(r"[a-z]+")
_RUSSIAN = re.compile(r"[а-яё]+")


@lru_cache(maxsize=1)
def _stemmers() -> tuple[Any, Any]:
    import Stemmer

    return Stemmer.Stemmer("english"), Stemmer.Stemmer("russian")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one word, by its script; the word itself (lower case) when no stemmer fits.

    Latin words lose their accents first, so ``procédures`` and ``procedures`` share a stem
    as they share their exact form under the index's accent-insensitive tokenizer.
    """
    lower = word.lower()
    if not lower.isascii():
        bare = "".join(
            c for c in unicodedata.normalize("NFD", lower) if not unicodedata.combining(c)
        )
        if bare.isascii():
            lower = bare
    english, russian = _stemmers()
    if _LATIN.fullmatch(lower):
        return str(english.stemWord(lower))
    if _RUSSIAN.fullmatch(lower):
        return str(russian.stemWord(lower.replace("ё", "е")))
    return lower


def stemmed(text: str) -> str:
    """``text`` as its words' stems, one for each word, separated by spaces."""
    return " ".join(map(stem, _WORD.findall(unicodedata.normalize("NFC", text))))


def url_words(url: str) -> str:
    """A URL as the words an analyst would search it by: its host and its path segments,
    percent-encoding decoded (``hrw.org news 2019 kazakhstan-lawyer-disbarred``).

    The scheme, ``www.``, the query and the fragment are left out: they match everything or
    nothing an analyst would type.
    """
    from urllib.parse import unquote, urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").removeprefix("www.")
    segments = [unquote(segment) for segment in parts.path.split("/") if segment]
    return " ".join([host, *segments]).strip()
