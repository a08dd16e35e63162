"""Issue 13, item 3: ``--public`` withholds a confidential name in every spelling ``--person``
finds (views/namewindows.py), and its pre-selection loses nothing.

The spellings come from the evaluation set (tests/data/name_eval.yaml): real published
variants of real people, and near-miss names of other people.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from incidentctl.record.ids import slugify
from incidentctl.record.model import Record
from incidentctl.record.names import names_match
from incidentctl.testing import sample_record
from incidentctl.views.namewindows import (
    MAX_WINDOW,
    NameWindows,
    exhaustive_spans,
    needed_tokens,
    words,
)
from incidentctl.views.namewindows import _name_size as name_size
from incidentctl.views.privacy import WITHHELD, public_data, withholding_of

EVAL = Path(__file__).parents[1] / "data" / "name_eval.yaml"
FILLER = [
    "the",
    "court",
    "heard",
    "lawyer",
    "on",
    "Monday",
    "and",
    "police",
    "said",
    "a",
    "complaint",
    "was",
    "filed",
    "by",
    "her",
    "client",
    "against",
    "prosecutor",
    "of",
    "Almaty",
    "Baku",
    "Minsk",
    "after",
    "appeal,",
    "—",
    "«case»",
    "№5",
    "2019",
    "Mr",
    "Me",
    "S.",
    "V.",
    "А.",
    "суд",
    "адвокат",
    "заявил",
]


@cache
def _eval() -> tuple[list[dict[str, Any]], list[str]]:
    data = YAML(typ="safe").load(EVAL.read_text(encoding="utf-8"))
    return data["persons"], [d["name"] for d in data["distractors"]]


def _typo(rng: random.Random, word: str) -> str:
    """One edit of a word, as a page's typo would be."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    letter = rng.choice("aeiouyklmnrstv")
    if kind == 0:
        return word[:i] + letter + word[i + 1 :]
    if kind == 1:
        return word[:i] + letter + word[i:]
    return word[:i] + word[i + 1 :]


def _text(
    rng: random.Random,
    persons: list[dict[str, Any]],
    distractors: list[str],
    edges: bool = False,
) -> str:
    """Names, other people's names and other words; with ``edges``, names as :func:`_edged`."""
    parts: list[str] = []
    for _ in range(rng.randrange(3, 8)):
        roll = rng.random()
        if roll < 0.45:
            variant = rng.choice(rng.choice(persons)["variants"])
            if edges:
                variant = _edged(rng, variant)
            elif rng.random() < 0.3:
                variant = " ".join(_typo(rng, w) for w in variant.split())
            parts.append(variant)
        elif roll < 0.6:
            parts.append(rng.choice(distractors))
        else:
            parts.append(" ".join(rng.choices(FILLER, k=rng.randrange(1, 4))))
    return rng.choice([" ", ", ", " and ", "; "]).join(parts)


def _public(text: str, names: list[str]) -> str:
    return withholding_of(names).matcher.sub(text, WITHHELD)


def _found_windows(text: str, names: list[str]) -> list[tuple[str, str]]:
    """Every window of ``text`` that ``--person`` would find one of ``names`` with."""
    spans = words(text)
    return [
        (window, name)
        for i in range(len(spans))
        for j in range(i, min(len(spans), i + MAX_WINDOW))
        for name in names
        if names_match(window := text[spans[i][0] : spans[j][1]], name)
    ]


def test_the_preselection_loses_nothing_on_generated_text() -> None:
    """The windows tried (search keys, candidate and optional words) find exactly what trying
    every window against every name finds."""
    persons, distractors = _eval()
    rng = random.Random(13)
    compared = found = 0
    for _ in range(150):
        confidential = rng.sample(persons, 3)
        names = [n for p in confidential for n in (p["name"], *rng.sample(p["variants"], 1))]
        text = _text(rng, [*confidential, *rng.sample(persons, 2)], distractors)
        expected = exhaustive_spans(text, names)
        assert NameWindows(names).spans(text) == expected, (text, names)
        compared += 1
        found += bool(expected)
    assert compared == 150 and found > 60  # the generated texts do hold confidential spellings


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_window_of_public_text_finds_a_confidential_name(data: st.DataObject) -> None:
    """Random texts of confidential names' published spellings (typos too), other people's
    names and other words: no run of words of the public text is found by ``names_match``."""
    persons, distractors = _eval()
    seed = data.draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    confidential = rng.sample(persons, 2)
    names = [n for p in confidential for n in (p["name"], *rng.sample(p["variants"], 1))]
    text = _text(rng, [*confidential, rng.choice(persons)], distractors)
    public = _public(text, names)
    assert _found_windows(public, names) == [], (text, public)


@pytest.mark.parametrize(
    ("confidential", "form"),
    [
        ("Maria Kolesnikova", "Maryia Kalesnikava"),  # Belarusian vowels
        ("Sergey Sizintsev", "Sizentsev"),  # a page's typo
        ("Aiman Omarova", "Omaraova"),
        ("Nurbek Toktakunov", "Tosktakunov"),  # one letter more at its start
    ],
)
def test_a_spelling_person_finds_only_by_its_edit_budget_is_withheld(
    confidential: str, form: str
) -> None:
    assert names_match(form, confidential)
    data = sample_record(
        title=f"Court hears {form}",
        summary=f"The court heard {form} on Monday.",
        tags=[form.split()[-1].lower()],
        sources=[
            {
                "url": f"https://news.example/{form.split()[-1].lower()}-case",
                "title": f"Interview with {form}",
                "publisher": "News",
            }
        ],
        people=[{"name": form, "roles": ["lawyer"]}],
    )
    data.setdefault("recorded", "2020-01-01")
    data["id"] = f"{data['date']}-kz-{slugify(form)}"
    public = public_data(Record.model_validate(data), [confidential])
    shown = [public["title"], public["summary"], public["people"][0]["name"], *public["tags"]]
    shown += [public["sources"][0]["url"], public["sources"][0]["title"], public["id"]]
    for text in shown:
        assert _found_windows(text.replace("-", " "), [confidential]) == [], text
    assert public["summary"] == f"The court heard {WITHHELD} on Monday."


def test_words_that_do_not_find_the_name_stay() -> None:
    """A near miss ``--person`` does not find is kept: Kolesnik is not Maria Kolesnikova."""
    text = "Ilham Aliyev met Kolesnik and Mariam Kolesnichenko in Minsk."
    assert _public(text, ["Maria Kolesnikova"]) == text
    assert _public(f"{text} Kalesnikava too.", ["Maria Kolesnikova"]) == f"{text} {WITHHELD} too."


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # found when the name rules of issue 13 met the windows: an initial that one name
        # needs and another does not, a Turkic patronymic written as two words, a vowel typo
        # in a given name, a patronymic word before the name
        ("said S.; Oleg Gennadievich Sentsov", ["Oleg Sentsov", "Oleg Gennadievich Sentsov"]),
        ("Nariman Enver oğlu Celâl and Baku", ["Nariman Dzhelyal", "Nariman Dzhelial"]),
        ("and Anoa Politkovskaya and", ["Anna Politkovskaya"]),
        ("was Sevinj Vagifghyzy; Franak Viacorka", ["Franak Viacorka", "Franak Wiaczorka"]),
    ],
)
def test_windows_the_name_rules_reach_are_tried(text: str, names: list[str]) -> None:
    assert NameWindows(names).spans(text) == exhaustive_spans(text, names) != []


# -- the token bound (namewindows.needed_tokens): a window longer than a name cannot find it --

# Forms a page gives a name in: case endings (Russian, Kazakh, Azerbaijani), initials and a
# patronymic around it, glued punctuation, a Turkic patronymic word, at either end of the text.
_ENDINGS = ["а", "у", "ой", "ым", "ны", "a", "u", "oy", "ovoi", "ning", "un", "ə"]
_AROUND = ["С.В.", "S.", "A.B.", "Enver oğlu", "Sergeevich", "Васильевича", "qızı", "Mr", "Dr."]
_GLUE = ["", ",", ".", ";", "»", "«", "(", ")", "-", "—", "#", "/", "@", "%20", "\u200b"]


def _edged(rng: random.Random, variant: str) -> str:
    """A name as pages write it, in the corners where a bound could slip."""
    words_ = variant.split()
    if rng.random() < 0.4:
        words_[-1] += rng.choice(_ENDINGS)
    if rng.random() < 0.3:
        words_.insert(rng.randrange(len(words_) + 1), rng.choice(_AROUND))
    if rng.random() < 0.2:
        words_ = [_typo(rng, w) for w in words_]
    return rng.choice(_GLUE) + " ".join(words_) + rng.choice(_GLUE[:6])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_token_bound_never_drops_a_window_that_finds_a_name(data: st.DataObject) -> None:
    """Every window ``names_match`` finds a name with fits the bound (so dropping the windows
    that do not fit loses nothing), and the windows found are those of the exhaustive check."""
    persons, distractors = _eval()
    rng = random.Random(data.draw(st.integers(0, 2**32 - 1)))
    confidential = rng.sample(persons, 3)
    names = [n for p in confidential for n in (p["name"], *rng.sample(p["variants"], 1))]
    text = _text(rng, [*confidential, rng.choice(persons)], distractors, edges=True)
    for window, name in _found_windows(text, names):
        assert needed_tokens(window) <= name_size(name), (window, name)
    assert NameWindows(names).spans(text) == exhaustive_spans(text, names), (text, names)


def test_the_token_bound_holds_for_every_published_spelling() -> None:
    """Each published spelling of each person, inflected and with initials around it, against
    every spelling of that person: wherever ``names_match`` holds, the bound does."""
    persons, _ = _eval()
    rng = random.Random(14)
    checked = 0
    for person in persons:
        names = [person["name"], *person["variants"]]
        for variant in person["variants"]:
            forms = [
                variant,
                f"{variant}{rng.choice(_ENDINGS)}",
                f"{rng.choice(_AROUND)} {variant}",
            ]
            for form in forms:
                for name in names:
                    if names_match(form, name):
                        assert needed_tokens(form) <= name_size(name), (form, name)
                        checked += 1
    assert checked > 1000


def test_the_token_bound_leaves_out_windows_longer_than_any_name() -> None:
    """What the bound is for: a run of ordinary words around a name is not scored."""
    assert needed_tokens("lawyer Aiman Omarova said on Monday") > name_size("Aiman Omarova")
    assert needed_tokens("Сизинцев С.В.") <= name_size("Sergey Sizintsev")  # initials unpaired
    assert needed_tokens("Nariman Enver oğlu Celâl") <= name_size("Nariman Dzhelyal")
    assert needed_tokens("") > name_size("Aiman Omarova")  # an empty query finds nothing


def test_withholding_looks_again_in_what_it_left() -> None:
    """Found by the property above (a CI run's draw): withholding the given name of
    "А. Arsłana Begenjowa" left "А. (name withheld) Begenjowa", which ``--person`` reads as an
    initial and the surname (a bracket reads as a nickname) and finds Arslan Begenchov."""
    names = ["Arslan Begenchov", "Бегенджев"]
    text = "and Baku А. Arsłana Begenjowa Вазене her appeal, 2019 said"
    public = _public(text, names)
    assert "Begenjowa" not in public
    assert _found_windows(public, names) == []
