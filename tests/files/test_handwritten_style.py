"""The benchmark generator's hand-written style: as people write YAML, the same records.

``benchmarks/generate.py --style handwritten`` writes the records of the canonical style with
plain scalars, flow lists, comments and either quoting; both must read to equal records (through
the reference reader and through the bulk reader), and the same seed must give the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from incidentctl.files.parse import parse_record_text
from incidentctl.files.reader import read_record
from incidentctl.files.store import Store


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in (root / "data/incidents").rglob("*.yaml")
    }


def test_both_styles_read_to_equal_records(generate: Any, tmp_path: Path) -> None:
    styles = {}
    for style in ("canonical", "handwritten", "handwritten"):
        out = tmp_path / style / str(len(styles))
        generate.generate(out, 30, seed=4, workers=1, verify_every=1, quiet=True, style=style)
        styles.setdefault(style, []).append(out)
    canonical = styles["canonical"][0]
    first, again = styles["handwritten"]
    hand_files, canonical_files = _files(first), _files(canonical)
    assert hand_files == _files(again)  # deterministic: same seed, same bytes
    assert hand_files.keys() == canonical_files.keys() and len(hand_files) == 30
    differ = [name for name in hand_files if hand_files[name] != canonical_files[name]]
    assert len(differ) == 30  # every file is written differently…
    texts = [raw.decode("utf-8") for raw in hand_files.values()]
    assert sum("# " in t for t in texts) >= 6 and sum(": [" in t for t in texts) >= 6
    assert sum("\ndate: 20" in t for t in texts) >= 6  # unquoted dates
    store_c, store_h = Store(canonical), Store(first)
    for name in hand_files:  # …and reads to the same record, by either reader
        expected = parse_record_text(canonical_files[name].decode("utf-8"), name)
        assert parse_record_text(hand_files[name].decode("utf-8"), name) == expected
        read_h, read_c = read_record(store_h, first / name), read_record(store_c, canonical / name)
        assert read_h.record == read_c.record == expected
