"""Every spelling ``--person`` finds, withheld (issue 13, item 3): word windows of public text.

``--person Q`` finds a stored name ``C`` when :func:`~incidentctl.record.names.names_match`
``(Q, C)`` holds. So a confidential name is withheld wherever a run of words of a public text,
read as a ``--person`` query, would find it: a typo, a Belarusian vowel, a spelling no canonical
rule of :mod:`incidentctl.views.privacy` knows. A *window* is a run of 1 to :data:`MAX_WINDOW`
consecutive words (``names_match`` reads no more than that many tokens of a query); the text
withheld is the union of the windows that match.

Trying every window against every confidential name would cost minutes on a large data set, so
windows are pre-selected by search keys (the keys ``--person`` pre-selects with in the index):

* a match needs one query token that pairs with a token of the name as a whole word (an
  initial or a shortened given name only supports), which then shares a key with it: the keys
  of :func:`~incidentctl.record.names.search_keys` and the consonant skeletons below. A word is
  a *candidate* for a name when the keys of the word, of its stems (a window may be read with a
  case ending cut off: ``Сергея Сизинцева``) or of the word beside a letter that changes how
  the region's alphabets are read (Azerbaijani ``ə``, Czech ``ž``) share a key with the name;
* every window (up to :data:`MAX_WINDOW` words) that holds a candidate is tried against the
  names its candidates point to, whatever its other words are: ``names_match`` may leave
  patronymic words, initials and titles unpaired, or pair given-name forms by rules of their
  own.

Most windows are longer than any name: ``names_match`` pairs every query token with a
*different* token of the name, and only initials and patronymics may stay unpaired, so a window
whose every reading holds more tokens that must pair than a name has tokens cannot find it
(:func:`needed_tokens`). That bound, computed once per window from the very readings
``names_match`` compares, leaves out nearly every pair before it is scored.

``tests/views/test_name_windows.py`` compares the result with the exhaustive check (every
window, every name) on generated text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import partial

MAX_WINDOW = 10
"""Words in the longest window tried: ``names_match`` cuts a query to 10 tokens."""
_MAX_STEM_CUT = 4
"""Letters a case ending may take off a word (the Kazakh genitive ``-ning``)."""
_PROBES = ("ə", "ž", "aj")
"""Letters that change how the other words of a query are read (record/translit): Azerbaijani
ə (c is Дж, x is Х), Czech ž (ch is Х, j before a vowel is Й), a Slavic ``aj`` (j is Й)."""
_PROBE_LETTERS = frozenset("cjxCJX")
"""The letters those readings change: a word without them reads the same beside a probe."""
_APOSTROPHES = frozenset("'`\u2018\u2019\u02bb\u02bc")
"""Endings of a patronymic, loosely (a superset of what ``names_match`` lets stay unpaired)."""
_MEMO_SIZE = 500_000


class _WordChars(dict[int, str]):
    """A character as ``x`` when it belongs to a word, else a space (filled in on first use).

    Letters, marks, digits, invisible format characters and apostrophes belong to words, as
    :func:`~incidentctl.record.names.fold_name` joins them; anything else separates words.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        category = unicodedata.category(char)
        keep = category[0] in "LMN" or category == "Cf" or char in _APOSTROPHES
        found = self[code] = "x" if keep else " "
        return found


_WORD_CHARS = _WordChars()
_RUN = re.compile(r"x+")


def words(text: str) -> list[tuple[int, int]]:
    """The spans of the words of ``text``."""
    return [m.span() for m in _RUN.finditer(text.translate(_WORD_CHARS))]


def needed_tokens(window: str) -> int:
    """The fewest tokens of a name ``window`` can find: a lower bound, exact by construction.

    :func:`~incidentctl.record.names.name_similarity` is the best of its readings'
    ``_similarity``, which pairs each of a reading's first ``_MAX_TOKENS`` positions with a
    different token of the name's first ``_MAX_TOKENS``, except the positions ``_optional``
    lets stay unpaired; an empty reading scores 0. So a name of fewer tokens than the
    non-optional positions of every reading is never found (returns ``_MAX_TOKENS + 1`` when
    no reading can find any name).
    """
    from incidentctl.record.names import _MAX_TOKENS, _optional, _readings

    fewest = _MAX_TOKENS + 1
    for reading in _readings(window):
        q_tokens = reading[:_MAX_TOKENS]
        if q_tokens:
            needed = sum(not _optional(q, i, q_tokens) for i, q in enumerate(q_tokens))
            fewest = min(fewest, needed)
    return fewest


def _name_size(name: str) -> int:
    """Tokens of a name ``_similarity`` can pair with (0: none, never found)."""
    from incidentctl.record.names import _MAX_TOKENS, normalise_tokens

    return len(normalise_tokens(name)[:_MAX_TOKENS])


def _stems(token: str) -> list[str]:
    """``token`` as a window may read it: with a case ending of 1-4 letters cut off, and a
    woman's given name put back in the nominative (``hadiji`` -> ``hadija``)."""
    out = [token[:-cut] for cut in range(1, _MAX_STEM_CUT + 1) if len(token) - cut >= 3]
    if len(token) >= 4 and token[-1] in "ieu":
        out.append(token[:-1] + "a")
    return out


# The letter classes names_match compares tokens in (record/names: Ч and Ш as Ж, the velars
# g/k/h as one, z as s, o as u, e as i), and the consonant skeleton it also compares.
_CLASS_STEPS = ((re.compile(r"[cs]h"), "j"), (re.compile(r"[hg]"), "k"), (re.compile(r"z"), "s"))
_VOWEL_CLASSES = str.maketrans("oey", "uii")
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLED = re.compile(r"([a-z])\1+")
_LONG = 6
"""Letters of a skeleton from which one edit is tolerated beside a skeleton of 7."""


def _full_keys(token: str) -> set[str]:
    """Keys ``token`` shares with every token it pairs with as a whole word (score >= 85).

    Such a pair has consonant skeletons at most 15 % apart: equal up to 6 letters, one edit
    apart from 7 (then both have 6 or more). So: the skeleton, and for a long one the skeleton
    less each of its letters (two skeletons one edit apart share one of these); a token of
    fewer than two consonants by its whole compared form (equal up to 6 letters).
    """
    compared = token
    for pattern, new in _CLASS_STEPS:
        compared = pattern.sub(new, compared)
    compared = compared.translate(_VOWEL_CLASSES)
    skeleton = _DOUBLED.sub(r"\1", _VOWELS.sub("", compared))
    keys = {f"s{skeleton}"} if len(skeleton) >= 2 else _near(compared, "c")
    if len(skeleton) >= _LONG:
        keys |= _near(skeleton, "s")
    return keys


def _near(text: str, kind: str) -> set[str]:
    """``text`` and, from 7 letters, ``text`` less each one of its letters."""
    keys = {kind + text}
    if len(text) > _LONG:
        keys |= {f"{kind}{text[:i]}{text[i + 1 :]}" for i in range(len(text))}
    return keys


def _readings(word: str) -> set[str]:
    """The tokens ``word`` can give inside any window (see the module's docstring)."""
    from incidentctl.record.names import normalise_tokens

    tokens = set(normalise_tokens(word))
    if _PROBE_LETTERS.intersection(word):
        for probe in _PROBES:
            tokens.update(normalise_tokens(f"{word} {probe}")[:-1])
    return tokens


def _word_keys(word: str) -> set[str]:
    """Keys of a word that may pair with a name's token as a whole word."""
    from incidentctl.record.names import search_keys

    # search_keys is record/names' own pre-selection, kept complete for names_match by its
    # tests: rules there that pair tokens sharing none of the keys below still meet here.
    keys = {"k" + key for key in search_keys(word)}
    for token in _readings(word):
        keys |= _full_keys(token)
        for stem in _stems(token):
            keys |= _full_keys(stem)
    return keys


def _name_keys(name: str) -> set[str]:
    """Keys of a confidential name: as for words, without readings (a name is the candidate
    ``names_match`` compares with, taken as written)."""
    from incidentctl.record.names import normalise_tokens, search_keys

    keys = {"k" + key for key in search_keys(name)}
    for token in normalise_tokens(name):
        keys |= _full_keys(token)
    return keys


class NameWindows:
    """The confidential names of a data set, and the windows of a text that find them."""

    def __init__(self, names: Iterable[str]) -> None:
        from incidentctl.record.names import normalise_tokens

        self.names: tuple[str, ...] = tuple(sorted({n for n in names if normalise_tokens(n)}))
        self._by_key: dict[str, set[int]] = {}
        for i, name in enumerate(self.names):
            for key in _name_keys(name):
                self._by_key.setdefault(key, set()).add(i)
        self._candidates: dict[str, frozenset[int]] = {}
        self._matches: dict[tuple[str, int], bool] = {}
        self._windows: dict[str, int | None] = {}
        self._sizes = tuple(_name_size(name) for name in self.names)
        self._needed: dict[str, int] = {}

    def __bool__(self) -> bool:
        return bool(self.names)

    def candidates(self, word: str) -> frozenset[int]:
        """The names (by position in :attr:`names`) ``word`` may pair with as a whole word."""
        found = self._candidates.get(word)
        if found is None:
            found = frozenset(i for k in _word_keys(word) for i in self._by_key.get(k, ()))
            if len(self._candidates) < _MEMO_SIZE:
                self._candidates[word] = found
        return found

    def touches(self, text: str) -> bool:
        """Might a window of ``text`` find a name? (Never wrong when it says no: a match needs
        a word that pairs as a whole word.)"""
        return bool(self.names) and any(self.candidates(text[a:b]) for a, b in words(text))

    def spans(self, text: str, first: bool = False) -> list[tuple[int, int]]:
        """Spans of ``text`` to withhold: the union of the windows that find a name (less
        initials at their edges, :func:`_trimmed`), merged. With ``first``, stop at the first
        one found."""
        if not self.names:
            return []
        spans = words(text)
        found = [self.candidates(text[a:b]) for a, b in spans]
        if not any(found):
            return []
        out: list[tuple[int, int]] = []
        for first_word in range(len(spans)):
            # Every window that holds a word pairing with a name as a whole word is tried
            # against those names. (The words around it are not pruned by what they pair
            # with: record/names leaves patronymic words, initials and given-name forms
            # unpaired or paired by rules no key here can foresee.)
            names: frozenset[int] = frozenset()
            for last_word in range(first_word, min(len(spans), first_word + MAX_WINDOW)):
                names = names | found[last_word]
                if not names:
                    continue
                b = spans[last_word][1]
                start, end = spans[first_word][0], b
                if _covered(out, start, end):
                    continue
                window = text[start:end]
                fitting = self._fitting(window, names)
                if not fitting:
                    continue
                if self._found(window, fitting) is not None:
                    # Trimmed per name, as the exhaustive check does: "S. Oleg Gennadievich"
                    # needs its initial for Oleg Sentsov, not for Oleg Gennadievich Sentsov.
                    for name in sorted(fitting):
                        if self._match(window, name=name):
                            match = partial(self._match, name=name)
                            out.append(_trimmed(text, spans, first_word, last_word, match))
                    if first:
                        return out
        return _merged(out)

    def _fitting(self, window: str, names: frozenset[int]) -> frozenset[int]:
        """``names`` less those too short for ``window`` to find (:func:`needed_tokens`)."""
        needed = self._needed.get(window)
        if needed is None:
            needed = needed_tokens(window)
            if len(self._needed) < _MEMO_SIZE:
                self._needed[window] = needed
        sizes = self._sizes
        return frozenset(n for n in names if sizes[n] >= needed)

    def _found(self, window: str, names: frozenset[int]) -> int | None:
        """The first of ``names`` that ``window`` finds. (``names`` follows from the words of
        the window alone, so the answer is remembered by the window's text.)"""
        found = self._windows.get(window, -1)
        if found == -1:
            found = next((n for n in sorted(names) if self._match(window, name=n)), None)
            if len(self._windows) < _MEMO_SIZE:
                self._windows[window] = found
        return found

    def _match(self, window: str, *, name: int) -> bool:
        from incidentctl.record.names import names_match

        key = (window, name)
        found = self._matches.get(key)
        if found is None:
            found = names_match(window, self.names[name])
            if len(self._matches) < _MEMO_SIZE:
                self._matches[key] = found
        return found


def exhaustive_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """What :meth:`NameWindows.spans` must give: every window tried against every name (slow;
    for the tests that prove the pre-selection loses nothing)."""
    from incidentctl.record.names import names_match

    spans = words(text)
    names = list(names)
    out = []
    for i in range(len(spans)):
        for j in range(i, min(len(spans), i + MAX_WINDOW)):
            window = text[spans[i][0] : spans[j][1]]
            for name in names:
                if names_match(window, name):
                    out.append(_trimmed(text, spans, i, j, partial(_names_match, name)))
    return _merged(out)


def _initial(word: str) -> bool:
    """Is ``word`` an initial, a lone digit or a courtesy title, nothing of a name itself?"""
    from incidentctl.record.names import normalise_tokens

    return all(len(t) == 1 for t in normalise_tokens(word))


def _trimmed(
    text: str,
    spans: list[tuple[int, int]],
    first: int,
    last: int,
    match: Callable[[str], bool],
) -> tuple[int, int]:
    """The span of a matching window less the initials and courtesy titles at its edges that
    the rest matches without (``A. (name withheld)``, ``name-withheld?q=…``): what stays is no
    name, and every window of it was tried on its own."""

    def window(i: int, j: int) -> str:
        return text[spans[i][0] : spans[j][1]]

    while first < last and _initial(window(first, first)) and match(window(first + 1, last)):
        first += 1
    while first < last and _initial(window(last, last)) and match(window(first, last - 1)):
        last -= 1
    return spans[first][0], spans[last][1]


def _names_match(name: str, window: str) -> bool:
    from incidentctl.record.names import names_match

    return names_match(window, name)


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans as one (touching ones stay apart: the text between is kept)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out
