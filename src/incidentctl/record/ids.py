"""Record ids: ``<date>-<country>-<slug of title>``, readable and branch-safe.

An id is derived from the record itself, so two analysts on two branches who
record different incidents get different ids without any shared counter; a
clash in one checkout gets a numeric suffix, never an overwrite.
"""

from __future__ import annotations

import re

from anyascii import anyascii

MAX_SLUG_WORDS_CHARS = 48


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


def with_suffix(base: str, n: int) -> str:
    """The n-th alternative for a taken id (n >= 2)."""
    return f"{base}-{n}"
