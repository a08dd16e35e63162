"""Record ids: ``<date>-<country>-<slug of title>``, readable and branch-safe.

An id is derived from the record itself, so two analysts on two branches who
record different incidents get different ids without any shared counter; a
clash in one checkout gets a numeric suffix, never an overwrite.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Container, Iterator

from anyascii import anyascii

MAX_SLUG_WORDS_CHARS = 48
MAX_ID_LENGTH = 100
"""The longest id :data:`incidentctl.record.vocab.SLUG_PATTERN` allows."""
MAX_ID_CANDIDATES = 999
"""How many ids ``add`` tries before giving up (a clash that deep is a bug, not bad luck)."""


def slugify(text: str, limit: int = MAX_SLUG_WORDS_CHARS) -> str:
    """Any script -> lower-case ASCII words joined by hyphens, cut at a word boundary."""
    ascii_text = anyascii(text).lower().replace("'", "")
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w]
    out: list[str] = []
    for word in words:
        if out and len("-".join([*out, word])) > limit:
            break
        out.append(word[:limit])
    return "-".join(out)


_ENGLISH = "a an the and or of in on at by to for as from into with after over against about under"
_RUSSIAN = "v na i po za s k o ob ot do iz dlya u pri"  # в на и по за с к о об от до из для у при
_FRENCH = "au aux de du des la le les et en un une pour par sur dans"  # à is "a", above
FUNCTION_WORDS = frozenset(f"{_ENGLISH} {_RUSSIAN} {_FRENCH}".split())
"""Words an id must not end in: ``…-sentenced-to-23-years-in`` reads as a phrase cut short."""


def _without_dangling_words(words: list[str], keep: int = 1) -> list[str]:
    """``words`` less the function words at its end, keeping at least ``keep`` words."""
    while len(words) > keep and words[-1] in FUNCTION_WORDS:
        words = words[:-1]
    return words


def make_id(date: str, country: str, title: str) -> str:
    """``2019-05-21`` + ``KZ`` + title -> ``2019-05-21-kz-<slug>``: the title's words up to
    :data:`MAX_SLUG_WORDS_CHARS`, cut between words and never after a function word."""
    slug = "-".join(_without_dangling_words(slugify(title).split("-"))) or "incident"
    return f"{date}-{country.lower()}-{slug}"


_ID_HEAD = 5
"""Hyphen-separated parts at the start of an id never trimmed: year, month, day, country
and one word (``in`` is India's code, not a preposition)."""


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters between words (at a hyphen), without a trailing
    hyphen or function word; cut inside a word only when it has no hyphen before ``limit``."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if text[limit] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]
    cut = cut.rstrip("-")
    return "-".join(_without_dangling_words(cut.split("-"), keep=_ID_HEAD))


def id_candidates(base: str, shorten: Callable[[str, int], str] = truncate) -> Iterator[str]:
    """``base``, then ``base-2``, ``base-3``…: the ids to try, in order, when ``base`` is taken.

    ``base`` is shortened (by ``shorten``) so that the suffixed id keeps within
    :data:`MAX_ID_LENGTH`.
    """
    yield base
    for n in itertools.count(2):
        suffix = f"-{n}"
        yield shorten(base, MAX_ID_LENGTH - len(suffix)) + suffix


def free_id(
    base: str, *taken: Container[str], shorten: Callable[[str, int], str] = truncate
) -> str:
    """The first of :func:`id_candidates` that none of ``taken`` holds."""
    return next(c for c in id_candidates(base, shorten) if not any(c in t for t in taken))
