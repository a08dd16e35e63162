"""Text garbled by a wrong encoding on its way through a spreadsheet, found before it is stored.

Two shapes reach ``import``:

- **UTF-8 read as Windows-1252** (a CSV without a byte-order mark double-clicked in
  Excel, then saved back): ``Сизинцев`` becomes ``Ð¡Ð¸Ð·Ð¸Ð½Ñ†ÐµÐ²``. ftfy's
  measured "badness" finds it and ``fix_encoding`` gives back the text it was.
- **Windows-1251 read as Windows-1252 or Latin-1** (a CSV saved in the Cyrillic
  legacy encoding, opened as western): ``Сизинцев`` becomes ``Ñèçèíöåâ``. ftfy does
  not look for it (every character is a plausible Latin-1 letter), so a small
  check does: a word of four or more letters all from Latin-1's accented range
  (À–ÿ), which no French, German or Kazakh-Latin word is, that re-encodes as
  Windows-1252 and reads as Cyrillic in Windows-1251.

A text is only refused when it turns into *different letters*: correct text is
never flagged because it contains accents (tested on the bundled data and on
ISO's country and language names in many languages).
"""

from __future__ import annotations

import re

_ACCENTED_WORD = re.compile(r"[À-ÿ]{4,}")
"""Four letters in a row from Latin-1's accented range: how Cyrillic in Windows-1251 looks
when read as Windows-1252 (``Ñåðãåé``)."""
_CYRILLIC = re.compile(r"[Ѐ-ӿ]")
_LIBREOFFICE_UNDEFINED = {0xF100 + byte: byte for byte in range(0x80, 0xA0)}
"""LibreOffice reads a byte Windows-1252 leaves undefined (0x81: the second byte of UTF-8
``с``) as U+F181; as the byte itself, ftfy can undo it."""


def garbled(text: str) -> str | None:
    """What ``text`` would have been if it is mojibake, else None."""
    if text.isascii():
        return None
    from ftfy import fix_encoding
    from ftfy.badness import is_bad

    if is_bad(text):
        fixed = fix_encoding(text.translate(_LIBREOFFICE_UNDEFINED))
        if fixed != text:
            return fixed
    return _cp1251_as_western(text)


def _cp1251_as_western(text: str) -> str | None:
    if not _ACCENTED_WORD.search(text):
        return None
    for western in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(western).decode("cp1251")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        words = _ACCENTED_WORD.findall(text)
        if all(_CYRILLIC.search(w.encode(western).decode("cp1251")) for w in words):
            return fixed
    return None


def legacy_reading(cell: str) -> str | None:
    """For a cell of a file read byte for byte as Latin-1: None if its bytes are UTF-8, else
    what it reads as in the legacy encoding it most likely is in (for the message)."""
    raw = cell.encode("latin-1")
    if raw.isascii():
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return None
    cyrillic = raw.decode("cp1251", errors="replace")
    if _CYRILLIC.search(cyrillic):
        return f"read as Windows-1251 (Cyrillic) it says '{cyrillic}'"
    return f"read as Windows-1252 (Western) it says '{raw.decode('cp1252', errors='replace')}'"


def excerpts(text: str, fixed: str, width: int = 40) -> tuple[str, str]:
    """The garbled part of a long text and what it was, from the word where they differ:
    a message quoting a whole summary twice would hide the point."""
    start = 0
    while start < min(len(text), len(fixed)) and text[start] == fixed[start]:
        start += 1
    start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1

    def cut(value: str) -> str:
        part = value[start:].split("\n", 1)[0]
        shown = part if len(part) <= width else part[:width] + "…"
        return ("…" if start else "") + shown

    return cut(text), cut(fixed)
