"""The file store: root discovery, canonical writing, comment-keeping edits, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml as pyyaml

from incidentctl.errors import RootNotFoundError
from incidentctl.files.parse import parse_record_text
from incidentctl.files.store import Store, find_root, write_atomic
from incidentctl.ops import edit as records
from incidentctl.testing import Dataset, sample_record


def test_root_is_found_by_option_env_or_walking_up(
    incidentctl_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = incidentctl_dataset.incidents / "2019"
    deep.mkdir()
    assert find_root(cwd=deep) == incidentctl_dataset.root
    monkeypatch.setenv("INCIDENTCTL_ROOT", str(incidentctl_dataset.root))
    assert find_root(cwd=tmp_path) == incidentctl_dataset.root
    assert find_root(str(incidentctl_dataset.root), cwd=tmp_path) == incidentctl_dataset.root
    monkeypatch.delenv("INCIDENTCTL_ROOT")
    with pytest.raises(RootNotFoundError, match="no incidentctl data set"):
        find_root(cwd=tmp_path)
    with pytest.raises(RootNotFoundError, match="not an incidentctl data set"):
        find_root(str(tmp_path))


def test_canonical_file_layout(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add(
        countries=["NO"], tags=["yes", "1e3", "0123"], summary="One.\nTwo."
    )
    path = Store(incidentctl_dataset.root).find(rid)
    text = path.read_text(encoding="utf-8")
    assert path.parent.name == "2019"
    assert text.startswith(f'id: "{rid}"\ntitle: ')
    assert 'date: "2019-05-21"\n' in text
    assert 'countries:\n  - "NO"\n' in text
    assert "summary: |\n  One.\n  Two.\n" in text
    assert "\r" not in text
    # Every YAML 1.1 reader sees plain strings: NO stays "NO", no dates, no numbers.
    data = pyyaml.safe_load(text)
    assert data["countries"] == ["NO"]
    assert data["tags"] == ["yes", "1e3", "0123"]
    assert data["date"] == "2019-05-21" and isinstance(data["recorded"], str)


def test_formatting_a_canonical_file_changes_no_byte(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add(
        people=[{"name": "Айман Омарова", "aliases": ["Aiman Omarova"], "confidential": True}]
    )
    text = Store(incidentctl_dataset.root).find(rid).read_text(encoding="utf-8")
    assert records.format_text(text, "x") == text


def test_fmt_canonicalises_key_order_and_quoting_but_keeps_comments(
    incidentctl_dataset: Dataset,
) -> None:
    rid = incidentctl_dataset.add()
    path = Store(incidentctl_dataset.root).find(rid)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # Hand-written: unquoted values, status moved to the top, a comment.
    messy = "# reviewed by AB\n" + "".join(lines).replace('status: "ongoing"\n', "").replace(
        f'id: "{rid}"\n', f"status: ongoing  # check\nid: {rid}\n"
    )
    canonical = records.format_text(messy, "x")
    assert "# reviewed by AB" in canonical
    assert 'status: "ongoing"  # check' in canonical or 'status: "ongoing" # check' in canonical
    assert canonical.index("id:") < canonical.index("status:") < canonical.index("summary:")
    assert records.format_text(canonical, "x") == canonical


def test_edit_keeps_comments_and_changes_one_line(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    store = Store(incidentctl_dataset.root)
    path = store.find(rid)
    original = path.read_text(encoding="utf-8")
    commented = original.replace(
        'status: "ongoing"', 'status: "ongoing" # per ICJ, June 2019'
    ).replace("sources:\n", "# two more sources pending\nsources:\n")
    path.write_text(commented, encoding="utf-8")
    loaded = store.load(rid)
    changed = loaded.record.model_copy(update={"status": "concluded"})
    records.save_edit(store, changed, loaded.path, loaded.text)
    after = path.read_text(encoding="utf-8")
    diff = [
        (a, b) for a, b in zip(commented.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert diff == [
        ('status: "ongoing" # per ICJ, June 2019', 'status: "concluded" # per ICJ, June 2019')
    ]
    assert "# two more sources pending" in after


def test_changing_the_year_moves_the_file_and_keeps_the_id(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    store = Store(incidentctl_dataset.root)
    loaded = store.load(rid)
    moved = loaded.record.model_copy(
        update={
            "date": parse_record_text(
                loaded.text.replace('date: "2019-05-21"', 'date: "2020-01"'), "x"
            ).date
        }
    )
    new_path = records.save_edit(store, moved, loaded.path, loaded.text)
    assert new_path == incidentctl_dataset.incidents / "2020" / f"{rid}.yaml"
    assert not loaded.path.exists()
    assert store.load(rid).record.id == rid


def test_id_clash_gets_a_suffix_and_never_overwrites(incidentctl_dataset: Dataset) -> None:
    first = incidentctl_dataset.add()
    before = Store(incidentctl_dataset.root).find(first).read_bytes()
    second = incidentctl_dataset.add(summary="A different incident with the same title.")
    assert second == f"{first}-2"
    assert Store(incidentctl_dataset.root).find(first).read_bytes() == before


def test_a_clash_renders_the_record_once_whatever_ids_are_taken(
    incidentctl_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression: add rendered the record once per id it tried, so the 30th record of one
    # title cost 30 renders (150 adds of one title took minutes of CPU).
    first = incidentctl_dataset.add()
    for _ in range(29):
        incidentctl_dataset.add()
    rendered: list[str] = []
    render = records.render
    monkeypatch.setattr(
        records, "render", lambda record: rendered.append(record.id) or render(record)
    )
    record, _ = records.add(Store(incidentctl_dataset.root), sample_record())
    assert record.id == f"{first}-31"
    assert rendered == [record.id]


def test_given_id_that_exists_is_refused(incidentctl_dataset: Dataset) -> None:
    from incidentctl.errors import RecordError

    rid = incidentctl_dataset.add()
    with pytest.raises(RecordError, match="already used"):
        records.add(Store(incidentctl_dataset.root), {**sample_record(), "id": rid})


def test_atomic_write_leaves_old_content_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "r.yaml"
    target.write_text("old\n", encoding="utf-8")

    class Boom(str):
        def encode(self, *args: object, **kwargs: object) -> bytes:  # a failure mid-write
            raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomic(target, Boom("new"))
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]  # no temporary file left behind


def test_exclusive_write_refuses_an_existing_name(tmp_path: Path) -> None:
    target = tmp_path / "r.yaml"
    target.write_text("first\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_atomic(target, "second\n", exclusive=True)
    assert target.read_text(encoding="utf-8") == "first\n"
    assert len(os.listdir(tmp_path)) == 1


def test_ids_are_slugs_of_any_script() -> None:
    from incidentctl.record.ids import make_id, slugify

    assert (
        make_id("2019-05-21", "KZ", "Адвоката лишили лицензии")
        == "2019-05-21-kz-advokata-lishili-litsenzii"
    )
    assert (
        slugify("L'avocate kazakhe bénéficie d'un non-lieu")
        == "lavocate-kazakhe-beneficie-dun-non-lieu"
    )
    assert len(slugify("word " * 100)) <= 48


def test_exclusive_write_without_hard_links_still_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def no_links(
        src: object, dst: object
    ) -> None:  # a file system without hard links (FAT, some NFS)
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "r.yaml"
    write_atomic(target, "first\n", exclusive=True)
    assert target.read_text(encoding="utf-8") == "first\n"
    with pytest.raises(FileExistsError):
        write_atomic(target, "second\n", exclusive=True)
    assert target.read_text(encoding="utf-8") == "first\n"
    assert os.listdir(tmp_path) == ["r.yaml"]


@pytest.mark.parametrize("moved", ["status", "countries"])
def test_fmt_moves_a_full_line_comment_with_its_key(
    incidentctl_dataset: Dataset, moved: str
) -> None:
    """A ``# comment`` line above a key out of canonical order travels with that key."""
    rid = incidentctl_dataset.add()
    path = Store(incidentctl_dataset.root).find(rid)
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n{moved}:") + 1
    end = next(i + 1 for i in range(start, len(text)) if text[i] == "\n" and text[i + 1] != " ")
    block = text[start:end]
    # The key, with a comment line above it, moved to just after the id.
    messy = text.replace(block, "").replace("\n", f"\n# about {moved}\n{block}", 1)
    assert messy.index("# about") < messy.index("title:")
    path.write_text(messy, encoding="utf-8")
    result = incidentctl_dataset.invoke("fmt")
    assert result.exit_code == 0, result.output
    formatted = path.read_text(encoding="utf-8")
    assert f"# about {moved}\n{moved}:" in formatted
    assert formatted.replace(f"# about {moved}\n", "") == text
    again = incidentctl_dataset.invoke("fmt")
    assert again.exit_code == 0, again.output
    assert path.read_text(encoding="utf-8") == formatted


def test_fmt_shared_with_worker_processes_does_what_one_process_does(
    incidentctl_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker pool (real processes, chunks of two) reports and writes as one process does."""
    from incidentctl import pool
    from incidentctl.ops.fmt import format_files

    for n in range(5):
        incidentctl_dataset.add(title=f"Lawyer number {n} detained")
    files = incidentctl_dataset.files()
    for path in files[:3]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('status: "ongoing"', "status: ongoing"), encoding="utf-8")
    (files[0].parent / "2019-kz-invalid.yaml").write_text('id: "2019-kz-invalid"\n', "utf-8")
    store = Store(incidentctl_dataset.root)
    alone = format_files(store, None, write=False)
    monkeypatch.setattr(pool, "POOL_MIN", 1)
    monkeypatch.setattr(pool, "CHUNK", 2)
    monkeypatch.setattr(pool, "usable_cpus", lambda: 2)
    shared = format_files(store, None, write=False)
    assert shared == alone and len(alone.changed) == 3 and alone.unchanged == 2
    assert len(alone.errors) >= 1
    written = format_files(store, None, write=True)
    assert written.changed == alone.changed
    assert format_files(store, None, write=False).changed == []


def test_the_listing_as_text_is_the_listing(incidentctl_dataset: Dataset) -> None:
    """``listing_text`` (validate's, without a ``Path`` per file) gives the same files in the
    same order and the same skipped entries as ``listing``, strays and symlinks included."""
    root = incidentctl_dataset.root
    incidents = root / "data" / "incidents"
    for name in ("2019/b.yaml", "2019/a.yaml", "2020/c.yml", "2003/d.yaml", "2003/.e.yaml"):
        (incidents / name).parent.mkdir(parents=True, exist_ok=True)
        (incidents / name).write_text("id: x\n", encoding="utf-8")
    (incidents / "2019" / "link.yaml").symlink_to(incidents / "2019" / "a.yaml")
    (incidents / "stray.yaml").write_text("id: stray\n", encoding="utf-8")
    (incidents / "2001").mkdir()
    (incidents / "2001" / "folder.yaml").mkdir()
    for store in (Store(root), Store(Path(os.path.relpath(root)))):
        listing = store.listing()
        files, skipped = store.listing_text()
        assert files == [str(p) for p in listing.files] and len(files) >= 4
        assert skipped == listing.skipped and len(skipped) == 3


def test_paths_for_a_batch_is_path_for_of_each_and_refuses_what_it_refuses(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    """The batch form (import) looks at each year folder once: the same paths, and the same
    refusals, whichever record of the batch names the symlinked folder or the bad id."""
    from incidentctl.errors import IncidentctlError

    store = Store(incidentctl_dataset.root)
    keys = [(f"rec-{n:03d}", 2000 + n % 7) for n in range(40)]
    assert store.paths_for(keys) == [store.path_for(i, y) for i, y in keys]
    assert store.paths_for([]) == []
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (incidentctl_dataset.incidents / "2031").symlink_to(outside, target_is_directory=True)
    with pytest.raises(IncidentctlError, match="2031 is a symlink"):
        store.paths_for([*keys, ("late-one", 2031)])
    with pytest.raises(IncidentctlError, match="'Bad Id' is not a valid record id"):
        store.paths_for([*keys, ("Bad Id", 2001)])
