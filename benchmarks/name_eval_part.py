"""Add a blind part to the name-matching evaluation (tests/data/name_eval.yaml; issue 13).

Collectors who never see the rules write one YAML file each (``persons`` with ``variants`` and
``seen`` citations, ``distractors`` with ``near``). The lead writes the part's decisions before
reading any of it (tests/data/name_eval-heldout-N.md); this script applies those that are
mechanical, applies the lead's reading (``--drop`` files) for the rest, prints reading aids
(names close to the set's, read by a person, never scored by the matcher) and appends the kept
entries as ``part: heldout``. It never imports the matcher: the only fold it uses is
``fold_name``'s definition (anyascii, lower case, punctuation collapsed), restated here so that
a change of the rules cannot change what a part holds.

    python benchmarks/name_eval_part.py a.yaml b.yaml ... --log convert.log          # dry run
    python benchmarks/name_eval_part.py a.yaml ... --drop read.yaml --write          # append
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from anyascii import anyascii
from rapidfuzz import fuzz
from ruamel.yaml import YAML

EVAL_FILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "name_eval.yaml"
_APOSTROPHES = re.compile(r"['’ʼʻ`´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
REGION_SCRIPTS = ("LATIN", "CYRILLIC", "GEORGIAN", "ARMENIAN")
_WORD = re.compile(r"[^\s.]+")  # "А.Данилевич" is an initial and a surname: two words
CLOSE = 85  # token_sort_ratio of folded names at which a pair is read by the lead


def fold(name: str) -> str:
    """``record.names.fold_name`` as defined when the decisions were written."""
    text = _APOSTROPHES.sub("", anyascii(name).lower())
    return _NON_ALNUM.sub(" ", text).strip()


def in_region_script(text: str) -> bool:
    """Decision 8: every letter is Latin, Cyrillic, Georgian or Armenian (SPEC §8)."""
    return all(unicodedata.name(ch, "").startswith(REGION_SCRIPTS) for ch in text if ch.isalpha())


@dataclass
class Part:
    """What a part keeps, and why each thing it does not keep was dropped."""

    persons: list[dict[str, Any]] = field(default_factory=list)
    distractors: list[dict[str, Any]] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def drop(self, where: str, what: str, why: str) -> None:
        self.log.append(f"{where}: {what}: {why}")


def _cited(entry: dict[str, Any], text: str) -> dict[str, str] | None:
    """Decision 4: the citation of ``text`` (exact, or a longer published text holding it)."""
    seen = [s for s in entry.get("seen") or [] if s.get("source") and s.get("url")]
    for s in seen:
        if str(s.get("text", "")).strip() == text:
            return {"text": text, "source": str(s["source"]), "url": str(s["url"])}
    for s in seen:
        if text in str(s.get("text", "")):
            return {"text": text, "source": str(s["source"]), "url": str(s["url"])}
    return None


def _spellings(entry: dict[str, Any]) -> list[str]:
    return [str(entry["name"]), *(str(v) for v in entry.get("variants") or [])]


def build(
    files: Iterable[Path],
    existing: dict[str, Any],
    read_drops: dict[str, Any],
    blind: str = "",
) -> Part:
    """Apply decisions 2-8 to the collectors' files, in file order (decision 5: first kept)."""
    part = Part()
    set_person = {fold(s): p["name"] for p in existing["persons"] for s in _spellings(p)}
    set_near = {fold(d["name"]): d for d in existing["distractors"]}
    kept: dict[str, dict[str, Any]] = {}  # folded spelling -> new person
    raw_near: list[tuple[str, dict[str, Any]]] = []
    drop_persons, drop_near = read_drops.get("persons", {}), read_drops.get("near", {})
    drop_variants: dict[str, dict[str, str]] = read_drops.get("variants", {})
    for path in files:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
        where = path.name
        for entry in data.get("persons") or []:
            name = str(entry["name"]).strip()
            if name in drop_persons:
                part.drop(where, name, f"{drop_persons[name]} (decision 5, by reading)")
                continue
            folded = [fold(s) for s in _spellings(entry)]
            hit = next((set_person[f] for f in folded if f in set_person), None)
            if hit is not None:
                part.drop(where, name, f"already in the set as {hit} (decision 5)")
                continue
            near = next((set_near[f] for f in folded if f in set_near), None)
            if near is not None:
                part.drop(
                    where, name, f"the set's near miss {near['name']} (of {near['near']}) (5b)"
                )
                continue
            own = _cited(entry, name)
            variants: list[str] = []
            cites: list[dict[str, str]] = []
            for raw in entry.get("variants") or []:
                variant = str(raw).strip()
                why = None
                if variant in drop_variants.get(name, {}):
                    why = f"{drop_variants[name][variant]} (decision 1, by reading)"
                elif not in_region_script(variant):
                    why = "a script outside the region (decision 8)"
                elif len(_WORD.findall(variant)) < 2:
                    why = "one word (decision 2)"
                elif variant == name or variant in variants:
                    why = "a duplicate (decision 3)"
                elif (cited := _cited(entry, variant)) is None:
                    why = "no citation (decision 4)"
                if why:
                    part.drop(where, f"{name}: variant {variant!r}", why)
                    continue
                variants.append(variant)
                cites.append(cited)  # type: ignore[arg-type]  # set when why is None
            twin = next((kept[f] for f in folded if f in kept), None)
            if twin is not None:  # collected twice: kept once, variants united (decision 5)
                for variant, citation in zip(variants, cites, strict=True):
                    if variant not in twin["variants"] and variant != twin["name"]:
                        twin["variants"].append(variant)
                        twin["seen"].append(citation)
                part.drop(where, name, f"collected twice: united with {twin['name']} (5)")
                continue
            person: dict[str, Any] = {
                "name": name,
                "country": str(entry.get("country", "")).upper(),
                "part": "heldout",
                **({"blind": blind} if blind else {}),
                "variants": variants,
                "seen": ([own] if own else []) + cites,
            }
            for f in folded:
                kept.setdefault(f, person)
            part.persons.append(person)
        for entry in data.get("distractors") or []:
            raw_near.append((where, entry))
    persons: list[dict[str, Any]] = []
    for person in part.persons:
        if len(person["variants"]) < 2:
            part.drop("-", person["name"], "fewer than 2 variants left (decision 6)")
        elif all(fold(v) == fold(person["name"]) for v in person["variants"]):
            part.drop("-", person["name"], "every variant folds to the name (decision 6)")
        else:
            persons.append(person)
    part.persons = persons
    by_name = {p["name"]: p for p in persons}
    every_spelling = set(set_person) | {fold(s) for p in persons for s in _spellings(p)}
    near_seen = set(set_near)
    for where, entry in raw_near:
        name, near = str(entry["name"]).strip(), str(entry.get("near", "")).strip()
        why = None
        if name in drop_near:
            why = f"{drop_near[name]} (decision 7, by reading)"
        elif near not in by_name:
            why = f"its near {near!r} is not a kept person (decision 7)"
        elif fold(name) in every_spelling:
            why = "folds equal to a person's spelling (decision 7)"
        elif fold(name) in near_seen:
            why = "already a near miss (decision 7)"
        elif not in_region_script(name):
            why = "a script outside the region (decision 8)"
        elif _cited(entry, name) is None:
            why = "no citation (decision 4)"
        if why:
            part.drop(where, f"near miss {name}", why)
            continue
        near_seen.add(fold(name))
        distractor: dict[str, Any] = {"name": name, "near": near, "kind": "real"}
        if entry.get("note"):
            distractor["note"] = str(entry["note"])
        distractor["part"] = "heldout"
        if blind:
            distractor["blind"] = blind
        distractor["seen"] = [_cited(entry, name)]
        part.distractors.append(distractor)
    return part


def reading_aids(part: Part, existing: dict[str, Any]) -> list[str]:
    """Pairs the lead reads for decisions 5 and 7: new persons close to the set's persons and
    near misses, and new near misses close to their own ``near``."""
    old = [(fold(p["name"]), p["name"], "person") for p in existing["persons"]]
    old += [(fold(d["name"]), d["name"], "near miss") for d in existing["distractors"]]
    lines = []
    for person in part.persons:
        mine = {fold(s) for s in _spellings(person)}
        for folded, other, kind in old:
            if any(fuzz.token_sort_ratio(m, folded) >= CLOSE for m in mine):
                lines.append(f"read (5): {person['name']} ~ set {kind} {other}")
    for d in part.distractors:
        score = fuzz.token_sort_ratio(fold(d["name"]), fold(d["near"]))
        lines.append(f"read (7): near miss {d['name']} of {d['near']} ({score:.0f})")
    return lines


def _dump(entries: list[dict[str, Any]]) -> str:
    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    out = StringIO()
    yaml.dump(entries, out)
    return out.getvalue()


def append(part: Part, eval_file: Path) -> None:
    """Persons before ``distractors:``, near misses at the end: the file's own layout."""
    text = eval_file.read_text(encoding="utf-8")
    head, sep, tail = text.partition("\ndistractors:\n")
    if not sep:
        raise SystemExit(f"{eval_file}: no 'distractors:' line")
    text = head.rstrip("\n") + "\n" + _dump(part.persons) + sep.lstrip("\n")
    text = text.rstrip("\n") + "\n" + tail.rstrip("\n") + "\n" + _dump(part.distractors)
    eval_file.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="+", type=Path, help="the collectors' files, in order")
    parser.add_argument(
        "--drop",
        type=Path,
        help="the lead's reading: persons/near: {name: why}; variants: {name: {variant: why}}",
    )
    parser.add_argument("--log", type=Path, help="write what was dropped and the reading aids")
    parser.add_argument("--write", action="store_true", help="append the part to the set")
    parser.add_argument("--eval-file", type=Path, default=EVAL_FILE)
    parser.add_argument("--blind", default="", help="the part's name, kept as `blind:` (heldout-8)")
    args = parser.parse_args(argv)
    existing = YAML(typ="safe").load(args.eval_file.read_text(encoding="utf-8"))
    drops = YAML(typ="safe").load(args.drop.read_text(encoding="utf-8")) if args.drop else {}
    part = build(args.files, existing, drops or {}, args.blind)
    spellings = sum(len(p["variants"]) for p in part.persons)
    total = len(existing["persons"]) + len(part.persons)
    summary = (
        f"kept {len(part.persons)} persons, {spellings} spellings, "
        f"{len(part.distractors)} near misses; {len(part.persons) / total:.1%} of {total} persons"
    )
    if args.log:
        lines = [summary, "", *part.log, "", *reading_aids(part, existing)]
        args.log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(summary, file=sys.stderr)
    if args.write:
        append(part, args.eval_file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
