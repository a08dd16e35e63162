"""The site is public whatever the flags: every byte of ``OUT`` is searched for confidential names.

The data set is the corpus of the ``--public`` audit (:mod:`hostile.name_forms`): three
confidential people (Latin only, Cyrillic only, both), a fully confidential record, and public
records that mention the people in every field, in every form that ever leaked (inflected,
glued, in URLs, percent-encoded, punycode, with invisible characters). The site is built with
every flag that could widen it; then every file of ``OUT`` (pages, feed, search index, style
and scripts; decompressed if gzipped) is decoded as a reader could decode it and must hold no
planted form, no word of a confidential name and nothing of the confidential record.
"""

from __future__ import annotations

import gzip

import pytest

from hostile.name_forms import (
    PLANTED,
    PUBLIC_PERSON,
    find_any,
    hidden_needles,
    name_words,
    views,
    write_corpus,
)
from incidentctl.testing import Dataset

pytestmark = pytest.mark.slow  # the corpus and a real build


@pytest.fixture(scope="module")
def site_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, ...]]:
    root = tmp_path_factory.mktemp("corpus") / "data-set"
    write_corpus(root)
    out = root.parent / "public"
    result = Dataset(root).run("site", str(out), "--public", "--withdrawn")
    assert result.exit_code == 0, result.stderr
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        files[str(path.relative_to(out))] = views(data.decode("utf-8", "replace"))
    files["(stderr)"] = views(result.stderr)
    files["(file names)"] = views(" ".join(str(p.relative_to(out)) for p in out.rglob("*")))
    return files


def test_the_site_shows_the_public_records(site_files: dict[str, tuple[str, ...]]) -> None:
    """The control: the public person named in every public record is on the site and in the
    search index, so the audit reads real content."""
    public = " " + " ".join(PUBLIC_PERSON.lower().split()) + " "
    pages = [views for name, views in site_files.items() if name.startswith("incidents/")]
    assert len(pages) > 5 and all(any(public in view for view in page) for page in pages)
    index = site_files["assets/search-index.js"]  # lunr's terms: one word each, sorted
    assert all(any(f" {w} " in v for v in index) for w in PUBLIC_PERSON.lower().split())


@pytest.mark.parametrize("form", PLANTED, ids=lambda p: f"{p.marker}-{p.category}-{p.field}")
def test_no_planted_form_reaches_the_site(
    form: object, site_files: dict[str, tuple[str, ...]]
) -> None:
    leaks = {name: x for name, decoded in site_files.items() if (x := form.found_in(decoded))}  # type: ignore[attr-defined]
    assert not leaks, leaks


def test_no_word_of_a_confidential_name_and_nothing_of_the_confidential_record(
    site_files: dict[str, tuple[str, ...]],
) -> None:
    words = (*name_words(), *hidden_needles())
    leaks = {name: x for name, decoded in site_files.items() if (x := find_any(words, decoded))}
    assert not leaks, leaks


def test_the_audit_finds_a_name_when_it_is_there() -> None:
    """The audit's own check finds a name when it is there (it could otherwise pass vacuously)."""
    assert find_any(name_words(), views("<p>Айман Омарова</p>"))
