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


def make_id(date: str, country: str, title: str) -> str:
    """``2019-05-21`` + ``KZ`` + title -> ``2019-05-21-kz-<slug>``."""
    slug = slugify(title) or "incident"
    return f"{date}-{country.lower()}-{slug}"


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, without a trailing hyphen."""
    return text if len(text) <= limit else text[:limit].rstrip("-")


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
