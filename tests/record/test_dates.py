"""Partial dates: precision kept, never invented; order; day ranges."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentctl.record.dates import DateInputError, PartialDate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("April 2019", "2019-04"),
        ("22 September 2023", "2023-09-22"),
        ("5 June 2019", "2019-06-05"),
        ("June 5, 2019", "2019-06-05"),
        ("2019", "2019"),
        ("2019-04", "2019-04"),
        ("2019-04-26", "2019-04-26"),
        ("Sept 2019", "2019-09"),
    ],
)
def test_natural_and_iso_input_keep_their_precision(text: str, expected: str) -> None:
    assert str(PartialDate.parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("September 22", "no year"),
        ("2019-02-30", "no day 30"),
        ("30 February 2019", "does not exist"),
        ("2019-13", "month 13"),
        ("not a date", "not a date I can read"),
        ("5 June 2019 14:00", "time of day"),
    ],
)
def test_input_that_would_need_a_guess_is_refused(text: str, words: str) -> None:
    with pytest.raises(DateInputError, match=words):
        PartialDate.parse(text)


def test_missing_components_are_never_filled_from_today() -> None:
    # "June 2019" must not become today's day of June.
    parsed = PartialDate.parse("June 2019")
    assert parsed.day is None
    assert parsed.precision == "month"


def test_ranges_cover_the_whole_period() -> None:
    assert PartialDate.parse("2019").start() == dt.date(2019, 1, 1)
    assert PartialDate.parse("2019").end() == dt.date(2019, 12, 31)
    assert PartialDate.parse("2020-02").end() == dt.date(2020, 2, 29)
    assert PartialDate.parse("2019-02").end() == dt.date(2019, 2, 28)
    day = PartialDate.parse("2019-05-21")
    assert day.start() == day.end() == dt.date(2019, 5, 21)


def test_coarser_dates_sort_first_on_a_tie() -> None:
    dates = [PartialDate.parse(t) for t in ("2019-01-01", "2019-01", "2019", "2018-12-31")]
    assert [str(d) for d in sorted(dates)] == ["2018-12-31", "2019", "2019-01", "2019-01-01"]


partial_dates = st.builds(
    lambda d, precision: PartialDate(
        d.year, d.month if precision > 0 else None, d.day if precision > 1 else None
    ),
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.integers(0, 2),
)


@given(partial_dates)
def test_format_then_parse_is_identity(value: PartialDate) -> None:
    assert PartialDate.parse_iso(str(value)) == value
    assert PartialDate.parse(str(value)) == value


@given(partial_dates, partial_dates)
def test_order_is_string_order_and_follows_first_day(a: PartialDate, b: PartialDate) -> None:
    assert (a < b) == (str(a) < str(b))
    if a.start() < b.start():
        assert a < b


@given(partial_dates)
def test_start_is_never_after_end(value: PartialDate) -> None:
    assert value.start() <= value.end()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05.06.2019", "2019-06-05"),  # day-first: 5 June, never 6 May
        ("5.6.2019", "2019-06-05"),
        ("06.2019", "2019-06"),
        ("05.06.2019 г.", "2019-06-05"),
        ("2019/06/05", "2019-06-05"),
        ("13/06/2019", "2019-06-13"),
        ("06/13/2019", "2019-06-13"),
        ("05/05/2019", "2019-05-05"),
        ("июнь 2019", "2019-06"),
        ("5 июня 2019", "2019-06-05"),
        ("5 июня 2019 г.", "2019-06-05"),
        ("сент. 2019", "2019-09"),
        ("маусым 2019", "2019-06"),
        ("5 Маусым 2019", "2019-06-05"),
        ("5 juin 2019", "2019-06-05"),
        ("1er février 2019", "2019-02-01"),
        ("5 fevrier 2019", "2019-02-05"),
        ("5. Juni 2019", "2019-06-05"),
        ("März 2019", "2019-03"),
        ("Dez. 2019", "2019-12"),
    ],
)
def test_dates_in_the_sources_languages(text: str, expected: str) -> None:
    assert str(PartialDate.parse(text)) == expected


def test_a_month_name_keeps_month_precision_in_every_language() -> None:
    for text in ("июнь 2019", "маусым 2019", "juin 2019", "Juni 2019", "June 2019"):
        assert PartialDate.parse(text).precision == "month"


def test_every_month_name_of_the_locale_data_is_read() -> None:
    from babel import Locale

    from incidentctl.record.dates import MONTH_LOCALES

    for code in MONTH_LOCALES:
        months = Locale.parse(code).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    assert PartialDate.parse(f"{name} 2019") == PartialDate(2019, number), name
                    assert PartialDate.parse(f"7 {name.upper()} 2019") == PartialDate(
                        2019, number, 7
                    )


def test_an_ambiguous_slashed_date_names_both_readings() -> None:
    with pytest.raises(DateInputError) as caught:
        PartialDate.parse("05/06/2019")
    message = str(caught.value)
    assert "5 June 2019" in message and "6 May 2019" in message
    assert "2019-06-05" in message and "2019-05-06" in message


def test_a_weekday_before_the_date_is_read_in_every_language() -> None:
    for text in ("вторник, 5 июня 2019", "mardi 5 juin 2019", "Dienstag, 5. Juni 2019"):
        assert PartialDate.parse(text) == PartialDate(2019, 6, 5), text
    assert PartialDate.parse("Tuesday, June 5, 2019") == PartialDate(2019, 6, 5)


@pytest.mark.parametrize(
    "text",
    ["1.2.3", "05.13.2019", "32.01.2019", "5 June 19", "Tuesday 05.06.2019", "Tuesday 5 6 2019"],
)
def test_numbers_that_are_no_date_are_refused(text: str) -> None:
    with pytest.raises(DateInputError):
        PartialDate.parse(text)


_PARTIAL = st.builds(
    lambda d, precision: PartialDate(
        d.year, d.month if precision != "year" else None, d.day if precision == "day" else None
    ),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.sampled_from(["year", "month", "day"]),
)


@given(_PARTIAL, st.none() | _PARTIAL)
def test_an_events_days_run_from_its_date_to_its_end_and_every_reader_agrees(
    date: PartialDate, end: PartialDate | None
) -> None:
    """One rule (``PartialDate.span``) for the filters, the report, the SDG count and the
    exports: from the first day of ``date`` to the last day of ``end_date`` (of ``date``
    without one), not to the end of ``date`` when the end came earlier."""
    from incidentctl.ops.tables import _span
    from incidentctl.views.report import data_period

    if end is not None and end.end() < date.start():
        end = None  # the model refuses an end before the date
    first, last = date.span(end)
    assert first == date.start()
    assert last == (end.end() if end is not None else date.end())
    data = {"date": str(date), **({"end_date": str(end)} if end is not None else {})}
    assert data_period(data) == (first, last)
    assert PartialDate.span_iso(str(date), str(end) if end else None) == (first, last)
    assert _span(str(date), str(end) if end else None) == {"date_start": first, "date_end": last}


def test_a_year_that_ended_in_may_is_over_by_june() -> None:
    year, end = PartialDate(2019, None, None), PartialDate(2019, 5, 21)
    assert year.span(end) == (dt.date(2019, 1, 1), dt.date(2019, 5, 21))
    assert year.span() == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
