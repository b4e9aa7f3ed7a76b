"""Opening times as people write them (ecosystem.opening_times), read and written back the same."""

from datetime import time

import pytest

from ecosystem import opening_times
from ecosystem.models import Schedule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon 09:00-17:00", [("MO", time(9), time(17))]),
        ("monday 9:30 \u2013 12:00", [("MO", time(9, 30), time(12))]),
        ("Sat-Sun 10.00-16.00", [("SA", time(10), time(16)), ("SU", time(10), time(16))]),
        ("Weekdays 08:00-09:00", [(d, time(8), time(9)) for d in ["MO", "TU", "WE", "TH", "FR"]]),
        (
            "Tue 10:00 to 12:00; Thu 14:00-15:00",
            [("TU", time(10), time(12)), ("TH", time(14), time(15))],
        ),
        ("", []),
    ],
)
def test_it_reads_opening_times_written_in_common_ways(text, expected):
    assert opening_times.parse_opening_times(text) == expected


def test_opening_times_written_out_read_back_the_same():
    schedules = [
        Schedule(byday=day, opens_at=time(9), closes_at=time(17))
        for day in ["MO", "TU", "WE", "FR"]
    ] + [Schedule(byday="SA", opens_at=time(10), closes_at=time(13))]
    text = opening_times.format_opening_times(schedules)
    assert text == "Mon-Wed 09:00-17:00; Fri 09:00-17:00; Sat 10:00-13:00"
    assert opening_times.parse_opening_times(text) == [
        (s.byday, s.opens_at, s.closes_at) for s in schedules
    ]
