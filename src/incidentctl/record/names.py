"""Person-name folding and tolerant matching across scripts and spellings.

Analysts copy names from English, Russian, Kazakh and French sources, so one person appears as
"Sergey Sizintsev", "Sizentsev", "Sizincev" and "Сизинцева Сергея Васильевича". This module gives
the two notions of "same name" that the rest of the package needs:

* :func:`fold_name` — a strict key (case-, accent- and script-insensitive) used to *merge* people in
  ``incidentctl people``. Different spellings do not fold equal: merging is never fuzzy.
* :func:`name_similarity` / :func:`names_match` — tolerant matching for the ``--person`` filter,
  built on ``anyascii`` (any script to Latin), a short list of phonetic rules on the Latin form
  and ``rapidfuzz`` edit distances per name token.

Everything here is pure (no I/O) and deterministic. How it works, the threshold and the
measured quality are in ``docs/name-matching.md``; the evaluation set is
``tests/data/name_eval.yaml``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

__all__ = [
    "MATCH_THRESHOLD",
    "fold_name",
    "name_similarity",
    "names_match",
    "normalise_tokens",
    "search_keys",
    "similar_but_different",
]

#: Minimum :func:`name_similarity` for :func:`names_match`. Token scores are normalised
#: Levenshtein similarities (100 * (1 - edits / longer length)), so 85 lets one edit through in
#: a token of 7 letters or more ("Omaraova"/"Omarova" 87.5, "Azimjon"/"Azimjan" 85.7) and none
#: in shorter ones ("Murat"/"Marat" 80, "Bokeyev"/"Bokayev" 83.3); two edits need 14 letters.
#: On tests/data/name_eval.yaml recall drops above 85 and precision drops below 84.
MATCH_THRESHOLD: float = 85.0

# Apostrophes (soft/hard-sign marks that anyascii emits, the Uzbek okina) join letters: Ben'yash
# is one token. Any other character that is not a letter or digit separates tokens.
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bb\u02bc]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Courtesy titles that sources put before names ("Me" is the French "Maître" for lawyers).
_HONORIFICS = frozenset({"mr", "mrs", "ms", "mme", "mlle", "me", "dr"})

# Phonetic rules on one lower-case ASCII token, applied in order. They reconcile the usual
# romanisations (BGN/PCGN, passport, French, scholarly, Kazakh Latin) of what anyascii has
# already transliterated; they are not a transliteration table.
_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        # Е/Ё at the start of a word: Yevgeniy/Evgeniy, Yorov/Ёров (anyascii: Erov), French Iorov.
        (r"^[yi][eo]", "e"),
        # Ё after a consonant: Fyodor/Fedor.
        (r"(?<=[bcdfgklmnprstvz])yo", "e"),
        # Е after a vowel: Bokayev/Bokaev, Shormanbayev/Shormanbaev.
        (r"(?<=[aeiou])ye", "e"),
        # Ж and Дж: Zhovtis/Jovtis, Dzhardemali/Djardemali/Jardemalie, Azimzhan/Azimjan.
        (r"dzh|dj|zh", "j"),
        # Ч and Щ: French tch, shch/sch.
        (r"tch", "ch"),
        (r"shch|sch", "sh"),
        # Х, Қ, Ғ: kh/h (Mukhtar/Muhtar), q/k (Rafqat/Rafkat), gh/g (Balghabaeva); x/ks; ph/f; w/v.
        (r"kh", "h"),
        (r"gh", "g"),
        (r"q", "k"),
        (r"x", "ks"),
        (r"ph", "f"),
        (r"w", "v"),
        # French: ou for У (Moukhtar), gu before e/i (Sergueï, Evguéni).
        (r"ou", "u"),
        (r"gu(?=[ei])", "g"),
        # Ц: ts/tz/c (Sizintsev/Sizintzev/Sizincev).
        (r"ts|tz", "c"),
        # Й, Ы and y/i: Aiman/Ayman, Sergey/Sergei, Magnitskiy/Magnitsky.
        (r"y", "i"),
        # Doubled letters: Gabdullina/Gabdulina, Saiid/Said, Evgenii/Evgeni.
        (r"([a-z])\1+", r"\1"),
        # Masculine instrumental (Сизинцевым -> sizincev): -ым never ends a nominative surname.
        (r"(?<=[a-z]{3})(ov|ev|in)im$", r"\1"),
        # Kazakh case endings after a surname (Омароваға, Омарованың, Сизинцевке, Омаровадан):
        # dative, genitive, ablative, locative, accusative, instrumental.
        (
            r"(?<=[a-z]{3})(ova|eva|ina|ov|ev|in)"
            r"(?:ga|ge|ka|ke|ning|nin|dan|den|tan|ten|nan|nen|da|de|ta|te|ni|di|ti|men|ben|pen)$",
            r"\1",
        ),
        # French final -e after a consonant: Kouramchine/Kuramshin, Maxime/Maxim.
        (r"(?<=[a-z]{3}[^aeiou])e$", ""),
        # -ie for a final -и: Jardemalie/Jardemali.
        (r"ie$", "i"),
        # Russian oblique cases that are unambiguous without context: feminine surname
        # (Омаровой -> omarova) and masculine adjectival surname (Магнитского -> magnicki).
        (r"(?<=[a-z]{3})(ov|ev|in)oi$", r"\1a"),
        (r"(?<=[a-z]{3})(sk|ck)(ogo|omu|im)$", r"\1i"),
    )
)

# Patronymics: Russian masculine (-ich + case ending), feminine (-ovna, -ichna + case ending),
# Kazakh -uly / -kyzy written as one word.
_PATRONYMIC = re.compile(r"ich(?:a|u|em|e)?$|(?:vn|ichn)(?:a|i|e|u|oi)$|(?:uli|kizi)$")
_MASC_OBLIQUE_PATRONYMIC = re.compile(r"ich(a|u|em|e)$")

# Gender of a Russian-style surname. Omarov and Omarova are different people (often relatives,
# themselves targets of reprisals), so the two forms never pair.
_FEMININE = re.compile(r"(?:ova|eva|ina|skaia|ckaia)$")
_MASCULINE = re.compile(r"(?:ov|ev|in|ski|cki)$")
# Endings that mark a surname; a surname is never taken as the long form of an abbreviation
# ("Ayan" does not abbreviate "Ayanov").
_SURNAME_LIKE = re.compile(r"(?:ov|ev|in|ova|eva|ina|ski|cki|skaia|ckaia|enko|uk|dze|shvili|ich)$")

_ABBREV_MIN = 3  # shortest prefix accepted as a shortened given name ("Bota" for "Botagoz")
_MAX_TOKENS = 10  # longer inputs are not names; bounds the assignment search

# Letters that sources swap freely, merged only where edit distances are taken (never in the
# tokens themselves): o/u (Omarova/Umarova, Kazakh Ө), e/i (Sizentsev/Sizintsev), the velars
# g/k/h (Kazakh Бақытжан vs Russian Бахытжан, Azerbaijani Intiqam/Intigam) and French ch for Ш.
_CLASS_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ch"), "sh"),
    (re.compile(r"(?<![sc])h|g"), "k"),
)
_VOWEL_CLASSES = str.maketrans("oe", "ui")
_VOWELS = re.compile(r"[aeiou]")
_DOUBLED = re.compile(r"([a-z])\1+")


def fold_name(name: str) -> str:
    """Return the strict merge key of ``name``.

    Transliterated to ASCII by anyascii, lower-cased, apostrophes dropped, any other punctuation
    and whitespace collapsed to one space, tokens kept in order. ``people`` merges two entries
    only when a name or alias of one folds equal to one of the other, so this stays strict:
    "Сергей Сизинцев" folds to "sergey sizintsev", but "Sizentsev" and "Sizintsev" stay apart.
    """
    text = _APOSTROPHES.sub("", anyascii(name).lower())
    return _NON_ALNUM.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def _phonetic(token: str) -> str:
    for pattern, repl in _PHONETIC_RULES:
        token = pattern.sub(repl, token)
    return token


def _is_patronymic(token: str) -> bool:
    return len(token) > 4 and _PATRONYMIC.search(token) is not None


def _uninflect_masculine(token: str, case_ending: str) -> str:
    """Strip a Russian masculine oblique-case ending: sizinceva -> sizincev, sergeia -> sergei."""
    pattern = r"(?:em|om|im)$" if case_ending == "em" else case_ending + "$"
    stripped = re.sub(pattern, "", token)
    return stripped if len(stripped) >= 3 else token


@lru_cache(maxsize=8192)
def normalise_tokens(name: str) -> tuple[str, ...]:
    """Return the phonetic-normalised Latin tokens of ``name``, in order.

    For tolerant matching only, never for merging. Honorifics are dropped; initials stay as
    one-letter tokens. A Russian full name in an oblique case, recognised by its masculine
    patronymic ("Сизинцева Сергея Васильевича"), is put back in the nominative
    (sizincev sergei vasilevich) so that its surname does not read as the feminine form.
    """
    tokens = [_phonetic(t) for t in fold_name(name).split() if t not in _HONORIFICS]
    tokens = [t for t in tokens if t]
    if len(tokens) >= 3:
        for token in tokens:
            oblique = _MASC_OBLIQUE_PATRONYMIC.search(token)
            if oblique and _is_patronymic(token):
                tokens = [_uninflect_masculine(t, oblique.group(1)) for t in tokens]
                break
    return tuple(tokens)


@lru_cache(maxsize=8192)
def _compared(token: str) -> str:
    """The form edit distances are taken on: letter classes merged (see ``_CLASS_RULES``)."""
    for pattern, repl in _CLASS_RULES:
        token = pattern.sub(repl, token)
    return token.translate(_VOWEL_CLASSES)


def _skeleton(token: str) -> str:
    """Consonants only, doubles collapsed: a different consonant means a different name more
    often than a different vowel does (Akhmetova is not Akhmedova; Umarova is Omarova)."""
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", token))


def _gender(token: str) -> str | None:
    if len(token) < 5:
        return None
    if _FEMININE.search(token):
        return "f"
    if _MASCULINE.search(token):
        return "m"
    return None


# Token-pair kinds: a full match is evidence; an abbreviation (initial, shortened given name)
# only supports a full match elsewhere in the name.
_FULL, _ABBREV = "full", "abbrev"


@lru_cache(maxsize=65536)
def _token_score(q: str, c: str) -> tuple[float, str]:
    if len(q) == 1 or len(c) == 1:
        return (100.0 if q[0] == c[0] else 0.0), _ABBREV
    if q == c:
        return 100.0, _FULL
    gq, gc = _gender(q), _gender(c)
    if gq and gc and gq != gc:
        return 0.0, _FULL
    short, long_ = (q, c) if len(q) <= len(c) else (c, q)
    if len(short) >= _ABBREV_MIN and long_.startswith(short) and not _SURNAME_LIKE.search(long_):
        return 100.0, _ABBREV
    cq, cc = _compared(q), _compared(c)
    whole = Levenshtein.normalized_similarity(cq, cc)
    consonants = Levenshtein.normalized_similarity(_skeleton(cq), _skeleton(cc))
    return 100.0 * min(whole, consonants), _FULL


@lru_cache(maxsize=65536)
def _similarity(q_tokens: tuple[str, ...], c_tokens: tuple[str, ...]) -> float:
    """Best one-to-one pairing of query tokens with candidate tokens, scored by its weakest pair.

    Initials and patronymics of the query (in names of 3+ tokens) are optional: they may stay
    unpaired, but only when every candidate token is already paired ("Сизинцев С.В." matches
    "Sergey Sizintsev"; "A. Sizintsev" does not). At least one pair must be a full-token match.
    """
    q_tokens, c_tokens = q_tokens[:_MAX_TOKENS], c_tokens[:_MAX_TOKENS]
    if not q_tokens or not c_tokens:
        return 0.0
    scores = [[_token_score(q, c) for c in c_tokens] for q in q_tokens]
    optional = [len(q) == 1 or (len(q_tokens) >= 3 and _is_patronymic(q)) for q in q_tokens]
    all_used = (1 << len(c_tokens)) - 1

    @cache
    def best(i: int, used: int, has_full: bool, skipped: bool) -> float:
        # Highest weakest-pair score reachable from query token i on; -1 if none is valid.
        if i == len(q_tokens):
            return 100.0 if has_full and (not skipped or used == all_used) else -1.0
        result = -1.0
        for j, (score, kind) in enumerate(scores[i]):
            if used & (1 << j):
                continue
            rest = best(i + 1, used | (1 << j), has_full or kind == _FULL, skipped)
            if rest >= 0:
                result = max(result, min(score, rest))
        if optional[i]:
            result = max(result, best(i + 1, used, has_full, True))
        return result

    return max(best(0, 0, False, False), 0.0)


def name_similarity(query: str, candidate: str) -> float:
    """Return how well ``query`` matches one stored name or alias, from 0 to 100.

    Every query token must pair with a different candidate token, in any order, so
    "Sizintsev Sergey" matches "Sergey Sizintsev" and a lone surname matches a full name, but
    "Aiman Omarova" does not match the bare alias "Omarova". The result is the weakest pair's
    score: normalised Levenshtein similarity of the phonetic tokens (and of their consonants).
    An initial ("S.") or a shortened given name ("Bota") pairs with a token it begins, provided
    another pair is a full-token match. The masculine and feminine forms of a Russian surname
    (Omarov/Omarova) never pair: they name different people.
    """
    return _similarity(normalise_tokens(query), normalise_tokens(candidate))


def names_match(query: str, candidate: str) -> bool:
    """True when ``--person query`` finds ``candidate`` (similarity >= MATCH_THRESHOLD)."""
    return name_similarity(query, candidate) >= MATCH_THRESHOLD


def similar_but_different(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` match (either way round) but do not fold equal.

    ``validate`` warns on such pairs in different people entries: probably one person spelled
    two ways, which ``people`` does not merge on its own. A surname against a full name
    ("Sizentsev", "Sergey Sizintsev") counts: a ``--person`` search for one finds the other.
    """
    if fold_name(a) == fold_name(b):
        return False
    return names_match(a, b) or names_match(b, a)


def search_keys(name: str) -> list[str]:
    """Return the strings a full-text index stores for ``name`` to pre-select candidates.

    For each token of two letters or more: the normalised token, the first three letters of its
    compared form and its consonant skeleton (keys shorter than two letters are left out). All
    keys are lower-case ASCII letters and digits, safe for an FTS5 ``unicode61`` column.

    Use: store the keys of every name and alias in a dedicated index column; for a query, select
    the rows matching ANY of ``search_keys(query)`` (an OR query), then confirm each selected
    name with :func:`names_match`. Keys over-select on purpose and never decide a match; a pair
    that :func:`names_match` accepts shares at least one key whenever its best-matching tokens
    have skeletons of fewer than seven consonants or agree on their first three letters.
    """
    keys: list[str] = []
    for token in normalise_tokens(name):
        if len(token) < 2:
            continue
        compared = _compared(token)
        for key in (token, compared[:3], _skeleton(compared)):
            if len(key) >= 2 and key not in keys:
                keys.append(key)
    return keys
