"""``--public`` at scale (views/namewindows.py): the token bound changes no withheld span on a
generated data set, whose small name pools make nearly every name word a candidate."""

from __future__ import annotations

from pathlib import Path

from incidentctl.files.reader import read_record
from incidentctl.files.store import Store
from incidentctl.views.namewindows import NameWindows
from incidentctl.views.privacy import Withholding


class _Unbounded(NameWindows):
    """The windows as before the bound: every window against every name its words point to."""

    def _fitting(self, window: str, names: frozenset[int]) -> frozenset[int]:
        return names


def test_the_bound_withholds_what_the_unbounded_windows_do(generated: Path) -> None:
    store = Store(generated)
    paths = sorted((generated / "data").rglob("*.yaml"))
    records = [r for r in (read_record(store, p).record for p in paths) if r is not None]
    withholding = Withholding.of_records(records)
    assert len(withholding.names) > 10
    public = [r for r in records if not r.confidential]
    texts = [r.id for r in public] + [r.title for r in public]
    texts += [s.title for r in public[:40] for s in r.sources if s.title]
    texts += [r.summary for r in public[:15] if r.summary]
    bounded, unbounded = NameWindows(withholding.names), _Unbounded(withholding.names)
    found = 0
    for text in texts:
        spans = bounded.spans(text)
        assert spans == unbounded.spans(text), text
        assert bounded.spans(text, first=True) == unbounded.spans(text, first=True), text
        found += bool(spans)
    assert found > 50  # the generated texts do name confidential people
