"""Shortcuts taken for speed give exactly the answers of the code they bypass."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentctl.files.store import read_limited
from incidentctl.files.yamlio import YamlProblem
from incidentctl.record import model
from incidentctl.record.text import CONTROLS


def _by_urlsplit(value: str) -> bool | str:
    """The web-address rule as written before the shortcut: urlsplit, scheme, host, spaces."""
    try:
        parts = urlsplit(value)
    except ValueError as exc:
        return f"ValueError: {exc}"
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not any(c.isspace() for c in value)
        and not CONTROLS.search(value)
    )


def _check(value: str) -> bool | str:
    try:
        model._check_url(value)
    except ValueError as exc:
        if "is not a web address" in str(exc) or "holds U+" in str(exc):  # record/text.py
            return False
        return f"ValueError: {exc}"
    return True


_URLISH = st.text(
    alphabet=st.sampled_from(
        [
            *list("abcHTP:/?#[]@%.-_~!$&'()*+,;=0123456789 \t\n"),
            "\x00",
            "\x7f",
            "\x85",
            "\xa0",
            "é",
            "Ж",
            "\u2028",
        ]
    ),
    max_size=30,
)


@pytest.mark.slow
@settings(max_examples=3000)
@given(
    head=st.sampled_from(["http://", "https://", "HTTP://", "http:/", "", "ftp://", "http://["]),
    tail=_URLISH,
)
def test_the_plain_url_shortcut_decides_as_urlsplit(head: str, tail: str) -> None:
    value = head + tail
    assert _check(value) == _by_urlsplit(value)


@pytest.mark.parametrize(
    "value",
    [
        "https://www.icj.org/example",
        "http://example.org",
        "https://host:8080/a?b=c#d",
        "https://user@host/path",
        "https:///nohost",
        "https://",
        "https://exa mple.org",
        "https://example.org/\u00a0",
        "HTTPS://EXAMPLE.ORG",
        "https://[::1]/",
        "https://[::1/",
        "https://bücher.example/",
        "mailto:someone@example.org",
        " https://example.org",
    ],
)
def test_urls_of_every_kind(value: str) -> None:
    assert _check(value) == _by_urlsplit(value)


def test_reading_a_file_reads_it_whole_and_refuses_a_symlink(tmp_path) -> None:
    small = tmp_path / "a.yaml"
    small.write_bytes(b"x" * 10)
    assert read_limited(small) == b"x" * 10
    big = tmp_path / "b.yaml"
    big.write_bytes(b"y" * 300_000)  # more than one read of the first size asked for
    assert read_limited(big) == b"y" * 300_000
    empty = tmp_path / "c.yaml"
    empty.write_bytes(b"")
    assert read_limited(empty) == b""
    link = tmp_path / "d.yaml"
    link.symlink_to(small)
    with pytest.raises(YamlProblem, match="symlink"):
        read_limited(link)
    with pytest.raises(YamlProblem, match="too large"):
        read_limited(big, limit=1000)
