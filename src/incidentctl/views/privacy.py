"""What ``--public`` withholds, and the one function every public output goes through.

The rule (docs/safety.md, "Confidentiality"):

* a record marked ``confidential`` is left out entirely, and ``related`` ids pointing at it are
  dropped from the records that are shown;
* a person marked ``confidential`` is shown as ``{"name": "(name withheld)"}`` with their roles,
  without aliases;
* everywhere else in the public records of the data set, these are withheld: every full name and
  alias of a confidential person, and every word of them with at least :data:`MIN_WORD` letters
  on its own (``Omarova`` from ``Aiman Omarova``); a word of at least :data:`MIN_INFLECTED`
  letters also in inflected forms (up to :data:`MAX_ENDING` more letters, after the word or
  after the word without its final vowel: ``Omarovoy``, ``Омарову``). Shorter words are matched
  only whole, so ``Alma`` does not withhold ``Almaty``. Matching ignores case, accents and
  script (both sides are transliterated to Latin letters, :func:`fold_for_withholding`). In free text the
  withheld words become ``(name withheld)`` (adjacent ones merge into one); in ids, ``case``,
  tags, ``related`` and URLs, ``name-withheld``;
* besides, every run of words that ``--person`` would find a confidential name or alias with
  (:mod:`incidentctl.views.namewindows`: a typo, a Belarusian vowel, a case form), issue 13.

Public data stays valid against the record schema: lists that must hold unique values are
deduplicated, changed ids and slugs keep the id pattern, and ids are unique across the data set
(:class:`Withholding` assigns ``-2``, ``-3``… in the order records were recorded).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from incidentctl.record.translit import LETTERS as TRANSLIT_LETTERS

if TYPE_CHECKING:
    from incidentctl.record.model import Record
    from incidentctl.views.namewindows import NameWindows

WITHHELD = "(name withheld)"
WITHHELD_SLUG = "name-withheld"
MIN_WORD = 4
"""Letters a word of a confidential name needs to be withheld on its own."""
MIN_INFLECTED = 6
"""Letters a word needs to be withheld in inflected forms too."""
MAX_ENDING = 4
"""Letters an inflected form may add (Kazakh ``-ның`` is four once transliterated)."""
RULE = f"words>={MIN_WORD}; inflected>={MIN_INFLECTED}+{MAX_ENDING}; glued; canonical; windows again; v8"
"""Changes whenever the rule does: the index keys its public text on it."""

_MAX_SLUG = 100  # vocab.SLUG_PATTERN and TAG_PATTERN allow at most 100 characters
_MAX_ROUNDS = 8
"""Rounds of :meth:`Withholding.sub` looking again in what it left (one is the rule's case)."""
_MAX_TITLE = 200
_MEMO_LENGTH, _MEMO_SIZE = 120, 500_000
"""Short strings found to hold nothing to withhold are remembered (at most this many)."""
_URL_SAFE = ":/?#[]@!$&'()*+,;=~"
_VOWELS = frozenset("aeiouy")
_JSON_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)")
_WORD = re.compile(r"[a-z0-9]+")
_SEP = "\x00"  # stands for the separators between the words of a full name, in the trie
_LETTERS = {k.lower(): v for k, v in TRANSLIT_LETTERS.items()}


def _replaced(text: str, spans: list[tuple[int, int]], replacement: str) -> str:
    """``text`` with each span replaced by ``replacement``; overlapping and adjacent spans are
    one withheld name."""
    out: list[str] = []
    done = 0
    for start, end in sorted(spans):
        if end <= done:  # within what is already withheld
            continue
        start = max(start, done)  # two matches in one piece of folded text
        gap = text[done:start]
        if gap or not out:  # adjacent matches are one withheld name
            out += [gap, replacement]
        done = end
    out.append(text[done:])
    return "".join(out)


def _outside_stand_ins(
    text: str, spans: list[tuple[int, int]], replacement: str
) -> list[tuple[int, int]]:
    """``spans`` but those wholly inside a ``replacement`` that ``text`` holds (a stand-in
    holds no one's name; a span reaching out of one still counts)."""
    if replacement not in text:
        return spans
    marks = [(m.start(), m.end()) for m in re.finditer(re.escape(replacement), text)]
    return [(a, b) for a, b in spans if not any(c <= a and b <= d for c, d in marks)]


# -- folding: any script to lower-case Latin, offsets kept ------------------------------------


def _fold_char(char: str) -> str:
    """One character as lower-case Latin: letters transliterated (``Ж`` -> ``zh``), marks and
    soft signs dropped (they join the letters around them), other characters a space."""
    import unicodedata

    from anyascii import anyascii

    if char.isascii():
        return char.lower()
    category = unicodedata.category(char)
    if category == "Cf":  # soft hyphen, zero-width space/joiner/non-joiner, word joiner, BOM
        return ""
    if category[0] not in "LMN":
        return " "
    if char.lower() in _LETTERS:  # ə -> a, ž -> zh, ş -> sh ... (record/translit.LETTERS)
        return _LETTERS[char.lower()]
    return "".join(c for c in anyascii(char).lower() if c.isascii() and c.isalnum())


class _FoldTable(dict[int, str]):
    """``_fold_char`` of every character met so far (keyed by code point, as ``translate``
    wants), filled in on first use."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def fold_for_withholding(text: str) -> str:
    """``text`` as :class:`_Matcher` sees it: lower-case Latin letters, digits and separators.

    Per character (unlike :func:`incidentctl.record.names.fold_name`, which also applies phonetic
    rules), so that a match in the folded text maps back to the characters it came from.
    """
    return text.lower() if text.isascii() else text.translate(_FOLD)


def _spans(text: str, folded: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of ``folded`` as spans of ``text`` (identical when ``text`` is ASCII)."""
    if text.isascii():
        return found
    pieces = list(map(_FOLD.__getitem__, map(ord, text)))
    ends = list(accumulate(map(len, pieces)))
    out = []
    for start, end in found:
        first = bisect_right(ends, start)
        last = bisect_left(ends, end) + 1
        while last < len(pieces) and not pieces[last]:  # a combining mark after the last letter
            last += 1
        out.append((first, last))
    return out


# -- spellings: one canonical form for the romanisations of one name ------------------------

#: Rules on folded text, as data: (letters, replacement), applied in this order, each to the
#: whole text (as ``str.replace`` does). They make the usual romanisations of one Cyrillic name
#: spell the same (BGN/PCGN, passport, French and Kazakh Latin: the phonetic rules of
#: :mod:`incidentctl.record.names`, which ``--person`` uses, reduced to plain replacements so
#: that a match in the text maps back to its letters). Both the withheld names and the text go
#: through them, so they only ever add matches.
CANONICAL_RULES: tuple[tuple[str, str], ...] = (
    ("dsch", "j"),  # German Дж: Asimdschon (issue 13, as record/translit.GERMAN)
    ("tsch", "ch"),  # German Ч: Tscherkassow
    ("sch", "j"),  # German Ж (and Ш, below): Schowtis/Zhovtis
    ("sh", "j"),  # Ш, one class with Ж as in record/names: Schawkat/Shavkat
    ("je", "e"),  # German Е: Jewgeni/Yevgeniy
    ("dzh", "j"),  # Дж: Dzhardemali/Jardemali
    ("zh", "j"),  # Ж: Zhovtis/Jovtis
    ("kh", "h"),  # Х: Mukhtar/Muhtar
    ("gh", "g"),  # Ғ: Balghabaeva/Balgabaeva
    ("tz", "ts"),  # Ц: Sizintzev/Sizintsev
    ("ye", "e"),  # Е: Yerbol/Ербол (anyascii: Erbol), Bokayev/Bokaev
    ("yo", "e"),  # Ё: Fyodor/Фёдор (anyascii: Fedor), Semyonov/Семенов
    ("ou", "u"),  # French У: Moukhtar
    ("q", "k"),  # Қ: Rafqat/Rafkat
    ("y", "i"),  # Й, Ы: Ayman/Aiman (Айман), Sergey/Sergei
    ("j", "i"),  # after the rules above: Azimjan/Azimian, the Kazakh Latin j for Ж
    ("g", "k"),  # Г/Қ/Ғ as g, k or q: Azerbaijani Intiqam/Intigam, Kazakh Rafqat/Rafkat
    ("w", "v"),
)
_LINE_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*(?=[a-z])")
"""A word hyphenated across lines (``Oma-\\nrova``): joined before the rules apply."""
_REPLACED = tuple((old, new) for old, new in CANONICAL_RULES if len(old) > 1)
_TRANSLATED = str.maketrans({old: new for old, new in CANONICAL_RULES if len(old) == 1})


def canonical(folded: str) -> str:
    """Folded text (:func:`fold_for_withholding`) with :data:`CANONICAL_RULES` applied."""
    if "\n" in folded:
        folded = _LINE_HYPHEN.sub("", folded)
    for old, new in _REPLACED:
        if old in folded:
            folded = folded.replace(old, new)
    return folded.translate(_TRANSLATED)


_SPAN_STEPS = (
    (_LINE_HYPHEN, ""),
    *((re.compile(re.escape(old)), new) for old, new in _REPLACED),
)
""":func:`canonical`'s steps as patterns, for :func:`_canonical_spans`."""


def _canonical_spans(folded: str) -> tuple[str, list[int], list[int]]:
    """:func:`canonical`, step by step, with the folded span each character came from (slow:
    only for a text the matcher found something in)."""
    chars = [(c, i, i + 1) for i, c in enumerate(folded)]
    text = folded
    for pattern, new in _SPAN_STEPS:
        if pattern.search(text) is None:  # most rules meet nothing: no pass over the text
            continue
        out: list[tuple[str, int, int]] = []
        done = 0
        for match in pattern.finditer(text):
            out += chars[done : match.start()]
            start, end = chars[match.start()][1], chars[match.end() - 1][2]
            out += [(c, start, end) for c in new]
            done = match.end()
        chars = out + chars[done:]
        text = "".join(c for c, _, _ in chars)
    canon = text.translate(_TRANSLATED)
    return canon, [s for _, s, _ in chars], [e for _, _, e in chars]


# -- the matcher ------------------------------------------------------------------------------


class _Matcher:
    """The withheld names of a data set as one compiled pattern over canonical folded text
    (:func:`canonical` of :func:`fold_for_withholding`)."""

    def __init__(self, names: frozenset[str], windows: bool = True):
        """``windows=False``: the canonical rule alone (for the tests that describe it)."""
        from incidentctl.record.ids import slugify

        sequences: set[str] = set()
        words: set[str] = set()
        inflected: set[str] = set()
        for name in names:
            for parts in (
                _WORD.findall(fold_for_withholding(name)),
                slugify(name, limit=400).split("-"),
            ):
                parts = [p for p in parts if p]
                if not any(_letters(p) for p in parts):  # "2019" is no name to withhold
                    continue
                # Lengths are counted as written (Yeva has four letters), matched canonical.
                sequences.add(_SEP.join(map(canonical, parts)))
                words.update(canonical(p) for p in parts if _letters(p) >= MIN_WORD)
                inflected.update(canonical(p) for p in parts if _letters(p) >= MIN_INFLECTED)
        stems = {w[:-1] for w in inflected if w[-1] in _VOWELS}
        whole = (sequences - words) | (words - inflected)
        units = []
        if whole:
            units.append(_alternation(whole) + "(?![a-z0-9])")
        if inflected:
            units.append(_alternation(inflected | stems) + f"[a-z]{{0,{MAX_ENDING}}}(?![a-z0-9])")
        self._clean: set[str] = set()
        self.pattern: re.Pattern[str] | None = None
        if units:
            unit = "(?:" + "|".join(units) + ")"
            # Withheld words next to each other (a full name, "Omarova-Hiddenova") merge into one;
            # a long word glued to other letters or digits (aimanomarova, sizintsev2019,
            # #AimanOmarova) withholds the whole run of letters and digits around it.
            glued = _alternation(inflected) if inflected else None
            alternatives = [rf"{unit}(?:(?:[ \t]{{1,2}}|-|\.[ \t]?){unit})*"]
            if glued:
                alternatives.append(rf"[a-z0-9]*?{glued}[a-z0-9]*")
            self.pattern = re.compile(rf"(?<![a-z0-9])(?:{'|'.join(alternatives)})")
        self._names = frozenset(n for n in names if windows and any(c.isalpha() for c in n))

    @cached_property
    def windows(self) -> NameWindows:
        """The second rule: every run of words ``--person`` would find a name with."""
        from incidentctl.views.namewindows import NameWindows

        return NameWindows(self._names)

    def finds(self, text: str) -> bool:
        if self.pattern is None:
            return False
        if self.pattern.search(canonical(fold_for_withholding(text))) is not None:
            return True
        return bool(self.windows.spans(text, first=True))

    def touches(self, doc: str) -> bool:
        """Might anything in a record's JSON text be withheld? (Never wrong when it says no:
        encoded web addresses are decoded only field by field, so any of them says yes.)"""
        if "%" in doc or "xn--" in doc.lower():
            return self.pattern is not None
        text = _JSON_ESCAPE.sub(_json_char, doc)
        if self.pattern is None:
            return False
        if self.pattern.search(canonical(fold_for_withholding(text))) is not None:
            return True
        return self.windows.touches(text)

    def sub(self, text: str, replacement: str) -> str:
        """``text`` with every withheld name replaced by ``replacement``."""
        if self.pattern is None or text in self._clean:
            return text
        folded = fold_for_withholding(text)
        canonical_hit = self.pattern.search(canonical(folded)) is not None
        windows = self.windows.spans(text)
        if not canonical_hit and not windows:
            if len(text) <= _MEMO_LENGTH and len(self._clean) < _MEMO_SIZE:
                self._clean.add(text)  # names, publishers, places: met again and again
            return text
        found: list[tuple[int, int]] = []
        if canonical_hit:
            canon, starts, ends = _canonical_spans(folded)
            found = [
                (starts[a], ends[b - 1])
                for a, b in (m.span() for m in self.pattern.finditer(canon))
            ]
        spans = _outside_stand_ins(text, _spans(text, folded, found) + windows, replacement)
        out = _replaced(text, spans, replacement)
        # Withholding a word can leave words that, read together, find the name: the initial
        # and the surname of "А. Arsłana Begenjowa" once the given name is withheld (what a
        # bracket holds is read as a nickname). So the windows are looked for again in what is
        # left, until none is found (each round withholds at least one more word).
        # A stand-in is never read as a name: a confidential "Name" or "Withheld" would
        # otherwise withhold the stand-in itself, round after round.
        for _ in range(_MAX_ROUNDS):
            again = _outside_stand_ins(out, self.windows.spans(out), replacement)
            if not again:
                break
            out = _replaced(out, again, replacement)
        return out

    def slug(self, value: str, limit: int = _MAX_SLUG) -> str:
        """A slug (id, case, tag) with withheld names as ``name-withheld``, within ``limit``."""
        changed = self.sub(value, WITHHELD_SLUG)
        return changed if changed == value else _cut(changed, limit)

    def url(self, value: str) -> str:
        """A URL with withheld names as ``name-withheld``: also where the name is
        percent-encoded (UTF-8, Windows-1251, KOI8-R, up to three times) or in a punycode
        host (``xn--…``). A URL that changes is re-encoded as UTF-8."""
        for _ in range(4):
            view = next((v for v in _url_views(value) if self.finds(v)), None)
            if view is None:
                return value
            value = _encode_url(self.sub(view, WITHHELD_SLUG))
        return _WITHHELD_URL  # still a name after four rounds: nothing of it is kept


_URL_ENCODINGS = ("utf-8", "cp1251", "koi8_r")
_WITHHELD_URL = "https://name-withheld.invalid/"
_PUNYCODE_LABEL = re.compile(r"(?<![a-z0-9-])xn--[a-z0-9-]+", re.IGNORECASE)


def _json_char(match: re.Match[str]) -> str:
    """One JSON escape as the character it stands for (a lone surrogate as a space)."""
    escape = match[0]
    if escape[1] == "u":
        char = chr(int(escape[2:], 16))
        return " " if 0xD800 <= ord(char) <= 0xDFFF else char
    return {"n": "\n", "t": "\t", "r": "\r"}.get(escape[1], " ")


def _unpunycode(match: re.Match[str]) -> str:
    try:
        return match[0].lower().encode("ascii").decode("idna")
    except UnicodeError:
        return match[0]


def _url_views(value: str) -> list[str]:
    """``value`` as a reader could decode it: punycode labels decoded, then percent-decoded
    (up to three times) in each code page names are met in."""
    from urllib.parse import unquote

    base = _PUNYCODE_LABEL.sub(_unpunycode, value) if "xn--" in value.lower() else value
    views = [base]
    if "%" in base:
        for encoding in _URL_ENCODINGS:
            decoded = base
            for _ in range(3):
                again = unquote(decoded, encoding=encoding, errors="replace")
                if again == decoded:
                    break
                decoded = again
                views.append(decoded)
    return views


def _encode_url(text: str) -> str:
    """A decoded URL as a valid web address again: host in IDNA, the rest percent-encoded."""
    from urllib.parse import quote, urlsplit

    parts = urlsplit(text)
    labels = []
    for label in parts.netloc.split("."):
        try:
            labels.append(label if label.isascii() else label.encode("idna").decode("ascii"))
        except UnicodeError:
            labels.append(WITHHELD_SLUG)
    rest = text[len(parts.scheme) + 3 + len(parts.netloc) :]
    return f"{parts.scheme}://{'.'.join(labels)}{quote(rest, safe=_URL_SAFE + '%')}"


def _letters(word: str) -> int:
    return sum(c.isalpha() for c in word)


def _cut(slug: str, limit: int) -> str:
    """A slug cut to ``limit`` characters at a hyphen (so ``name-withheld`` stays whole)."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    return cut[: cut.rfind("-")] if "-" in cut[3:] else cut


@lru_cache(maxsize=16)
def _matcher(names: frozenset[str]) -> _Matcher:
    """One compiled matcher per set of names (a public export reuses it for every record)."""
    return _Matcher(names)


def _alternation(words: set[str]) -> str:
    """A pattern matching any of ``words``, longest first, shaped as a trie.

    A plain ``a|b|c`` of a thousand names tries every name at every word start; the trie
    tries one branch per character, so a public export of a large data set stays fast.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    try:
        return "(?:" + _pattern(trie) + ")"
    except RecursionError:  # absurdly long names: the slow form is still right
        ordered = sorted(words, key=len, reverse=True)
        return "(?:" + "|".join(_literal(w) for w in ordered) + ")"


def _pattern(node: dict[str, Any]) -> str:
    branches = []
    for char, child in sorted(node.items()):
        if not char:
            continue
        literal = char
        while len(child) == 1 and "" not in child:  # a chain without choices: one literal
            ((char, child),) = child.items()
            literal += char
        branches.append(_literal(literal) + _pattern(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _literal(text: str) -> str:
    """Folded name text as a pattern: the separator between words of a name is any 1-3
    non-alphanumerics (``O'Brien``, ``Anne-Laure``, ``Li  Na``)."""
    return "[^a-z0-9]{1,3}".join(re.escape(part) for part in text.split(_SEP))


# -- what the data set withholds --------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """What the free-text rule needs to know of one record (see :class:`Withholding`)."""

    id: str
    confidential: bool
    names: tuple[str, ...]
    """Every name and alias of its people."""
    case: str | None
    related: tuple[str, ...]
    date: str
    country: str
    type: str
    """Its first incident type: the neutral title says what happened, not to whom."""
    public_title: str | None = None
    """The analyst's public title: the public id is made from it when there is one."""

    @classmethod
    def of(cls, record: Record) -> Links:
        return cls(
            record.id,
            record.confidential,
            tuple(n for p in record.people for n in (p.name, *p.aliases)),
            record.case,
            tuple(record.related),
            str(record.date),
            record.countries[0],
            record.types[0],
            record.public_title,
        )


class Withholding(list[str]):
    """Every name and alias of a confidential person in a data set (the list itself), and the
    ids ``--public`` changes: confidential records' ids (``hidden``) and the public id of each
    record whose id holds a withheld name (``public_ids``, unique across the data set).

    With ``links`` (every record of the data set), also the records published without their
    free text (``exposed``, :func:`exposed_ids`), with neutral ids, and the neutral slug of
    each case they belong to (``public_cases``).

    A list so that code passing "the confidential names" around keeps working unchanged.
    """

    def __init__(
        self,
        names: Iterable[str] = (),
        records: Iterable[tuple[str, bool]] = (),
        links: Iterable[Links] = (),
    ) -> None:
        """``records``: ``(id, confidential)`` of every record, in the order ids are assigned
        (the order they were recorded, so a new record never renames an older one); ``links``
        in the same order (``records`` may then be left out)."""
        super().__init__(dict.fromkeys(n for n in names if n.strip()))
        self.names = frozenset(self)
        self.matcher = _matcher(self.names)
        self.hidden: frozenset[str] = frozenset()
        self.public_ids: dict[str, str] = {}
        self.exposed: frozenset[str] = frozenset()
        self.public_cases: dict[str, str] = {}
        rows = list(records)
        linked = list(links)
        if linked and not rows:
            rows = [(link.id, link.confidential) for link in linked]
        if rows:
            self.hidden = frozenset(i for i, confidential in rows if confidential)
            if linked:
                self.exposed = exposed_ids(linked, self.names)
                self.public_cases = _case_slugs(linked, self.exposed)
            self.public_ids = _assign_ids(
                [i for i, confidential in rows if not confidential],
                self,
                {
                    link.id: neutral_id(link, self.matcher)
                    for link in linked
                    if link.id in self.exposed
                },
            )

    @classmethod
    def of_records(cls, records: Iterable[Record]) -> Withholding:
        """What ``--public`` withholds in a data set read from its files (every record, any
        order: ids are assigned in the order records were recorded)."""
        ordered = sorted(records, key=lambda r: (str(r.recorded), r.id))
        return cls(withheld_names(ordered), links=[Links.of(r) for r in ordered])

    @cached_property
    def keys(self) -> frozenset[str]:
        """The withheld names as ``people`` merges them (:func:`~incidentctl.record.names.fold_name`)."""
        from incidentctl.record.names import fold_name

        return frozenset(fold_name(n) for n in self.names) - {""}

    def public_id(self, record_id: str) -> str:
        """The id a record is published under."""
        found = self.public_ids.get(record_id)
        return found if found is not None else self.matcher.slug(record_id)

    def original_id(self, public_id: str) -> str | None:
        """The record published as ``public_id`` when withholding changed its id."""
        for original, shown in self.public_ids.items():
            if shown == public_id:
                return original
        return None


def exposed_ids(links: Iterable[Links], names: Iterable[str]) -> frozenset[str]:
    """The public records published without their free text: those that name a confidential
    person in ``people`` (a name or alias folding equal to one of ``names``, as ``people``
    merges entries: confidential anywhere is confidential everywhere), and those that share a
    ``case`` with, or are ``related`` (either way) to, such a record."""
    from incidentctl.record.names import fold_name

    keys = {fold_name(n) for n in names} - {""}
    if not keys:
        return frozenset()
    rows = [link for link in links if not link.confidential]
    direct = {link.id for link in rows if any(fold_name(n) in keys for n in link.names)}
    cases = {link.case for link in rows if link.id in direct and link.case}
    out = set(direct)
    for link in rows:
        if link.case in cases or not direct.isdisjoint(link.related):
            out.add(link.id)
        if link.id in direct:
            out.update(link.related)
    return frozenset(out & {link.id for link in rows})


def neutral_title(link: Links) -> str:
    """A title from structured data only: "Disbarment in Kazakhstan, May 2019"."""
    import calendar

    import pycountry

    country = pycountry.countries.get(alpha_2=link.country)
    place = getattr(country, "common_name", None) or getattr(country, "name", link.country)
    year, _, rest = link.date.partition("-")
    when = f"{calendar.month_name[int(rest[:2])]} {year}" if rest else year
    what = link.type.replace("-", " ").capitalize()
    return f"{what} in {place}, {when}"


def neutral_id(link: Links, matcher: _Matcher | None = None) -> str:
    """The public id of an exposed record: date, country and its public title (through the
    matcher, as a second line), else :func:`neutral_title`."""
    from incidentctl.record.ids import make_id

    if link.public_title:
        made = make_id(link.date, link.country, link.public_title)
        return matcher.slug(made) if matcher is not None and matcher.finds(made) else made
    return make_id(link.date, link.country, neutral_title(link))


def _case_slugs(links: list[Links], exposed: frozenset[str]) -> dict[str, str]:
    """A neutral slug for each case an exposed record belongs to: ``case-`` and the date and
    country of its first record (stable while that record stays; never derived from the
    original slug, which a hash would let anyone confirm by guessing)."""
    first: dict[str, Links] = {}
    for link in sorted(links, key=lambda x: (x.date, x.id)):
        if link.case and link.id in exposed:
            first.setdefault(link.case, link)
    out: dict[str, str] = {}
    taken = {link.case for link in links if link.case and link.case not in first}
    for case, link in first.items():
        from incidentctl.record.ids import free_id

        slug = free_id(f"case-{link.date}-{link.country.lower()}", taken)
        taken.add(slug)
        out[case] = slug
    return out


def _assign_ids(
    ids: list[str], withholding: Withholding, neutral: dict[str, str] | None = None
) -> dict[str, str]:
    """Public ids of the records whose id holds a withheld name (slug withheld) or that are
    published without their free text (``neutral``), cut to fit the pattern, and made unique
    against every id of the data set with ``-2``, ``-3``…"""
    from incidentctl.record.ids import free_id

    neutral = neutral or {}
    matcher = withholding.matcher
    if matcher.pattern is None and not neutral:
        return {}
    taken = set(ids) | withholding.hidden
    out: dict[str, str] = {}
    for record_id in ids:
        changed = neutral.get(record_id)
        if changed is None:
            if not matcher.finds(record_id):
                continue
            changed = matcher.slug(record_id)
            if changed == record_id:
                continue
        # cut at a hyphen, so that name-withheld stays whole
        candidate = free_id(changed, taken, shorten=_cut)
        taken.add(candidate)
        out[record_id] = candidate
    return out


def withholding_of(withheld: Iterable[str]) -> Withholding:
    """``withheld`` as a :class:`Withholding` (names alone know nothing of ids)."""
    return (
        withheld if isinstance(withheld, Withholding) else _plain_withholding(frozenset(withheld))
    )


@lru_cache(maxsize=16)
def _plain_withholding(names: frozenset[str]) -> Withholding:
    return Withholding(sorted(names))


def withheld_names(records: Iterable[Record]) -> set[str]:
    """Every name and alias of a confidential person in ``records``."""
    out: set[str] = set()
    for record in records:
        for person in record.people:
            if person.confidential:
                out.add(person.name)
                out.update(person.aliases)
    return {n for n in out if n.strip()}


# -- public data ------------------------------------------------------------------------------


def public_data(record: Record, withheld: Iterable[str] = ()) -> dict[str, Any]:
    """Plain data of a record fit for publication (the record itself must not be confidential).

    ``withheld``: what the data set withholds — a :class:`Withholding` (what the index gives,
    :func:`incidentctl.index.public.load_withholding`), or just the names. The record's
    own confidential people are withheld in any case.
    """
    withholding = withholding_of(withheld)
    own = withheld_names([record])
    if not own.issubset(withholding.names):
        withholding = _plain_withholding(frozenset(withholding).union(own))
    matcher = withholding.matcher
    data = record.to_data()
    if "people" in data:
        data["people"] = [_public_person(p, matcher) for p in data["people"]]
    if "groups" in data:
        data["groups"] = [_public_group(g, matcher) for g in data["groups"]]
    if matcher.pattern is not None:
        _withhold_fields(data, matcher)
    exposed = _names_confidential(record, withholding)
    if exposed:
        _free_text_withheld(data, record, withholding)
    data.pop("public_title", None)
    data.pop("public_summary", None)
    data["id"] = withholding.public_id(record.id)
    if exposed and record.id not in withholding.public_ids:  # known from its own people only
        data["id"] = neutral_id(Links.of(record), withholding.matcher)
    if "related" in data:
        related = [withholding.public_id(i) for i in data["related"] if i not in withholding.hidden]
        related = [i for i in _unique(related) if i != data["id"]]
        if related:
            data["related"] = related
        else:
            del data["related"]
    return data


WITHHELD_SUMMARY = (
    "Withheld: this record names a person at risk, and no public summary has been written."
)
WITHHELD_SOURCE = "(source withheld)"
_KEPT_OF_SOURCE = ("publisher", "language", "published")


def _names_confidential(record: Record, withholding: Withholding) -> bool:
    """Is ``record`` published without its free text? Known from the data set when the
    withholding was built with links; a record's own people are checked in any case."""
    if record.id in withholding.exposed:
        return True
    if any(g.confidential for g in record.groups):  # the free text may describe the group
        return True
    if not record.people:
        return False
    from incidentctl.record.names import fold_name

    keys = withholding.keys
    return any(
        p.confidential or any(fold_name(n) in keys for n in (p.name, *p.aliases))
        for p in record.people
    )


def _free_text_withheld(data: dict[str, Any], record: Record, withholding: Withholding) -> None:
    """The free-text rule: only structured data and what the analyst wrote for the public
    (``public_title``, ``public_summary``, themselves through the matcher) are kept."""
    link = Links.of(record)
    data["title"] = data.get("public_title") or neutral_title(link)
    data["summary"] = data.get("public_summary") or WITHHELD_SUMMARY
    for key in ("outcome", "date_note", "location", "tags"):
        data.pop(key, None)
    data["sources"] = [_bare_source(s) for s in record.sources]
    if "responses" in data:
        for response in data["responses"]:
            response.pop("url", None)
    if record.case is not None:
        data["case"] = withholding.public_cases.get(record.case) or (
            f"case-{link.date}-{link.country.lower()}"
        )


def _bare_source(source: Any) -> dict[str, Any]:
    """A source as publisher, language and date published. Without a publisher it is
    :data:`WITHHELD_SOURCE`: even the host of its URL can be a name no matcher knows
    (``danochka.example``, a personal blog), so analysts name the publisher to keep it."""
    kept: dict[str, Any] = source.model_dump(
        mode="json", exclude_defaults=True, include=set(_KEPT_OF_SOURCE)
    )
    return kept if "publisher" in kept else {"publisher": WITHHELD_SOURCE, **kept}


def _public_group(group: dict[str, Any], matcher: _Matcher) -> dict[str, Any]:
    """A group victim: a confidential one's description withheld (its size, roles and acts
    still count); the names in its acts' perpetrators withheld like the record's."""
    group = _public_acts(group, matcher)
    if group.get("confidential"):
        group["description"] = WITHHELD
    return group


def _public_acts(victim: dict[str, Any], matcher: _Matcher) -> dict[str, Any]:
    victim = dict(victim)
    if "acts" in victim and matcher.pattern is not None:
        victim["acts"] = [
            {**a, "perpetrators": _unique(matcher.sub(p, WITHHELD) for p in a["perpetrators"])}
            if "perpetrators" in a
            else a
            for a in victim["acts"]
        ]
    return victim


def _public_person(person: dict[str, Any], matcher: _Matcher) -> dict[str, Any]:
    person = _public_acts(person, matcher)
    if person.get("confidential"):
        return {k: (WITHHELD if k == "name" else v) for k, v in person.items() if k != "aliases"}
    if matcher.pattern is None:
        return person
    person = dict(person)
    person["name"] = matcher.sub(person["name"], WITHHELD)
    if "aliases" in person:
        aliases = [a for a in _unique(matcher.sub(a, WITHHELD) for a in person["aliases"])]
        aliases = [a for a in aliases if a != person["name"]]
        if aliases:
            person["aliases"] = aliases
        else:
            del person["aliases"]
    return person


@dataclass(frozen=True)
class _NameFields:
    """The fields that can hold a name, by how a name in them is withheld."""

    texts: tuple[str, ...]
    text_lists: tuple[str, ...]
    slugs: tuple[str, ...]
    """Single slugs other than the id (which :meth:`Withholding.public_id` handles)."""
    tag_lists: tuple[str, ...]
    items: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    """Lists of records other than people: (field, free-text keys, web-address keys)."""


@lru_cache(maxsize=1)
def _name_fields() -> _NameFields:
    """Read off the model on first use (so that importing this module stays cheap)."""
    from incidentctl.record import fields
    from incidentctl.record.model import FREE_TEXT, WEB_ADDRESS

    return _NameFields(
        texts=fields.TEXT_FIELDS,
        text_lists=fields.TEXT_LISTS,
        slugs=tuple(f for f in fields.SLUG_FIELDS if f != "id"),
        tag_lists=fields.TAG_LISTS,
        items=tuple(
            (name, fields.fields_of_kind(name, FREE_TEXT), fields.fields_of_kind(name, WEB_ADDRESS))
            for name in fields.NESTED
            if name != "people"
        ),
    )


def _withhold_fields(data: dict[str, Any], matcher: _Matcher) -> None:
    """Withhold names in every field that can hold one (codes and dates cannot)."""
    shape = _name_fields()
    for key in shape.texts:
        if key in data:
            data[key] = matcher.sub(data[key], WITHHELD)
    if len(data["title"]) > _MAX_TITLE:
        data["title"] = data["title"][: _MAX_TITLE - 1].rstrip() + "…"
    for key in shape.slugs:
        if key in data:
            data[key] = matcher.slug(data[key])
    for key in shape.tag_lists:
        if key in data:
            data[key] = _unique(matcher.slug(v) for v in data[key])
    for key in shape.text_lists:
        if key in data:
            data[key] = _withheld_items(data[key], matcher)
    for name, text_keys, url_keys in shape.items:
        for item in data.get(name, []):
            for key in text_keys:
                if key in item:
                    item[key] = matcher.sub(item[key], WITHHELD)
            for key in url_keys:
                if key in item:
                    item[key] = matcher.url(item[key])


def _withheld_items(values: list[Any], matcher: _Matcher) -> list[Any]:
    """A list of free text withheld, each name once; an item may be ``{name, category}``
    (a perpetrator, SPEC §7), whose name is its text."""
    out: dict[str, Any] = {}
    for value in values:
        if isinstance(value, str):
            value = matcher.sub(value, WITHHELD)
            out.setdefault(value, value)
        else:
            value = {**value, "name": matcher.sub(value["name"], WITHHELD)}
            out.setdefault(value["name"], value)
    return list(out.values())


def _unique(values: Iterable[str]) -> list[str]:
    """Values in order, each once (withholding can make two list items equal)."""
    return list(dict.fromkeys(values))


def render_data(record: Record, public: bool, withheld: Iterable[str] = ()) -> dict[str, Any]:
    """A record's plain data as a command prints it: public (see :func:`public_data`) or not."""
    return public_data(record, withheld) if public else record.to_data()


def reveals(value: str, withheld: Iterable[str]) -> bool:
    """Would ``--public`` withhold something in ``value`` (a query, a tag, a case)?"""
    return withholding_of(withheld).matcher.finds(value)


__all__ = [
    "WITHHELD",
    "WITHHELD_SLUG",
    "Withholding",
    "fold_for_withholding",
    "public_data",
    "render_data",
    "reveals",
    "withheld_names",
    "withholding_of",
]
