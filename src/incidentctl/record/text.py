"""Characters that can take over a terminal: refused in record text, escaped on output.

Records come from anyone and ``incidentctl`` prints them to analysts' terminals. An escape
sequence in a title (OSC 52 writes the clipboard, OSC 8 hides a link, CSI moves the cursor)
or a BiDi override (which makes ``exe.txt`` read as ``txt.exe``) would act on the terminal
instead of showing. So text fields refuse them at input (:func:`check_text`), and every output
that can reach a terminal shows any that a hand-written file still holds as an escape
(:func:`escape_controls`).

Newline is text. Tab is allowed in multi-line text (summary, outcome, date note), where YAML
keeps it and it moves nothing but the cursor to the next tab stop; one-line fields refuse it
(it would split a tab-separated table cell).
"""

from __future__ import annotations

import re

# C0 but tab and newline, DEL, C1 (ESC is C0), and the BiDi embeddings, overrides and isolates.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
CONTROLS = re.compile(f"[{_CONTROL}]")
"""What :func:`escape_controls` escapes: everything refused but tab (harmless on output)."""
_REFUSED_MULTILINE = CONTROLS
_REFUSED_ONE_LINE = re.compile(f"[\t{_CONTROL}]")


def describe(char: str) -> str:
    """``U+001B (ESC)``-style words for a refused character."""
    names = {"\t": "tab", "\x1b": "ESC", "\x7f": "DEL", "\r": "carriage return"}
    point = ord(char)
    if 0x202A <= point <= 0x202E or 0x2066 <= point <= 0x2069:
        name = "a BiDi override"
    elif point >= 0x80:
        name = "a C1 control character"
    else:
        name = names.get(char, "a control character")
    return f"U+{point:04X} ({name})"


def _refuse(pattern: re.Pattern[str], value: str) -> str:
    found = pattern.search(value)
    if found is not None:
        raise ValueError(
            f"holds {describe(found.group())} at character {found.start() + 1}: control "
            "characters and BiDi overrides are not allowed in text (they act on terminals); "
            "remove it"
        )
    return value


def check_text(value: str) -> str:
    """Validator of multi-line text: refuse control characters but newline and tab."""
    return _refuse(_REFUSED_MULTILINE, value)


def check_one_line(value: str) -> str:
    """Validator of one-line text: refuse control characters, tab included."""
    return _refuse(_REFUSED_ONE_LINE, value)


def _escape(m: re.Match[str]) -> str:
    point = ord(m.group())
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def _escape_json(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def escape_controls(text: str) -> str:
    r"""``text`` with every character of :data:`CONTROLS` as an escape (``\x1b``, ``\u202e``)."""
    return CONTROLS.sub(_escape, text) if CONTROLS.search(text) else text


def escape_json(text: str) -> str:
    r"""JSON text with those characters as JSON escapes (``\u007f``): still the same JSON.

    ``json.dumps(ensure_ascii=False)`` escapes C0 itself but not DEL, C1 or BiDi controls;
    outside strings JSON holds none of them, so escaping the whole text keeps it valid.
    """
    return CONTROLS.sub(_escape_json, text) if CONTROLS.search(text) else text


_STYLE = re.compile(r"(\x1b\[[0-9;]*m)")


def escape_controls_but_style(text: str) -> str:
    """:func:`escape_controls`, leaving colour and style sequences (SGR) as they are: for a
    terminal stream that a library writes styled output to."""
    if not CONTROLS.search(text):
        return text
    parts = _STYLE.split(text)  # odd indexes: the style sequences
    return "".join(p if i % 2 else escape_controls(p) for i, p in enumerate(parts))
