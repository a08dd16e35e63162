"""The words full-text search indexes beyond the text as written: word stems and URL words.

Analysts search for ``tortured`` and expect ``torture``; for ``адвоката`` and expect
``адвокат``. A Snowball stemmer (PyStemmer) reduces each word to its stem, both in the indexed
text and in the query, so the two meet whatever the ending. The language is chosen per word by
its script, because a record mixes languages and nothing says which word is in which: letters
of the Russian alphabet go through the Russian stemmer, Latin letters through the English one
(the summaries are in English; a French word only loses English endings, which it rarely has),
and anything else, such as a Kazakh word with ``қ`` or ``ү`` (Snowball has no Kazakh stemmer)
or a mixed-script word, stays as written (the stemmers leave numbers alone). Names are never
stemmed: ``Omarov`` and ``Omarova`` are different people (``record/names.py`` matches names).

Words are split as SQLite's ``unicode61`` tokenizer splits them (runs of letters and digits).
A query word that is several words to the tokenizer (``hrw.org``, ``non-lieu``) matches as a
phrase where written, and where stemmed when each of its stems occurs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W_]+")
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
    if lower.isascii():
        return str(english.stemWord(lower))
    if _RUSSIAN.fullmatch(lower):
        return str(russian.stemWord(lower.replace("ё", "е")))
    return lower


def stemmed(text: str) -> str:
    """The distinct stems of the words of ``text``, separated by spaces.

    A set, not the text: the stems only answer "does a form of this word occur" (quoted
    phrases look at the words as written), so repeats and order are not stored, which keeps the
    index small and its build fast.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(dict.fromkeys(map(stem, _WORD.findall(text.lower()))))


def own_stem(word: str) -> bool:
    """Whether ``word`` (a stem) is a Latin word of its own: ASCII, and its own stem.

    Such a stem is never stored in a stemmed column whose text holds it as a word
    (:func:`indexed_stems`): a query looks for it among the words as written instead
    (index/search.py). Only ASCII, where SQLite's ``unicode61`` folds a word exactly as
    :func:`stem` does before stemming (lower case, accents off); a Cyrillic word is folded
    further there (``й`` to ``и``), so its stems are always stored.
    """
    return word.isascii() and stem(word) == word


def indexed_stems(text: str) -> str:
    """The stems of ``text`` a stemmed column stores: :func:`stemmed` without those that
    are, as themselves, words of ``text`` (:func:`own_stem`).

    ``court`` in a summary is found by the summary's words, so its stem column need not
    repeat it; ``courts`` still stores ``court``. A query asks for such a stem in both places
    (the stems, and the words as written), which finds exactly the records the full stem set
    found (``tests/fastpaths/test_index_size.py`` holds the two to the same answers), and
    the index's full text is 18 % smaller (15.0 -> 12.3 MB at 10,000 records).
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    words = _WORD.findall(text.lower())
    own = {word for word in words if own_stem(word)}
    return " ".join(s for s in dict.fromkeys(map(stem, words)) if s not in own)


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
