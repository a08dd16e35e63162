"""A generated corpus of the forms a confidential name takes in free text (issue 16).

Three confidential people (one recorded in Latin only, one in Cyrillic only, one in both), a
fully confidential record, and public records that mention the people in every field a
``--public`` output can show, in each category of name form that issue 16 found leaking. Each
planted form is data (:class:`Planted`, with its category), so the audit can report per category.

Every planted value carries a unique marker (``zq07``) right before the form. The audit looks
for the marker followed by the form, after decoding both the same way (:func:`views`), so a leak
is attributed to the one form that caused it, whatever else the output holds.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from anyascii import anyascii

from incidentctl.testing import sample_record

SHY, ZWSP, ZWJ, WJ = "\u00ad", "\u200b", "\u200d", "\u2060"


@dataclass(frozen=True)
class Person:
    """A confidential person as recorded: the name and the aliases the data set knows."""

    name: str
    aliases: tuple[str, ...] = ()

    def entry(self) -> dict[str, Any]:
        return {"name": self.name, "aliases": list(self.aliases), "confidential": True}


LATIN_ONLY = Person("Aiman Omarova")
CYRILLIC_ONLY = Person("Ербол Сизинцев")
BOTH_SCRIPTS = Person("Fyodor Semyonov", ("Фёдор Семёнов",))
CONFIDENTIAL_PEOPLE = (LATIN_ONLY, CYRILLIC_ONLY, BOTH_SCRIPTS)
PUBLIC_PERSON = "Aigerim Public"
"""Named in every public record: the audit checks public data still shows."""

HIDDEN_RECORD: dict[str, Any] = sample_record(
    title="Undisclosed witness Nurlan Tasbolatov questioned",
    date="2019-03-03",
    location="Stepnogorsk",
    people=[{"name": "Nurlan Tasbolatov", "roles": ["client"]}],
    perpetrators=["Stepnogorsk prosecutor"],
    summary="Nurlan Tasbolatov gave evidence in Stepnogorsk.",
    sources=[{"url": "https://sealed-source.example/witness", "publisher": "Sealed"}],
    tags=["sealed-witness"],
    case="sealed-witness-case",
    confidential=True,
)
HIDDEN_CONTENT = (
    "Nurlan Tasbolatov",
    "Tasbolatov",
    "Stepnogorsk",
    "sealed-source.example",
    "sealed-witness",
    "Undisclosed witness",
)
"""What the fully confidential record holds and no other record does."""


@dataclass(frozen=True)
class Planted:
    """One form of a confidential name, planted in one field of a public record."""

    category: str
    field: str
    """title, summary, outcome, location, date_note, perpetrator, alias, source.title,
    source.url, source.publisher, response.by, response.url, tag or case."""
    form: str
    """The name as it stands in the text; for URL fields host and path without the scheme."""
    marker: str = ""

    @property
    def value(self) -> str:
        """The field's value: the form right after its marker."""
        if self.field in ("source.url", "response.url"):
            return f"https://{self.marker}.{self.form}"
        if self.field in ("tag", "case"):
            return f"{self.marker}-{self.form}"
        if self.field == "title":
            return f"Lawyer {self.marker} {self.form} detained"
        if self.field == "summary":
            return f"Reports say {self.marker} {self.form} was questioned."
        return f"{self.marker} {self.form}"

    def found_in(self, decoded: tuple[str, ...]) -> str | None:
        """An excerpt where this form's marker is followed by a stem of a confidential name
        (the whole form, or any part of it the output kept), else None."""
        span = max(len(_fold(v).strip()) for v in views(self.form)) + 12
        for view in decoded:
            for at in (m.start() for m in re.finditer(f" {self.marker} ", view)):
                window = _MARKER.split(view[at + len(self.marker) + 2 : at + span], 1)[0]
                if any(stem in window for stem in NAME_STEMS):
                    return view[max(0, at - 20) : at + span + 20].strip()
        return None


def _pct(text: str, encoding: str = "utf-8") -> str:
    return quote(text, safe="", encoding=encoding)


def _puny(label: str) -> str:
    return label.encode("idna").decode("ascii")


_FORMS: dict[str, list[tuple[str, str]]] = {
    "transliteration": [
        ("title", "Айман Омарова"),
        ("summary", "Yerbol Sizintsev"),
        ("perpetrator", "Agents who followed Айман"),
        ("alias", "Ayman Omarova"),
    ],
    "yo-e": [
        ("title", "Федор Семенов"),
        ("outcome", "Семенов acquitted"),
        ("source.publisher", "Fedor Semenov blog"),
    ],
    "glued": [
        ("source.url", "instagram.com/aimanomarova"),
        ("response.url", "docs.example/files/SizintsevStatement2019.pdf"),
        ("tag", "sizintsev2019"),
        ("case", "omarovaappeal"),
        ("summary", "#AimanOmarova"),
        ("source.title", "semyonov_fyodor.jpg"),
    ],
    "soft-hyphen": [
        ("title", f"Oma{SHY}rova"),
        ("summary", f"Sizin{SHY}tsev"),
        ("source.title", f"Сизин{SHY}цев"),
    ],
    "zero-width-space": [
        ("location", f"Omar{ZWSP}ova street"),
        ("perpetrator", f"Fyodor Semyo{ZWSP}nov"),
    ],
    "zero-width-joiner": [
        ("date_note", f"Aim{ZWJ}an Omarova remembers the day"),
        ("alias", f"Семё{ZWJ}нов"),
    ],
    "word-joiner": [
        ("outcome", f"Сизин{WJ}цев released"),
        ("response.by", f"Friends of Omar{WJ}ova"),
    ],
    "inflection-kazakh": [
        ("summary", "Омароваға"),
        ("outcome", "Омарованың appeal lost"),
        ("source.title", "Сизинцевке"),
    ],
    "inflection-russian": [
        ("title", "Омаровой"),
        ("summary", "Сизинцевым"),
        ("perpetrator", "Сизинцеву"),
        ("source.publisher", "Omarovoy"),
    ],
    "line-hyphenation": [
        ("summary", "Aiman Oma-\nrova"),
        ("summary", "Сизин-\nцев"),
    ],
    "percent-utf8": [
        ("source.url", "news.example/" + _pct("Айман Омарова")),
        ("response.url", "news.example/" + _pct("Aiman Omarova")),
    ],
    "percent-cp1251": [
        ("source.url", "news.example/" + _pct("Сизинцев", "cp1251")),
    ],
    "percent-koi8r": [
        ("source.url", "news.example/" + _pct("Омарова", "koi8_r")),
    ],
    "percent-double": [
        ("source.url", "news.example/" + _pct(_pct("Сизинцев"))),
        ("response.url", "news.example/q=" + _pct(_pct("Семёнов", "cp1251"))),
    ],
    "punycode": [
        ("source.url", _puny("омарова.kz") + "/news"),
        ("response.url", _puny("сизинцев.рф") + "/"),
    ],
    "upper-case": [
        ("title", "AIMAN OMAROVA"),
        ("summary", "СИЗИНЦЕВ"),
        ("source.publisher", "FYODOR SEMYONOV"),
    ],
    "combination": [
        ("summary", f"OMA{SHY}ROVOY"),
        ("perpetrator", f"Сизин{ZWSP}цеву"),
        ("source.url", "news.example/" + _pct("ОМАРОВОЙ", "cp1251")),
        ("response.url", _puny("сизинцевым.kz") + "/"),
        ("tag", "aymanomarova2019"),
        ("summary", "Омаро-\nвой"),
        ("outcome", "Семеновым"),
    ],
}


def _planted() -> tuple[Planted, ...]:
    forms = [(c, f, form) for c, pairs in _FORMS.items() for f, form in pairs]
    return tuple(Planted(c, f, form, f"zq{i:02d}") for i, (c, f, form) in enumerate(forms, 1))


PLANTED = _planted()
CATEGORIES = tuple(_FORMS)


# -- decoding: what a reader of the output could recover -------------------------------------

_ENCODINGS = ("utf-8", "cp1251", "koi8_r")
_SURROGATES = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|U([0-9a-fA-F]{8})|([nrt\"/\\]))")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "/": "/", "\\": "\\"}
_PUNYCODE = re.compile(r"xn--([a-z0-9-]+)", re.IGNORECASE)
_LINE_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n\s*(?=\w)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_MARKER = re.compile(r" zq\d\d ")
NAME_STEMS = ("aiman", "ayman", "omaro", "erbol", "sizin", "fyodo", "fedor", "semyo", "semen")
"""The first five letters of each confidential name word, folded, in each transliteration the
corpus plants (``Айман`` folds to ``ayman``): inflected and glued forms keep them."""


def _unescape(text: str) -> str:
    """JSON, YAML and Python string escapes, then HTML entities, as their readers decode them."""

    def pair(m: re.Match[str]) -> str:
        high, low = int(m[1], 16), int(m[2], 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    def one(m: re.Match[str]) -> str:
        code = m[1] or m[2] or m[3]
        return chr(int(code, 16)) if code else _SIMPLE[m[4]]

    return html.unescape(_ESCAPE.sub(one, _SURROGATES.sub(pair, text)))


def _punycode(match: re.Match[str]) -> str:
    try:
        return match[1].lower().encode("ascii").decode("punycode")
    except UnicodeError:
        return match[0]


def _fold(text: str) -> str:
    text = _PUNYCODE.sub(_punycode, text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = _LINE_HYPHEN.sub("", text)
    return _NOT_ALNUM.sub(" ", anyascii(text).lower())


def views(text: str) -> tuple[str, ...]:
    """``text`` decoded as a reader could: escapes undone, percent-decoded (up to three times)
    as UTF-8, Windows-1251 and KOI8-R, punycode labels decoded, NFKC, invisible characters and
    line-end hyphens removed, transliterated to lower-case Latin, every run of other characters
    one space. One view per percent-decoding's code page."""
    base = _unescape(text)
    out = []
    for encoding in _ENCODINGS:
        decoded = base
        for _ in range(3):
            again = unquote(decoded, encoding=encoding, errors="replace")
            if again == decoded:
                break
            decoded = again
        out.append(" " + _fold(decoded) + " ")
    return tuple(out)


def name_words() -> tuple[str, ...]:
    """Every word of 4+ letters of a confidential name or alias, folded."""
    words = {
        w
        for p in CONFIDENTIAL_PEOPLE
        for n in (p.name, *p.aliases)
        for w in _fold(n).split()
        if len(w) >= 4
    }
    return tuple(sorted(words))


def hidden_needles() -> tuple[str, ...]:
    return tuple(sorted({_fold(s).strip() for s in HIDDEN_CONTENT}))


def find_any(words: tuple[str, ...], decoded: tuple[str, ...]) -> str | None:
    """An excerpt of the first of ``words`` found in any view (glued or inflected forms count)."""
    for view in decoded:
        for word in words:
            at = view.find(word)
            if at >= 0:
                return view[max(0, at - 30) : at + len(word) + 30].strip()
    return None


# -- the data set -----------------------------------------------------------------------------

_SINGLE = ("title", "outcome", "location", "date_note", "case")
_PER_RECORD = 3
"""Forms of one list field (or summary sentences) per record: few records, few `show` runs."""


def _pack(planted: tuple[Planted, ...]) -> list[list[Planted]]:
    """Forms grouped into records: one per single-valued field, a few per list field."""
    records: list[list[Planted]] = []
    for p in planted:
        for group in records:
            same = [q for q in group if q.field == p.field]
            if not same if p.field in _SINGLE else len(same) < _PER_RECORD:
                group.append(p)
                break
        else:
            records.append([p])
    return records


def _record(number: int, group: list[Planted]) -> dict[str, Any]:
    by: dict[str, list[str]] = {}
    for p in group:
        by.setdefault(p.field, []).append(p.value)
    one = {f: by[f][0] for f in _SINGLE if f in by}
    sources: list[dict[str, str]] = [{"url": "https://www.icj.org/example", "publisher": "ICJ"}]
    sources += [{"url": v, "publisher": "Press"} for v in by.get("source.url", [])]
    sources += [
        {"url": f"https://press.example/{number}/{i}", "title": v}
        for i, v in enumerate(by.get("source.title", []))
    ]
    sources += [{"publisher": v} for v in by.get("source.publisher", [])]
    responses = [
        {"date": "2019-09-01", "by": v, "kind": "statement"} for v in by.get("response.by", [])
    ]
    responses += [
        {"date": "2019-09-02", "by": "Lawyers for Lawyers", "kind": "letter", "url": v}
        for v in by.get("response.url", [])
    ]
    summary = " ".join(by.get("summary", [])) or "Nothing more is known."
    return sample_record(
        title=one.pop("title", f"Lawyer {PUBLIC_PERSON} summoned, report {number}"),
        date=f"2019-{number % 12 + 1:02d}-{number % 27 + 1:02d}",
        people=[{"name": PUBLIC_PERSON, "aliases": by.get("alias", []), "roles": ["lawyer"]}],
        perpetrators=["Ministry of Justice", *by.get("perpetrator", [])],
        summary=f"{PUBLIC_PERSON} was summoned.\n{summary}",
        sources=sources,
        responses=responses or None,
        tags=by.get("tag") or None,
        **one,
    )


def records() -> Iterator[dict[str, Any]]:
    """The records of the corpus: who is confidential, the hidden record, the public ones."""
    yield sample_record(
        title="Three lawyers threatened in Almaty",
        date="2019-01-15",
        people=[*(p.entry() for p in CONFIDENTIAL_PEOPLE), {"name": PUBLIC_PERSON}],
        summary="Three lawyers received threats after a hearing.",
        # It names confidential people, so --public shows only the analyst's public version.
        public_title="Three lawyers threatened in Almaty",
        public_summary="Three lawyers received threats after a hearing.",
        types=["threats-intimidation"],
    )
    yield HIDDEN_RECORD
    for number, group in enumerate(_pack(PLANTED), 1):
        yield _record(number, group)


def write_corpus(root: Path) -> None:
    """Initialise a data set at ``root`` and add every record of the corpus."""
    from incidentctl.files.dataset import init_dataset
    from incidentctl.files.store import Store
    from incidentctl.ops import edit

    init_dataset(root)
    store = Store(root)
    for data in records():
        edit.add(store, data)
