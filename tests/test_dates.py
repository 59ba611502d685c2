"""Dates as editors write them: what is a date, at which precision, and what is not one."""
import dataclasses

import pytest

from checker.text.dates import PartialDate, find_dates, parse_date


@pytest.mark.parametrize("text, iso", [
    ("2025年12月31日", "2025-12-31"), ("2025-01-01", "2025-01-01"), ("二〇二五年十二月三十一日", "2025-12-31"),
    ("1800年1月", "1800-01"), ("2200.12.31", "2200-12-31"),
])
def test_the_last_day_and_month_are_dates(text, iso):
    assert parse_date(text).iso == iso


@pytest.mark.parametrize("text", [
    "2025年4月32日", "2025-04-32", "2025年13月1日", "2025-13-01", "2025.13.1", "二〇二五年十三月一日",
    "1799年4月", "2201-04-27", "0025-04-27", "2025年0月1日", "2025年4月0日",
])
def test_a_day_month_or_year_out_of_range_is_not_a_date(text):
    # A month or day out of range with the other parts right is no date either (not one of them).
    assert find_dates(text) == []


def test_a_month_out_of_range_does_not_fall_back_to_the_year():
    assert find_dates("见2025年13月号") == []


def test_two_dates_touching_end_to_start_are_both_found():
    # Offsets are half-open: a date ending where the next begins does not overlap it (a table
    # cell or a PDF line join can set them side by side).
    for text in ("二〇二五年五月一日2025年5月2日", "July 23, 20242024年7月24日", "2025年5月1日2025-05-02"):
        first, second = find_dates(text)
        assert first[2] == second[1] and first[0] != second[0], find_dates(text)


def test_a_date_is_a_value():
    # Shared: an inline citation borrows its list entry's date object; changing one in place
    # would change the other. A new date is made instead (check.resolve does).
    assert PartialDate(2025, 4, 27) == parse_date("2025 年 4 月 27 日")
    with pytest.raises(dataclasses.FrozenInstanceError):
        PartialDate(2025, 4, 27).year = 2026
    assert PartialDate(2025, 4).precision == "month" and PartialDate(2025).agrees(PartialDate(2025, 4, 27))
